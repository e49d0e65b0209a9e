// When a field is unknown where it was written but valid one level up or one level down, the YAML
// is almost always mis-indented. This finds where the field does belong, for the ML1001 message.
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { childSchema, type JsonSchemaNode } from './schemaCatalog';

/** At most this many places are named in a hint. */
const MAX_PLACES = 3;

function nodeAt(root: JsonSchemaNode, path: ValuePath): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = root;
  for (const part of path) node = node ? childSchema(node, part) : undefined;
  return node;
}

/**
 * A phrase like "`toPorts` belongs inside `ingress[]` or `egress[]` items" or "`egress` belongs in
 * `spec`", or undefined when the field is not known nearby.
 */
export function misplacedFieldHint(root: JsonSchemaNode, path: ValuePath, field: string): string | undefined {
  const here = nodeAt(root, path);
  if (!here) return undefined;
  const inside: string[] = [];
  for (const [name, child] of Object.entries(here.properties ?? {})) {
    const target = child.items ?? child;
    if (target.properties?.[field]) inside.push(child.items ? `\`${name}\` items` : `\`${name}\``);
  }
  if (inside.length > 0) return `\`${field}\` belongs inside ${inside.slice(0, MAX_PLACES).join(' or ')}: indent it under one of them`;
  // Walk up past list indexes: `spec.ingress[0]` → `spec`.
  for (let end = path.length - 1; end >= 0; end--) {
    if (typeof path[end] === 'number') continue;
    const ancestorPath = path.slice(0, end);
    const ancestor = nodeAt(root, ancestorPath);
    if (ancestor?.properties?.[field]) {
      return ancestorPath.length === 0 ? `\`${field}\` belongs at the top level: outdent it` : `\`${field}\` belongs in \`${formatPath(ancestorPath)}\`: outdent it`;
    }
  }
  return undefined;
}
