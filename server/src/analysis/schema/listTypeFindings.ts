// Uniqueness of lists the CRD declares as `x-kubernetes-list-type: set` (items unique) or `map`
// (items unique by their `x-kubernetes-list-map-keys`), which the API server enforces for custom
// resources with "Duplicate value". Built-in kinds (NetworkPolicy) are not checked this way upstream.
import type { Finding } from '../model/finding';
import { formatPath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import type { JsonSchemaNode } from './schemaCatalog';
import { walkSchemaValue } from './walkSchemaValue';

/** A canonical text for a value, so equal values (whatever their key order) compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function listTypeFindings(doc: YamlDocument, schema: JsonSchemaNode, value: unknown): Finding[] {
  const findings: Finding[] = [];
  walkSchemaValue(schema, value, (node, list, path) => {
    const listType = node['x-kubernetes-list-type'];
    if (!Array.isArray(list) || (listType !== 'set' && listType !== 'map')) return;
    // metadata is validated by ObjectMeta rules, not the CRD schema; status is reset on create.
    if (path[0] === 'metadata' || path[0] === 'status') return;
    const keys = listType === 'map' ? (node['x-kubernetes-list-map-keys'] ?? []) : [];
    const seen = new Map<string, number>();
    list.forEach((item, index) => {
      const identity =
        listType === 'set' ? canonical(item) : canonical(keys.map((k) => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[k] : undefined)));
      const first = seen.get(identity);
      if (first === undefined) {
        seen.set(identity, index);
        return;
      }
      const relation = listType === 'set' ? 'is a duplicate of' : `has the same ${keys.map((k) => `\`${k}\``).join(' and ')} as`;
      const message = `\`${formatPath([...path, index])}\` ${relation} \`${formatPath([...path, first])}\`; the list \`${formatPath(path)}\` must not repeat ${listType === 'set' ? 'items' : 'keys'}.`;
      findings.push(
        makeFinding('ML1010', spanAt(doc, [...path, index]), message, doc.index, {
          related: [{ message: 'first occurrence', span: spanAt(doc, [...path, first]) }],
        }),
      );
    });
  }, (facts) => facts.listTypeBelow);
  return findings;
}
