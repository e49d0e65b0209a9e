// Hover over a field of a policy document: composed from a list of sections (schema description, ...,
// upstream doc link), each a pure function of the cursor. To add a section (e.g. the rule's layer and
// enforcer from features/ruleHover.ts), add one entry to `hoverSections`.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import { formatPath } from '../model/sourceSpan';
import { policyKindNamed, splitApiVersion, type PolicyKind, type PolicyKindName } from '../policyKinds';
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import { cursorOf, type CursorContext, type CursorInput } from '../yaml/nodeAtOffset';
import { enumOf, requiredOf, typeLabel, type SchemaLookup } from './fieldSchema';
import { ruleHoverSection } from './ruleHover';

export interface HoverContext {
  readonly text: string;
  readonly offset: number;
  readonly cursor: CursorContext;
  readonly policyKind: PolicyKind;
  readonly version: string;
  /** Path of the field under the cursor: the key's value, or the value itself. */
  readonly fieldPath: ValuePath;
  readonly schemaAt: SchemaLookup;
  /** The analysed document under the cursor, when the caller has an analysis (rule-level sections need it). */
  readonly document?: DocumentAnalysis;
}

/** Returns markdown, or undefined when it has nothing to say here. */
export type HoverSection = (context: HoverContext) => string | undefined;

export interface HoverResult {
  readonly markdown: string;
  readonly span: SourceSpan;
}

/** The upstream reference page per kind, linked at the foot of every hover. */
export const upstreamDocPages: Readonly<Record<PolicyKindName, string>> = {
  CiliumNetworkPolicy: 'https://docs.cilium.io/en/stable/security/policy/language/',
  CiliumClusterwideNetworkPolicy: 'https://docs.cilium.io/en/stable/security/policy/language/',
  AuthorizationPolicy: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
  PeerAuthentication: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
  RequestAuthentication: 'https://istio.io/latest/docs/reference/config/security/request_authentication/',
  NetworkPolicy: 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/',
};

export const schemaSection: HoverSection = ({ policyKind, version, fieldPath, schemaAt }) => {
  const schema = schemaAt(policyKind.kind, version, fieldPath);
  if (!schema) return undefined;
  const last = fieldPath[fieldPath.length - 1];
  const parent = fieldPath.length > 0 ? schemaAt(policyKind.kind, version, fieldPath.slice(0, -1)) : undefined;
  const required = typeof last === 'string' && parent !== undefined && requiredOf(parent).includes(last);
  const title = `**\`${formatPath(fieldPath) || policyKind.kind}\`** · ${typeLabel(schema)}${required ? ' · required' : ''}`;
  const values = enumOf(schema);
  return [
    title,
    schema.description?.trim(),
    values.length > 0 ? `Allowed values: ${values.map((v) => `\`${String(v)}\``).join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join('\n\n');
};

/** On `kind` and `apiVersion`: what the document is and which API versions upstream serves for it. */
export const policyKindSection: HoverSection = ({ policyKind, fieldPath }) => {
  if (fieldPath.length !== 1 || (fieldPath[0] !== 'kind' && fieldPath[0] !== 'apiVersion')) return undefined;
  const served = policyKind.servedVersions.map((v) => `\`${policyKind.group}/${v}\``).join(', ');
  return `**${policyKind.kind}** · ${policyKind.namespaced ? 'namespaced' : 'cluster-wide'} · served as ${served}`;
};

export const upstreamDocSection: HoverSection = ({ policyKind, version }) =>
  `[${policyKind.kind} ${version} reference](${upstreamDocPages[policyKind.kind]})`;

/** Order matters: the schema first, rule explanations next, the link last. */
export const hoverSections: readonly HoverSection[] = [policyKindSection, schemaSection, ruleHoverSection, upstreamDocSection];

export function hoverAt(
  text: CursorInput,
  offset: number,
  schemaAt: SchemaLookup,
  /** `document`: the analysis of the cursor's YAML document when the caller has it (else read from `analysis`). */
  options: { analysis?: FileAnalysis; document?: DocumentAnalysis; sections?: readonly HoverSection[] } = {},
): HoverResult | undefined {
  const cursor = cursorOf(text, offset);
  if (!cursor || cursor.word === '') return undefined;
  const policyKind = policyKindNamed(cursor.kind);
  if (!policyKind) return undefined;
  const { version: written } = splitApiVersion(cursor.apiVersion ?? '');
  const version = policyKind.servedVersions.includes(written) ? written : policyKind.servedVersions[0];
  const onKey = cursor.position === 'key' || (cursor.position === 'item' && cursor.hasColonAfter);
  const fieldPath = onKey ? [...cursor.path, cursor.word] : cursor.path;
  const context: HoverContext = {
    // The whole text, read only by a section that needs the file (none of the editor's do).
    get text() {
      return typeof text === 'string' ? text : text.text();
    },
    offset,
    cursor,
    policyKind,
    version,
    fieldPath,
    schemaAt,
    ...documentOption(options.document?.yaml.index === cursor.documentIndex ? options.document : options.analysis?.documents[cursor.documentIndex]),
  };
  const parts: string[] = [];
  let informative = false;
  for (const section of options.sections ?? hoverSections) {
    const part = section(context);
    if (!part) continue;
    parts.push(part);
    // The doc link alone is not worth a hover.
    if (section !== upstreamDocSection) informative = true;
  }
  if (!informative) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), span: cursor.wordSpan };
}

function documentOption(document: DocumentAnalysis | undefined): { document?: DocumentAnalysis } {
  return document ? { document } : {};
}
