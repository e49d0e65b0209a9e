// Unit test of the policy-file detection behind the editor-title graph button.
import { describe, expect, it } from 'vitest';
import { containsPolicyKind } from '../../../server/src/protocol/policyKinds';

describe('containsPolicyKind', () => {
  it('finds a policy kind in any document of the file, quoted or commented', () => {
    expect(containsPolicyKind('apiVersion: v1\nkind: ConfigMap\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\n')).toBe(true);
    expect(containsPolicyKind('kind: "AuthorizationPolicy" # istio\n')).toBe(true);
    expect(containsPolicyKind("kind: 'NetworkPolicy'\r\nmetadata: {}\r\n")).toBe(true);
  });
  it('ignores other kinds, nested kind keys and near misses', () => {
    expect(containsPolicyKind('kind: Deployment\nspec:\n  kind: NetworkPolicy\n')).toBe(false);
    expect(containsPolicyKind('kind: NetworkPolicyList\n')).toBe(false);
    expect(containsPolicyKind('kind: "NetworkPolicy\'\n')).toBe(false);
  });
});
