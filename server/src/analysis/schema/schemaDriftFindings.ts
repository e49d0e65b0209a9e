// Version drift between the user's CRD (a file of their release, or the cluster's) and the bundled one: a field the
// document uses that one of the two schemas knows and the other does not (ML1015). The schema in force already
// decides acceptance; this names both versions, so "unknown field" reads as "your release is older (or newer)
// than the one meshlens ships", and a field only the user's release knows is flagged as one meshlens's analysis
// does not understand.
import type { Finding } from '../model/finding';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import { childSchema, type JsonSchemaNode } from './schemaCatalog';
import { matchesSchemaType } from './walkSchemaValue';
import { describeSchemaOrigin, type SchemaSetEntry } from './schemaSet';

export function schemaDriftFindings(yaml: YamlDocument, value: unknown, inForce: SchemaSetEntry, bundled: SchemaSetEntry): Finding[] {
  const findings: Finding[] = [];
  const walk = (user: JsonSchemaNode, ours: JsonSchemaNode, node: unknown, path: ValuePath): void => {
    if (!matchesSchemaType(user, node) || !matchesSchemaType(ours, node)) return;
    if (Array.isArray(node)) {
      if (user.items && ours.items) node.forEach((item, i) => walk(user.items!, ours.items!, item, [...path, i]));
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [key, child] of Object.entries(node)) {
      if (child === null || child === undefined) continue;
      const userChild = knownChild(user, key);
      const ourChild = knownChild(ours, key);
      if (userChild === 'open' || ourChild === 'open') continue;
      if (userChild && ourChild) walk(userChild, ourChild, child, [...path, key]);
      else if (userChild || ourChild) findings.push(driftFinding(yaml, [...path, key], inForce, bundled, ourChild !== undefined));
    }
  };
  walk(inForce.schema, bundled.schema, value, []);
  return findings;
}

/** The child schema of a key; 'open' when the node takes any key (no properties listed, or preserved unknown fields). */
function knownChild(node: JsonSchemaNode, key: string): JsonSchemaNode | 'open' | undefined {
  if (!node.properties || node['x-kubernetes-preserve-unknown-fields'] === true) return 'open';
  return childSchema(node, key) ?? (node.additionalProperties === true ? 'open' : undefined);
}

function driftFinding(yaml: YamlDocument, path: ValuePath, inForce: SchemaSetEntry, bundled: SchemaSetEntry, bundledKnows: boolean): Finding {
  const field = `\`${formatPath(path)}\``;
  // The user's side names its release when a label says it (describeSchemaOrigin), and says so when none does.
  const labelled = inForce.origin.kind === 'bundled' || inForce.origin.release !== undefined;
  const theirs = `${describeSchemaOrigin(inForce.origin)}${labelled ? '' : ' (no version label)'}`;
  const ours = `${describeSchemaOrigin(bundled.origin)}`;
  const message = bundledKnows
    ? `${field} is in the ${ours} but not in the ${theirs}, ${inForce.group}/${inForce.version}: a release with that CRD rejects it with strict validation and drops it otherwise, so the policy would not do what it says there.`
    : `${field} is in the ${theirs}, ${inForce.group}/${inForce.version}, but not in the ${ours}: meshlens does not know what it does, so hover, hints and the traffic graph leave it out.`;
  return makeFinding('ML1015', spanAt(yaml, path, 'key'), message, yaml.index);
}
