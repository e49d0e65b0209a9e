// Unit test of the enforcer → colour table: every enforcer the graph contract names gets its own colour.
import { describe, expect, it } from 'vitest';
import { enforcerShortLabels } from '../../../server/src/protocol/trafficGraph';
import { enforcerColorRoles } from '../../../client/webview/graphStyle';

describe('enforcer colours', () => {
  it('give every enforcer of the shared vocabulary a distinct theme colour', () => {
    const enforcers = Object.keys(enforcerShortLabels) as (keyof typeof enforcerShortLabels)[];
    expect(enforcers.every((e) => enforcerColorRoles[e] !== undefined)).toBe(true);
    expect(new Set(enforcers.map((e) => enforcerColorRoles[e])).size).toBe(enforcers.length);
  });
});
