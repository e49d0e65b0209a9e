// Schema hover: the description, type, enum and required flag of the field under the cursor, plus a
// link to the upstream reference; extra sections compose in order. `$0` marks the cursor.
import { describe, expect, it } from 'vitest';
import { hoverAt, schemaSection, upstreamDocSection, type HoverSection } from '../../../server/src/analysis/features/hover';
import { miniSchemaAt } from './miniSchema';

function hover(marked: string, sections?: readonly HoverSection[]) {
  const offset = marked.indexOf('$0');
  const text = marked.replace('$0', '');
  return { text, result: hoverAt(text, offset, miniSchemaAt, sections ? { sections } : {}) };
}

const ap = 'apiVersion: security.istio.io/v1beta1\nkind: AuthorizationPolicy\nspec:\n';

describe('hoverAt', () => {
  it('a key shows its path, type, enum and description, and links the upstream page', () => {
    const { text, result } = hover(`${ap}  act$0ion: DENY\n`);
    expect(result!.markdown).toContain('**`spec.action`** · string');
    expect(result!.markdown).toContain('Allowed values: `ALLOW`, `DENY`, `AUDIT`, `CUSTOM`');
    expect(result!.markdown).toContain('https://istio.io/latest/docs/reference/config/security/authorization-policy/');
    expect(result!.markdown).toContain('v1beta1 reference');
    expect(text.slice(result!.span.start, result!.span.end)).toBe('action');
  });

  it('marks required fields and works on a key after a sequence dash', () => {
    const { result } = hover('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nspec:\n  ingress:\n  - toPorts:\n    - ports:\n      - po$0rt: "80"\n');
    expect(result!.markdown).toContain('**`spec.ingress[0].toPorts[0].ports[0].port`** · string · required');
    expect(result!.markdown).toContain('L4 port number');
  });

  it('a value hovers as its field', () => {
    const { result } = hover(`${ap}  action: DE$0NY\n`);
    expect(result!.markdown).toContain('**`spec.action`**');
  });

  it('nothing for non-policy documents or unknown fields', () => {
    expect(hover('kind: Deployment\nspec:\n  rep$0licas: 1\n').result).toBeUndefined();
    expect(hover(`${ap}  bog$0us: 1\n`).result).toBeUndefined();
  });

  it('extra sections compose in list order', () => {
    const note: HoverSection = ({ fieldPath }) => `NOTE ${fieldPath.join('/')}`;
    const { result } = hover(`${ap}  act$0ion: DENY\n`, [schemaSection, note, upstreamDocSection]);
    const md = result!.markdown;
    expect(md.indexOf('**`spec.action`**')).toBeGreaterThanOrEqual(0);
    expect(md.indexOf('**`spec.action`**')).toBeLessThan(md.indexOf('NOTE spec/action'));
    expect(md.indexOf('NOTE spec/action')).toBeLessThan(md.indexOf('reference]('));
  });

  it('the kind line says what the document is and which versions are served', () => {
    const { result } = hover('apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nspec: {}\n'.replace('kind:', 'ki$0nd:'));
    expect(result!.markdown).toContain('**CiliumClusterwideNetworkPolicy** · cluster-wide · served as `cilium.io/v2`');
  });
});
