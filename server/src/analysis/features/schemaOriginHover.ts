// Hover on a policy's apiVersion or kind (or the top of the document): which schema validated it — the bundled CRD
// of the pinned upstream release, a CRD file of the user's, or the CRD the connected cluster serves (schema/schemaSet.ts).
import { describeSchemaOrigin, type SchemaSet } from '../schema/schemaSet';
import type { HoverSection } from './hover';

export function schemaOriginSectionFor(schemas: SchemaSet): HoverSection {
  return ({ policyKind, version, fieldPath }) => {
    const onHeader = fieldPath.length === 0 || (fieldPath.length === 1 && (fieldPath[0] === 'kind' || fieldPath[0] === 'apiVersion'));
    if (!onHeader) return undefined;
    const entry = schemas.entry(policyKind.group, policyKind.kind, version);
    if (!entry) return undefined;
    const origin = entry.origin;
    const source = origin.kind === 'bundled' ? ` (${origin.source.repo}@${origin.source.commit.slice(0, 12)} \`${origin.source.path}\`)` : '';
    return `Validated against the ${describeSchemaOrigin(origin)}, ${policyKind.group}/${version}${source}`;
  };
}
