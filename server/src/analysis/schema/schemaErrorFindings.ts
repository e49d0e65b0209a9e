// Turns ajv errors into plain-words findings located at the precise YAML node: an unknown key at the
// key, a bad value at the value, a missing field at its parent's key. oneOf/anyOf noise is folded
// into one finding (a field-combination message, or the errors of the most plausible branch).
import type { ErrorObject } from 'ajv';
import type { Finding } from '../model/finding';
import { formatPath, type SourceSpan, type ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import type { JsonSchemaNode } from './schemaCatalog';
import { describePattern } from './patternDescriptions';
import { describeFormat } from './schemaFormats';
import { placeholderIn } from './templatePlaceholders';
import { misplacedFieldHint } from './misplacedFieldHint';
import { removedField } from './removedFields';

/** Keywords that check a string's shape or value, which a template placeholder cannot satisfy yet. */
const VALUE_SHAPE_KEYWORDS = new Set(['pattern', 'format', 'enum', 'minLength', 'maxLength']);

/** Lists at most this many valid field names in an unknown-field message. */
const MAX_LISTED_FIELDS = 10;

/** `schema` (the expanded document schema) lets unknown-field messages say where a field belongs. */
export function schemaErrorFindings(doc: YamlDocument, value: unknown, errors: readonly ErrorObject[], schema?: JsonSchemaNode): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const error of foldCompositeErrors(errors, value)) {
    const finding = toFinding(doc, value, error, schema);
    const key = `${finding.code}|${finding.span.start}|${finding.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

/** A folded oneOf/anyOf: one message for the whole group instead of every branch's errors. */
interface CombinationError {
  readonly keyword: 'combination';
  readonly instancePath: string;
  readonly message: string;
}

type ReportedError = ErrorObject | CombinationError;

/**
 * ajv (allErrors) reports every failing branch of a oneOf/anyOf plus the oneOf/anyOf itself.
 * Innermost composites are folded first so nested ones see already-folded branches.
 */
function foldCompositeErrors(errors: readonly ErrorObject[], root: unknown): ReportedError[] {
  let remaining: ReportedError[] = [...errors];
  const composites = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const composite of composites) {
    const prefix = `${composite.schemaPath}/`;
    // A shared definition is reached from several places, so the branch must also be at or below the
    // composite's own location.
    const inBranch = (e: ReportedError) => 'schemaPath' in e && e.schemaPath.startsWith(prefix) && isAtOrBelow(e.instancePath, composite.instancePath);
    const branchErrors = remaining.filter(inBranch) as ErrorObject[];
    const others = remaining.filter((e) => e !== composite && !inBranch(e));
    const branches = (composite.schema as JsonSchemaNode[] | undefined) ?? [];
    const alternatives = branches.map(requiredOnlyFields);
    if (alternatives.every((fields): fields is string[] => fields !== undefined && fields.length === 1)) {
      // Field combinations only mean something for a mapping; a non-mapping already has a type error.
      const data = composite.data;
      if (typeof data === 'object' && data !== null && !Array.isArray(data)) others.push(combinationError(composite, alternatives.map((fields) => fields[0]), root));
    } else if (branchErrors.length > 0) {
      others.push(...mostPlausibleBranch(composite, branchErrors));
    } else {
      others.push(composite);
    }
    remaining = others;
  }
  return remaining;
}

function isAtOrBelow(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

/** For a branch like `{required: [x], properties: {x: {}}}`: its required fields; else undefined. */
function requiredOnlyFields(branch: JsonSchemaNode): string[] | undefined {
  const keys = Object.keys(branch);
  if (!branch.required || !keys.every((k) => k === 'required' || k === 'properties')) return undefined;
  const properties = branch.properties ?? {};
  if (!Object.values(properties).every((p) => Object.keys(p).length === 0)) return undefined;
  return [...branch.required];
}

function combinationError(composite: ErrorObject, fields: string[], root: unknown): CombinationError {
  const data = composite.data as Record<string, unknown> | undefined;
  const present = fields.filter((f) => data && typeof data === 'object' && f in data);
  const list = fields.map((f) => `\`${f}\``).join(', ');
  const where = describeLocation(pointerToPath(composite.instancePath, root));
  let message: string;
  if (composite.keyword === 'oneOf' && present.length > 1) {
    message = `${where} sets ${present.map((f) => `\`${f}\``).join(' and ')}; set exactly one of ${list}.`;
  } else if (composite.keyword === 'oneOf') {
    message = `${where} must set exactly one of ${list}.`;
  } else {
    message = `${where} must set at least one of ${list}.`;
  }
  return { keyword: 'combination', instancePath: composite.instancePath, message };
}

/**
 * Keeps the errors of the branch the author most likely meant: one whose type matches the value
 * (no `type` error at the composite's own location), then the one with the fewest errors.
 */
function mostPlausibleBranch(composite: ErrorObject, branchErrors: ErrorObject[]): ErrorObject[] {
  const byBranch = new Map<string, ErrorObject[]>();
  const prefixLength = composite.schemaPath.length + 1;
  for (const error of branchErrors) {
    const branch = error.schemaPath.slice(prefixLength).split('/')[0];
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), error]);
  }
  const typeMismatch = (errors: ErrorObject[]) => errors.some((e) => e.keyword === 'type' && e.instancePath === composite.instancePath);
  const ranked = [...byBranch.values()].sort((a, b) => Number(typeMismatch(a)) - Number(typeMismatch(b)) || a.length - b.length);
  return ranked[0] ?? [composite];
}

/** Converts an ajv instancePath (JSON pointer) to a value path; list indexes become numbers. */
function pointerToPath(pointer: string, root: unknown): ValuePath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(part));
      node = node[Number(part)];
    } else {
      path.push(part);
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    }
  }
  return path;
}

function describeLocation(path: ValuePath): string {
  return path.length === 0 ? 'The document' : `\`${formatPath(path)}\``;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

function describeExpectedTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `\`${truncate(value)}\``;
  return `\`${String(value)}\` (${typeof value === 'boolean' ? 'a boolean' : 'a number'})`;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= Math.max(1, Math.floor(word.length / 4))) return best;
  // An abbreviation of a longer field (`auth` for `authentication`).
  return word.length >= 3 ? candidates.find((candidate) => candidate.toLowerCase().startsWith(word.toLowerCase())) : undefined;
}

function toFinding(doc: YamlDocument, root: unknown, reported: ReportedError, schema: JsonSchemaNode | undefined): Finding {
  const error = reported;
  const path = pointerToPath(error.instancePath, root);
  const at = (prefer: 'key' | 'value', where: ValuePath = path): SourceSpan => spanAt(doc, where, prefer);
  const where = describeLocation(path);
  const index = doc.index;
  if (!('schemaPath' in error)) return makeFinding('ML1007', at('key'), error.message, index);
  const params = error.params as Record<string, unknown>;
  const placeholder = VALUE_SHAPE_KEYWORDS.has(error.keyword) ? placeholderIn(error.data) : undefined;
  if (placeholder) {
    return makeFinding('ML1009', at('value'), `${where} holds a template placeholder (${placeholder.name}), so its value is not checked until it is rendered.`, index);
  }
  const parent = error.parentSchema as JsonSchemaNode | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(parent?.properties ?? {});
      const suggestion = closest(field, known);
      const misplaced = schema ? misplacedFieldHint(schema, path, field) : undefined;
      let message = path.length === 0 ? `Unknown top-level field \`${field}\`` : `Unknown field \`${field}\` in \`${formatPath(path)}\``;
      const group = (schema as { 'x-meshlens-kind'?: { group: string } } | undefined)?.['x-meshlens-kind']?.group;
      const removed = group ? removedField(group, field) : undefined;
      if (removed) message += `: ${removed.what}.`;
      else if (misplaced) message += `; ${misplaced}.`;
      else if (suggestion) message += `; did you mean \`${suggestion}\`?`;
      else if (known.length > 0 && known.length <= MAX_LISTED_FIELDS) message += `; valid fields: ${known.join(', ')}.`;
      else message += '.';
      return makeFinding('ML1001', at('key', [...path, field]), message, index);
    }
    case 'required': {
      const field = String(params.missingProperty);
      // Underline the mapping's key; at the top level, the `kind` line.
      const span = path.length === 0 ? at('value', ['kind']) : at('key');
      return makeFinding('ML1004', span, `${where} is missing the required field \`${field}\`.`, index);
    }
    case 'type': {
      const expected = describeExpectedTypes(error.schema);
      const hint = String(error.schema).includes('string') && (typeof error.data === 'number' || typeof error.data === 'boolean') ? '; quote it to make it a string' : '';
      return makeFinding('ML1002', at('value'), `${where} must be ${expected}; got ${describeValue(error.data)}${hint}.`, index);
    }
    case 'enum': {
      const allowed = (error.schema as unknown[]).filter((v) => v !== null);
      const sameIgnoringCase = typeof error.data === 'string' ? allowed.find((v) => typeof v === 'string' && v.toLowerCase() === (error.data as string).toLowerCase()) : undefined;
      const hint = sameIgnoringCase !== undefined ? ` (values are case-sensitive: did you mean \`${String(sameIgnoringCase)}\`?)` : '';
      return makeFinding('ML1003', at('value'), `${where} must be one of ${allowed.map(String).join(', ')}; got ${describeValue(error.data)}${hint}.`, index);
    }
    case 'pattern': {
      const pattern = String(error.schema);
      const expected = describePattern(pattern) ?? `a string matching \`${pattern}\``;
      return makeFinding('ML1005', at('value'), `${where} must be ${expected}; got ${describeValue(error.data)}.`, index);
    }
    case 'format':
      return makeFinding('ML1005', at('value'), `${where} must be ${describeFormat(String(error.schema))}; got ${describeValue(error.data)}.`, index);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const bound = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'greater than', exclusiveMaximum: 'less than' }[error.keyword];
      return makeFinding('ML1006', at('value'), `${where} must be ${bound} ${String(error.schema)}; got ${describeValue(error.data)}.`, index);
    }
    case 'minLength':
    case 'maxLength': {
      const limit = Number(error.schema);
      const length = typeof error.data === 'string' ? [...error.data].length : 0;
      const message =
        error.keyword === 'minLength' && limit === 1
          ? `${where} must not be empty.`
          : `${where} must be ${error.keyword === 'minLength' ? 'at least' : 'at most'} ${limit} character${limit === 1 ? '' : 's'} long; it has ${length}.`;
      return makeFinding('ML1006', at('value'), message, index);
    }
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties': {
      const limit = Number(error.schema);
      const noun = error.keyword.endsWith('Items') ? 'item' : 'entry';
      const count = Array.isArray(error.data) ? error.data.length : typeof error.data === 'object' && error.data ? Object.keys(error.data).length : 0;
      const plural = (n: number) => `${n} ${noun === 'item' ? (n === 1 ? 'item' : 'items') : n === 1 ? 'entry' : 'entries'}`;
      const bound = error.keyword.startsWith('min') ? 'at least' : 'at most';
      return makeFinding('ML1006', at('value'), `${where} must have ${bound} ${plural(limit)}; it has ${count}.`, index);
    }
    case 'multipleOf':
      return makeFinding('ML1006', at('value'), `${where} must be a multiple of ${String(error.schema)}; got ${describeValue(error.data)}.`, index);
    case 'uniqueItems':
      return makeFinding('ML1008', at('value'), `${where} must not contain duplicate items (items ${String(params.j)} and ${String(params.i)} are equal).`, index);
    case 'oneOf':
      return makeFinding('ML1008', at('key'), `${where} matches more than one of the forms the schema allows; it must match exactly one.`, index);
    case 'anyOf':
      return makeFinding('ML1008', at('key'), `${where} does not match any of the forms the schema allows.`, index);
    case 'not':
      return makeFinding('ML1008', at('key'), `${where} has a form the schema forbids here.`, index);
    default:
      return makeFinding('ML1008', at('value'), `${where} is not allowed by the schema (rule \`${error.keyword}\`).`, index);
  }
}
