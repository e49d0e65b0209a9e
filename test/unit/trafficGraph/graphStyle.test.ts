// Unit test of the enforcer → colour table: every enforcer the graph contract names gets its own colour.
import { describe, expect, it } from 'vitest';
import { enforcerBadges } from '../../../client/webview/graphElements';
import { enforcerColorRoles } from '../../../client/webview/graphStyle';

describe('enforcer colours', () => {
  it('cover every badged enforcer with a distinct theme colour', () => {
    const enforcers = Object.keys(enforcerBadges);
    expect(enforcers.every((e) => enforcerColorRoles[e] !== undefined)).toBe(true);
    expect(new Set(enforcers.map((e) => enforcerColorRoles[e])).size).toBe(enforcers.length);
  });
});
