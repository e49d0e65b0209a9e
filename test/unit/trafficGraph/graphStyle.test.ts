// Unit test of the enforcer look table: every enforcer the graph contract names gets its own colour in each
// theme kind and its own arrow marker, so no two are told apart by colour alone (colours are checked in the
// browser test against the rendered edges).
import { describe, expect, it } from 'vitest';
import { enforcerShortLabels } from '../../../server/src/protocol/trafficGraph';
import { enforcerLooks } from '../../../client/webview/enforcerPalette';

describe('enforcer looks', () => {
  const enforcers = Object.keys(enforcerShortLabels) as (keyof typeof enforcerShortLabels)[];
  it('give every enforcer of the shared vocabulary a distinct colour per theme kind and a distinct marker', () => {
    expect(enforcers.every((e) => enforcerLooks[e] !== undefined)).toBe(true);
    expect(new Set(enforcers.map((e) => enforcerLooks[e].dark)).size).toBe(enforcers.length);
    expect(new Set(enforcers.map((e) => enforcerLooks[e].light)).size).toBe(enforcers.length);
    expect(new Set(enforcers.map((e) => enforcerLooks[e].marker)).size).toBe(enforcers.length);
    // `tee` means deny on this canvas; no enforcer may borrow it.
    expect(enforcers.some((e) => enforcerLooks[e].marker === 'tee')).toBe(false);
  });
});
