// The settings contract: package.json declares exactly the keys (and defaults) protocol/settings.ts knows,
// and normalizeSettings turns any input into valid settings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings, normalizeSettings, settingKeys } from '../../../server/src/protocol/settings';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; enum?: unknown[] }> } };
  activationEvents: string[];
};
const declared = manifest.contributes.configuration.properties;

describe('settings', () => {
  it('package.json declares every setting with the same default, and no others', () => {
    const keys = settingKeys();
    expect(Object.keys(declared).sort()).toEqual(Object.keys(keys).sort());
    for (const [key, value] of Object.entries(keys)) expect(declared[key].default, key).toEqual(value);
  });

  it('enum settings in package.json accept exactly what normalizeSettings accepts', () => {
    for (const value of declared['meshlens.istio.dataplaneMode'].enum ?? []) {
      expect(normalizeSettings({ istio: { dataplaneMode: value } }).istio.dataplaneMode).toBe(value);
    }
    for (const value of declared['meshlens.trace.server'].enum ?? []) {
      expect(normalizeSettings({ trace: { server: value } }).trace.server).toBe(value);
    }
  });

  it('bad values fall back to defaults; good ones are kept', () => {
    expect(normalizeSettings(undefined)).toEqual(defaultSettings);
    expect(normalizeSettings('nonsense')).toEqual(defaultSettings);
    expect(normalizeSettings({ maxFileSizeMB: -1, istio: { dataplaneMode: 'mesh' }, annotations: { enabled: 'yes' }, defaultNamespace: '  ' })).toEqual(defaultSettings);
    expect(normalizeSettings({ maxFileSizeMB: 12, istio: { dataplaneMode: 'ambient' }, annotations: { enabled: false }, defaultNamespace: ' shop ' })).toEqual({
      ...defaultSettings,
      maxFileSizeMB: 12,
      istio: { dataplaneMode: 'ambient' },
      annotations: { enabled: false },
      defaultNamespace: 'shop',
    });
  });

  it('activates on YAML and does not contribute yamlValidation (the YAML extension would report twice)', () => {
    expect(manifest.activationEvents).toContain('onLanguage:yaml');
    expect((manifest.contributes as Record<string, unknown>).yamlValidation).toBeUndefined();
  });
});
