// Completion against a small schema: keys at the cursor, snippets for required children, enum and
// well-known values, top-level apiVersion/kind, and nothing for non-policy documents. `$0` marks the cursor.
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../../server/src/analysis/features/completion';
import { miniSchemaAt } from './miniSchema';
import { policyKinds } from '../../../server/src/analysis/policyKinds';

function complete(marked: string) {
  const offset = marked.indexOf('$0');
  return completionAt(marked.replace('$0', ''), offset, miniSchemaAt);
}

const cnpHead = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n';

describe('completionAt', () => {
  it('offers the keys of a rule, minus the ones present, on a half-typed line', () => {
    const items = complete(`${cnpHead}spec:\n  ingress:\n    - fromEndpoints: []\n      toPor$0\n`);
    expect(items.map((i) => i.label).sort()).toEqual(['fromEntities', 'toPorts']);
    const toPorts = items.find((i) => i.label === 'toPorts')!;
    expect(toPorts.documentation).toContain('destination ports');
    expect(toPorts.detail).toBe('array of object');
    expect(toPorts.isSnippet).toBe(true);
  });

  it('the replacement span covers the typed word', () => {
    const text = `${cnpHead}spec:\n  endpointSel`;
    const items = completionAt(text, text.length, miniSchemaAt);
    const item = items.find((i) => i.label === 'endpointSelector')!;
    expect(text.slice(item.replace.start, item.replace.end)).toBe('endpointSel');
  });

  it('snippets fill the required children of array items', () => {
    const items = complete(`${cnpHead}spec:\n  ingress:\n    - toPorts:\n        - $0\n`);
    expect(items.map((i) => i.label).sort()).toEqual(['ports', 'rules']);
    expect(items.find((i) => i.label === 'ports')!.insertText).toBe('ports:\n  - port: $1');
  });

  it('an enum-typed key gets a choice snippet', () => {
    const items = complete('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n  $0\n');
    expect(items.find((i) => i.label === 'action')!.insertText).toBe('action: ${1|ALLOW,DENY,AUDIT,CUSTOM|}');
  });

  it('enum values of a scalar field', () => {
    const items = complete('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n  action: $0\n');
    expect(items.map((i) => i.label)).toEqual(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
    expect(items.every((i) => i.kind === 'value')).toBe(true);
  });

  it('enum values of sequence items (Cilium entities)', () => {
    const items = complete(`${cnpHead}spec:\n  egress:\n  - fromEntities:\n    - wo$0\n`);
    expect(items.map((i) => i.label)).toEqual(['all', 'world', 'cluster', 'host']);
  });

  it('HTTP methods come from the known-values table where the schema has plain strings', () => {
    const items = complete('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n  rules:\n  - to:\n    - operation:\n        methods: [$0]\n');
    expect(items.map((i) => i.label)).toContain('PATCH');
    const cilium = complete(`${cnpHead}spec:\n  ingress:\n  - toPorts:\n    - rules:\n        http:\n        - method: $0\n`);
    expect(cilium.map((i) => i.label)).toContain('GET');
  });

  it('booleans offer true and false', () => {
    const items = complete(`${cnpHead}spec:\n  enableDefaultDeny:\n    ingress: $0\n`);
    expect(items.map((i) => i.label)).toEqual(['true', 'false']);
  });

  it('top-level kind and apiVersion values, apiVersion narrowed by kind', () => {
    expect(complete('kind: $0\n').map((i) => i.label)).toContain('CiliumClusterwideNetworkPolicy');
    expect(complete('kind: PeerAuthentication\napiVersion: $0\n').map((i) => i.label)).toEqual(['security.istio.io/v1', 'security.istio.io/v1beta1']);
    expect(complete('kind:$0')[0].insertText).toBe(' CiliumNetworkPolicy');
    expect(complete('$0').map((i) => i.label).slice(0, 2)).toEqual(['apiVersion', 'kind']);
    expect(complete('  $0').map((i) => i.label)).toEqual(['apiVersion', 'kind']);
  });

  it('top-level keys of a policy exclude those present', () => {
    expect(complete(`${cnpHead}$0`).map((i) => i.label)).toEqual(['spec']);
  });

  it('works in the second document of a multi-document file', () => {
    const text = `kind: Deployment\nspec:\n  $0\n---\n${cnpHead}spec:\n  ing\n`;
    expect(complete(text)).toEqual([]);
    const second = `kind: Deployment\n---\n${cnpHead}spec:\n  ing$0\n`;
    expect(complete(second).map((i) => i.label)).toContain('ingress');
  });

  it('non-policy documents get nothing', () => {
    expect(complete('apiVersion: apps/v1\nkind: Deployment\nspec:\n  $0\n')).toEqual([]);
  });

  it('a key already followed by a colon is replaced by the bare name', () => {
    const items = complete(`${cnpHead}spec:\n  end$0Selector: {}\n`);
    expect(items.find((i) => i.label === 'endpointSelector')).toMatchObject({ insertText: 'endpointSelector', isSnippet: false });
  });

  it('values YAML would read as non-strings are quoted', () => {
    const items = complete('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n  rules:\n  - to:\n    - operation:\n        methods:\n        - $0\n');
    expect(items.find((i) => i.label === 'GET')!.insertText).toBe('GET');
  });

  it('an empty document offers a skeleton per policy kind', () => {
    const skeletons = complete('$0').filter((i) => i.kind === 'snippet');
    expect(skeletons.map((i) => i.label)).toEqual(policyKinds.map((k) => `${k.kind} (new policy)`));
    expect(complete('kind: $0\n').some((i) => i.kind === 'snippet')).toBe(false);
  });
});
