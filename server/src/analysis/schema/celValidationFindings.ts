// Runs the upstream CRD's x-kubernetes-validations (CEL) rules over a document: walks the value and
// the schema together and evaluates every rule attached to a node that is present, with `self`
// bound to that node's value. Rules we cannot compile are skipped (see celRuleEvaluator).
import type { Finding } from '../model/finding';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import { evaluateCelRule } from '../cel/celRuleEvaluator';
import { placeholderIn } from './templatePlaceholders';
import type { CelValidationRule, JsonSchemaNode } from './schemaCatalog';
import { walkSchemaValue } from './walkSchemaValue';

/** `value`: the document as the API server's CEL sees it, defaults filled in (schemaDefaults.ts). */
export function celValidationFindings(doc: YamlDocument, schema: JsonSchemaNode, value: unknown): Finding[] {
  const findings: Finding[] = [];
  walkSchemaValue(
    schema,
    value,
    (node, self, path) => {
      for (const rule of node['x-kubernetes-validations'] ?? []) {
        const finding = checkRule(doc, rule, self, path);
        if (finding) findings.push(finding);
      }
    },
    (facts) => facts.rulesBelow,
  );
  return findings;
}

/** `fieldPath` is a JSONPath-like suffix relative to the node: `.a.b`, `['a.b']`, `[0]`. */
function parseFieldPath(fieldPath: string): ValuePath | undefined {
  const parts: (string | number)[] = [];
  const step = /\.([A-Za-z0-9_$-]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;
  let offset = 0;
  while (offset < fieldPath.length) {
    step.lastIndex = offset;
    const match = step.exec(fieldPath);
    if (!match) return undefined;
    parts.push(match[1] ?? match[2] ?? Number(match[3]));
    offset = step.lastIndex;
  }
  return parts;
}

function checkRule(doc: YamlDocument, rule: CelValidationRule, self: unknown, path: ValuePath): Finding | undefined {
  const outcome = evaluateCelRule(rule, self);
  if (outcome.kind === 'pass' || outcome.kind === 'unsupported') return undefined;
  const placeholder = placeholderIn(self);
  const target = rule.fieldPath ? [...path, ...(parseFieldPath(rule.fieldPath) ?? [])] : path;
  const where = target.length === 0 ? 'The document' : `\`${formatPath(target)}\``;
  // Containers are underlined at their key; scalars at the value.
  const isContainer = typeof self === 'object' && self !== null && !rule.fieldPath;
  const span = spanAt(doc, target, isContainer ? 'key' : 'value');
  if (placeholder) {
    return makeFinding('ML1009', span, `${where} holds a template placeholder (${placeholder.name}), so the upstream rule "${rule.message ?? oneLine(rule.rule)}" is not checked until it is rendered.`, doc.index);
  }
  if (outcome.kind === 'fail') {
    const message = outcome.message ?? rule.message ?? `failed rule: ${oneLine(rule.rule)}`;
    return makeFinding('ML1100', span, `${where}: ${message}`, doc.index);
  }
  const purpose = rule.message ? ` (the rule checks: ${rule.message})` : '';
  return makeFinding('ML1101', span, `${where}: ${outcome.error} evaluating rule: ${oneLine(rule.rule)}${purpose}`, doc.index);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
