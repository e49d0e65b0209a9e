// kubectl converts YAML to JSON with a YAML 1.1 reader (sigs.k8s.io/yaml, go-yaml v2), which reads
// unquoted yes/no/on/off/y/n as booleans; meshlens parses YAML 1.2, where they are strings. For a
// field that must be a string, the API server then rejects the object ("must be of type string"),
// so an unquoted YAML 1.1 boolean in a string field is reported here.
import type { Finding } from '../model/finding';
import { formatPath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import { schemaTypes, type JsonSchemaNode } from './schemaCatalog';
import { walkSchemaValue } from './walkSchemaValue';

// go-yaml v2 resolve table (resolve.go): the plain scalars it reads as booleans.
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/**
 * One of those words standing alone in the text. A finding needs the word as a plain scalar, whose neighbours in
 * the text are YAML syntax (space, line break, `-`, `:`, `,`, brackets) or the text's ends, never a letter, digit
 * or `_`; so without a match the document has no finding and its value is not walked.
 */
const YAML11_WORD = /(?<![A-Za-z0-9_])(?:[yYnN]|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)(?![A-Za-z0-9_])/;

export function yaml11BooleanFindings(doc: YamlDocument, schema: JsonSchemaNode, value: unknown): Finding[] {
  const findings: Finding[] = [];
  if (!YAML11_WORD.test(doc.text)) return findings;
  const base = doc.start;
  walkSchemaValue(schema, value, (node, scalar, path) => {
    if (typeof scalar !== 'string' || !(YAML11_TRUE.has(scalar) || YAML11_FALSE.has(scalar))) return;
    const types = schemaTypes(node);
    if (!types.includes('string') || types.includes('boolean')) return;
    const span = spanAt(doc, path, 'value');
    // Quoted scalars are strings for every YAML reader; only the plain form is ambiguous.
    if (doc.text.slice(span.start - base, span.end - base) !== scalar) return;
    const read = YAML11_TRUE.has(scalar) ? 'true' : 'false';
    findings.push(
      makeFinding('ML1011', span, `\`${formatPath(path)}\`: kubectl reads the unquoted \`${scalar}\` as the boolean ${read} (YAML 1.1), but this field must be a string; quote it: "${scalar}".`, doc.index),
    );
  });
  return findings;
}
