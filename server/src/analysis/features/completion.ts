// Completion at a cursor in policy YAML: keys the schema allows at that spot (with their description and a
// snippet that fills required children), enum and well-known values, and top-level apiVersion/kind.
// Pure: text + offset + a schema lookup in, suggestions with replacement spans out. Never throws.
import type { SourceSpan } from '../model/sourceSpan';
import { policyKindNamed, policyKinds, splitApiVersion, type PolicyKind } from '../policyKinds';
import { cursorOf, type CursorContext, type CursorInput } from '../yaml/nodeAtOffset';
import { enumOf, itemSchemaOf, propertiesOf, requiredOf, typeLabel, typesOf, type FieldSchema, type SchemaLookup } from './fieldSchema';
import { knownValuesAt } from './knownValues';
import { policySkeletons, type PolicySkeleton } from './policySkeletons';

export interface CompletionSuggestion {
  readonly label: string;
  readonly kind: 'property' | 'value' | 'snippet';
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  readonly insertText: string;
  /** True when insertText uses LSP snippet syntax ($1, ${1|a,b|}). */
  readonly isSnippet: boolean;
  readonly replace: SourceSpan;
  /** Orders required keys first, then the rest alphabetically. */
  readonly sortText: string;
}

const INDENT = '  ';

export function completionAt(text: CursorInput, offset: number, schemaAt: SchemaLookup): CompletionSuggestion[] {
  const cursor = cursorOf(text, offset);
  if (!cursor) return [];
  const policyKind = policyKindNamed(cursor.kind);
  // A document of some other kind (Deployment, ...) is not ours: offer nothing.
  if (cursor.kind && !policyKind) return [];
  const path = cursor.path;
  if (cursor.position === 'value' && path.length === 1 && path[0] === 'kind') {
    return valueSuggestions(cursor, policyKinds.map((k) => k.kind), 'policy kind');
  }
  if (cursor.position === 'value' && path.length === 1 && path[0] === 'apiVersion') {
    const kinds = policyKind ? [policyKind] : policyKinds;
    const versions = [...new Set(kinds.flatMap((k) => k.servedVersions.map((v) => `${k.group}/${v}`)))];
    return valueSuggestions(cursor, versions, 'served apiVersion');
  }
  if (!policyKind) {
    if (cursor.position === 'key' && path.length === 0) {
      const envelope = ['apiVersion', 'kind'].filter((key) => !cursor.existingKeys.includes(key));
      const keys = envelope.map((key) => keySuggestion(cursor, key, { type: 'string' }, true));
      // An empty document at column 0 can start from a whole policy.
      const empty = cursor.existingKeys.length === 0 && cursor.column === 0 && !cursor.hasColonAfter;
      return empty ? [...keys, ...policySkeletons.map((s) => skeletonSuggestion(cursor, s))] : keys;
    }
    return [];
  }
  const version = servedVersionOf(policyKind, cursor.apiVersion);
  const schema = schemaAt(policyKind.kind, version, path);
  if (!schema) return [];
  const objectLike = typesOf(schema).includes('object') || Object.keys(propertiesOf(schema)).length > 0;
  if (cursor.position === 'key' || (cursor.position === 'item' && objectLike)) {
    const required = requiredOf(schema);
    return Object.entries(propertiesOf(schema))
      .filter(([key]) => !cursor.existingKeys.includes(key))
      .map(([key, child]) => keySuggestion(cursor, key, child, required.includes(key)));
  }
  const values = [...enumOf(schema).map(String), ...knownValuesAt(policyKind.family, path)];
  if (typesOf(schema).includes('boolean')) values.push('true', 'false');
  return valueSuggestions(cursor, [...new Set(values)], typeLabel(schema), schema);
}

function skeletonSuggestion(cursor: CursorContext, skeleton: PolicySkeleton): CompletionSuggestion {
  return {
    label: `${skeleton.kind} (new policy)`,
    kind: 'snippet',
    detail: 'policy skeleton',
    documentation: `A minimal ${skeleton.kind}. Source: ${skeleton.source}`,
    insertText: skeleton.snippet,
    isSnippet: true,
    replace: cursor.wordSpan,
    sortText: `2_${skeleton.kind}`,
  };
}

function servedVersionOf(kind: PolicyKind, apiVersion: string | undefined): string {
  const { version } = splitApiVersion(apiVersion ?? '');
  return kind.servedVersions.includes(version) ? version : kind.servedVersions[0];
}

function keySuggestion(cursor: CursorContext, key: string, child: FieldSchema, required: boolean): CompletionSuggestion {
  const docs = [child.description?.trim(), required ? '**Required.**' : undefined].filter(Boolean).join('\n\n');
  return {
    label: key,
    kind: 'property',
    detail: typeLabel(child),
    ...(docs ? { documentation: docs } : {}),
    insertText: cursor.hasColonAfter ? key : `${escapeSnippet(key)}:${snippetAfterKey(child)}`,
    isSnippet: !cursor.hasColonAfter,
    replace: cursor.wordSpan,
    sortText: `${required ? '0' : '1'}_${key}`,
  };
}

/** What follows `key:`; relative indentation (the editor re-indents following lines to the cursor line). */
function snippetAfterKey(schema: FieldSchema): string {
  const types = typesOf(schema);
  const values = enumOf(schema);
  if (values.length > 0) return ` \${1|${values.map((v) => escapeChoice(String(v))).join(',')}|}`;
  if (types.length === 1 && types[0] === 'boolean') return ' ${1|true,false|}';
  if (types.length === 1 && types[0] === 'array') {
    const item = itemSchemaOf(schema);
    if (item && Object.keys(propertiesOf(item)).length > 0) {
      const children = requiredChildren(item, `${INDENT}  `);
      return `\n${INDENT}- ${children.length > 0 ? children.slice(INDENT.length + 2) : '$1'}`;
    }
    const itemValues = item ? enumOf(item) : [];
    return itemValues.length > 0 ? `\n${INDENT}- \${1|${itemValues.map((v) => escapeChoice(String(v))).join(',')}|}` : `\n${INDENT}- $1`;
  }
  if (types.includes('object') && !types.some((t) => t !== 'object')) {
    const children = requiredChildren(schema, INDENT);
    return `\n${children.length > 0 ? children : `${INDENT}$1`}`;
  }
  return ' $1';
}

/** One `child: $n` line per required child, each at `indent`. */
function requiredChildren(schema: FieldSchema, indent: string): string {
  const properties = propertiesOf(schema);
  return requiredOf(schema)
    .map((key, i) => {
      const child = properties[key] ?? {};
      const types = typesOf(child);
      const tab = i + 1;
      if (types.length === 1 && types[0] === 'array') return `${indent}${key}:\n${indent}${INDENT}- $${tab}`;
      if (types.length === 1 && types[0] === 'object') return `${indent}${key}:\n${indent}${INDENT}$${tab}`;
      return `${indent}${key}: $${tab}`;
    })
    .join('\n');
}

function valueSuggestions(cursor: CursorContext, values: readonly string[], detail: string, schema?: FieldSchema): CompletionSuggestion[] {
  const isString = !schema || typesOf(schema).includes('string');
  return values.map((value, i) => ({
    label: value,
    kind: 'value' as const,
    detail,
    ...(schema?.description ? { documentation: schema.description.trim() } : {}),
    insertText: `${cursor.valueNeedsSpace ? ' ' : ''}${isString && readsAsNonString(value) ? `"${value}"` : value}`,
    isSnippet: false,
    replace: cursor.wordSpan,
    sortText: String(i).padStart(4, '0'),
  }));
}

/** YAML would read these as booleans, numbers or null, so a string value needs quotes. */
function readsAsNonString(value: string): boolean {
  return /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+)$/i.test(value) || /^[*&!%@`{[]/.test(value);
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

function escapeChoice(text: string): string {
  return text.replace(/[$}\\,|]/g, '\\$&');
}

export type { SchemaLookup, FieldSchema } from './fieldSchema';
