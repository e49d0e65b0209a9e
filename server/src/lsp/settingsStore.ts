// Settings per document uri, pulled from the client with workspace/configuration when it supports that,
// else taken from the last didChangeConfiguration payload. Cached per uri until the settings change or the
// document closes; values are normalised (protocol/settings.ts), so handlers never see raw editor config.
import type { Connection } from 'vscode-languageserver';
import { defaultSettings, normalizeSettings, settingsSection, type MeshlensSettings } from '../protocol/settings';

export class SettingsStore {
  private readonly perUri = new Map<string, Promise<MeshlensSettings>>();
  private global: MeshlensSettings = defaultSettings;
  /** Bumped on every change; part of pull-diagnostic result ids. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
  ) {}

  settingsFor(uri: string): Promise<MeshlensSettings> {
    if (!this.canPull()) return Promise.resolve(this.global);
    let pending = this.perUri.get(uri);
    if (!pending) {
      pending = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: settingsSection })
        .then(normalizeSettings, () => this.global);
      this.perUri.set(uri, pending);
    }
    return pending;
  }

  /** didChangeConfiguration: push-style clients send the settings, pull-style ones just signal. */
  changed(pushed: unknown): void {
    const section = typeof pushed === 'object' && pushed !== null ? (pushed as Record<string, unknown>)[settingsSection] : undefined;
    if (section !== undefined) this.global = normalizeSettings(section);
    this.perUri.clear();
    this.generation += 1;
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }
}
