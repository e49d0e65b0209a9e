// The label and annotation checks the API server applies to every object's metadata beyond its
// OpenAPI schema (k8s.io/apimachinery ValidateObjectMeta). Name and namespace syntax is checked by
// dialects/kubernetes/objectMeta.ts (ML2520). Table-driven: each rule names its upstream function.
import type { Finding } from '../model/finding';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import { placeholderIn } from './templatePlaceholders';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why a text is not a DNS-1123 subdomain, or undefined when it is one. */
function subdomainProblem(text: string): string | undefined {
  if (text.length > 253) return `must be at most 253 characters (it has ${text.length})`;
  if (!DNS1123_SUBDOMAIN.test(text)) return 'must consist of lowercase letters, digits, "-" and ".", and start and end with a letter or digit';
  return undefined;
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS subdomain, name up to 63 characters. */
function qualifiedNameProblem(text: string): string | undefined {
  const slash = text.lastIndexOf('/');
  const prefix = slash === -1 ? undefined : text.slice(0, slash);
  const name = slash === -1 ? text : text.slice(slash + 1);
  if (text.split('/').length > 2) return 'may contain at most one "/" (between an optional DNS prefix and the name)';
  if (prefix !== undefined) {
    if (prefix === '') return 'has an empty prefix before "/"';
    const problem = subdomainProblem(prefix);
    if (problem) return `has a prefix that ${problem}`;
  }
  if (name === '') return 'has an empty name';
  if (name.length > 63) return `has a name part longer than 63 characters (${name.length})`;
  if (!QUALIFIED_NAME_PART.test(name)) return 'must have a name part of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

function labelValueProblem(text: string): string | undefined {
  if (text.length > 63) return `must be at most 63 characters (it has ${text.length})`;
  if (!LABEL_VALUE.test(text)) return 'must be empty or consist of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  return undefined;
}

interface MetaRule {
  /** Which strings the rule checks: a field, or the keys or values of a map. */
  readonly target: { readonly map: 'labels' | 'annotations'; readonly part: 'key' | 'value' };
  readonly subject: string;
  readonly problem: (text: string) => string | undefined;
  readonly upstream: string;
}

const APIMACHINERY = 'k8s.io/apimachinery/pkg/api/validation (ValidateObjectMeta)';

export const objectMetaRules: readonly MetaRule[] = [
  { target: { map: 'labels', part: 'key' }, subject: 'The label key', problem: qualifiedNameProblem, upstream: 'k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabels (IsQualifiedName)' },
  { target: { map: 'labels', part: 'value' }, subject: 'The label value', problem: labelValueProblem, upstream: 'k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateLabels (IsValidLabelValue)' },
  { target: { map: 'annotations', part: 'key' }, subject: 'The annotation key', problem: (key) => qualifiedNameProblem(key.toLowerCase()), upstream: `${APIMACHINERY}: ValidateAnnotations (IsQualifiedName of the lowercased key)` },
];

export function objectMetaFindings(doc: YamlDocument, value: unknown): Finding[] {
  const metadata = (value as Record<string, unknown> | undefined)?.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return [];
  const meta = metadata as Record<string, unknown>;
  const findings: Finding[] = [];
  const report = (rule: MetaRule, text: string, path: ValuePath, prefer: 'key' | 'value') => {
    if (placeholderIn(text)) return;
    const problem = rule.problem(text);
    if (problem) findings.push(makeFinding('ML1013', spanAt(doc, path, prefer), `${rule.subject} \`${text}\` at \`${formatPath(path)}\` ${problem}.`, doc.index));
  };
  for (const rule of objectMetaRules) {
    const map = meta[rule.target.map];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const [key, entry] of Object.entries(map)) {
      const path = ['metadata', rule.target.map, key];
      if (rule.target.part === 'key') report(rule, key, path, 'key');
      else if (typeof entry === 'string') report(rule, entry, path, 'value');
    }
  }
  return findings;
}
