// Issue 11 item 8: CiliumCIDRGroups are read into the workspace model, so a cidrGroupRef resolves to the
// group's externalCIDRs (cilium pkg/policy/api/cidr.go CIDRRule.CIDRGroupRef/CIDRGroupSelector;
// Documentation/network/kubernetes/ciliumcidrgroup.rst). A missing group contributes no CIDR.
import { describe, expect, it } from 'vitest';
import { buildInventory, inventoryFileFromText } from '../../../server/src/analysis/inventory/buildInventory';
import { cidrGroupNamed, cidrGroupsSelectedBy } from '../../../server/src/analysis/inventory/cidrGroups';
import { analyzeWorkspaceText, yamlDocs } from '../enforcement/analyzeWorkspaceText';

const group = (name: string, cidrs: string, labels = '{}', apiVersion = 'cilium.io/v2') =>
  `apiVersion: ${apiVersion}\nkind: CiliumCIDRGroup\nmetadata:\n  name: ${name}\n  labels: ${labels}\nspec:\n  externalCIDRs: ${cidrs}\n`;
const cnp = (entry: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDRSet:\n    - ${entry}\n`;

describe('CiliumCIDRGroup in the workspace model', () => {
  const inventory = buildInventory([inventoryFileFromText('g.yaml', yamlDocs(group('partners', '[203.0.113.0/24, 198.51.100.0/24]', '{tier: ext}'), group('old', '[192.0.2.0/24]', '{tier: ext}', 'cilium.io/v2alpha1'), 'apiVersion: example.com/v1\nkind: CiliumCIDRGroup\nmetadata:\n  name: other\nspec:\n  externalCIDRs: [1.1.1.1/32]\n'))]);

  it('reads cilium.io groups (v2 and the deprecated v2alpha1), not same-named kinds of other groups', () => {
    expect(inventory.cidrGroups?.map((g) => g.name)).toEqual(['partners', 'old']);
  });

  it.each([
    ['partners', ['203.0.113.0/24', '198.51.100.0/24']],
    ['old', ['192.0.2.0/24']],
    ['missing', undefined],
  ])('cidrGroupRef %s', (name, cidrs) => {
    expect(cidrGroupNamed(inventory.cidrGroups, name)?.externalCIDRs).toEqual(cidrs);
  });

  it('cidrGroupSelector picks groups by matchLabels', () => {
    expect(cidrGroupsSelectedBy(inventory.cidrGroups, { matchLabels: { tier: 'ext' } })?.map((g) => g.name)).toEqual(['partners', 'old']);
    expect(cidrGroupsSelectedBy(inventory.cidrGroups, { matchLabels: { tier: 'int' } })).toEqual([]);
  });

  it('ML4019 only for a cidrGroupRef whose group the workspace does not hold', () => {
    const codes = (text: string) => analyzeWorkspaceText(text).findings.filter((f) => f.code === 'ML4019').map((f) => f.message);
    expect(codes(yamlDocs(group('partners', '[203.0.113.0/24]'), cnp('cidrGroupRef: partners')))).toEqual([]);
    expect(codes(yamlDocs(group('partners', '[203.0.113.0/24]'), cnp('cidrGroupRef: partner')))).toEqual([expect.stringMatching(/No CiliumCIDRGroup partner in the workspace \(the workspace has partners\)/)]);
  });
});
