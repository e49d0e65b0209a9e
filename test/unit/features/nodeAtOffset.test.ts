// The cursor → YAML position mapping, on well-formed and half-typed documents. `$0` marks the cursor.
import { describe, expect, it } from 'vitest';
import { nodeAtOffset } from '../../../server/src/analysis/yaml/nodeAtOffset';

function at(marked: string) {
  const offset = marked.indexOf('$0');
  const text = marked.replace('$0', '');
  const context = nodeAtOffset(text, offset);
  if (!context) throw new Error('no context');
  return context;
}

const cnp = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: a
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: x
      toPor$0
`;

describe('nodeAtOffset', () => {
  it('a half-typed key inside a sequence item resolves to that item', () => {
    const c = at(cnp);
    expect(c).toMatchObject({ position: 'key', path: ['spec', 'ingress', 0], prefix: 'toPor', kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2' });
    expect(c.existingKeys).toEqual(['fromEndpoints']);
  });

  it('a value after `key: ` resolves to the key path, with the typed prefix', () => {
    const c = at('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n  action: DE$0\n');
    expect(c).toMatchObject({ position: 'value', path: ['spec', 'action'], prefix: 'DE', word: 'DE', valueNeedsSpace: false });
  });

  it('`key:` with no space yet asks for a leading space', () => {
    const c = at('kind:$0');
    expect(c).toMatchObject({ position: 'value', path: ['kind'], prefix: '', valueNeedsSpace: true });
  });

  it('counts sequence items, including unindented ones, to build indices', () => {
    const c = at('spec:\n  ingress:\n  - fromEntities: [world]\n  - fromEntities:\n    - ho$0\n');
    expect(c).toMatchObject({ position: 'item', path: ['spec', 'ingress', 1, 'fromEntities', 0], prefix: 'ho' });
  });

  it('inside a flow list the word starts after the last separator', () => {
    const c = at('spec:\n  rules:\n  - to:\n    - operation:\n        methods: ["GET", PO$0]\n');
    expect(c).toMatchObject({ position: 'value', path: ['spec', 'rules', 0, 'to', 0, 'operation', 'methods', 1], prefix: 'PO', word: 'PO' });
  });

  it('picks the YAML document the cursor is in and reads its own kind, even below the cursor', () => {
    const c = at('kind: NetworkPolicy\n---\nspec:\n  $0\nkind: CiliumNetworkPolicy\napiVersion: cilium.io/v2\n');
    expect(c).toMatchObject({ documentIndex: 1, position: 'key', path: ['spec'], kind: 'CiliumNetworkPolicy' });
  });

  it('a cursor inside an existing key reports the whole word and the colon after it', () => {
    const c = at('spec:\n  endpoint$0Selector: {}\n  ingress: []\n');
    expect(c).toMatchObject({ position: 'key', path: ['spec'], prefix: 'endpoint', word: 'endpointSelector', hasColonAfter: true });
    expect(c.existingKeys).toEqual(['ingress']);
  });

  it('lines of a block scalar are not read as keys', () => {
    const c = at('metadata:\n  annotations:\n    note: |\n      ports: 80\n  $0\n');
    expect(c).toMatchObject({ position: 'key', path: ['metadata'] });
    expect(c.existingKeys).toEqual(['annotations']);
  });

  it('never throws on arbitrary broken text', () => {
    const junk = 'a: [\n\t- : :\n  "unterminated\n- - - x: y: z\n---\n{]';
    for (let i = 0; i <= junk.length; i++) expect(() => nodeAtOffset(junk, i)).not.toThrow();
    expect(nodeAtOffset(junk, junk.length + 1)).toBeUndefined();
  });
});
