// The facade of the analysis core: text in, findings and recognised documents out.
// Pure (no IO, no LSP); callers pass data in. Never throws on user input.
import type { Finding } from './model/finding';
import type { SourceSpan } from './model/sourceSpan';
import { makeFinding } from './findings/findingCodes';
import { capFindings } from './findings/capFindings';
import { policyKindNamed, splitApiVersion } from './policyKinds';
import type { PolicyDocument } from './policyDocument';
import { parseYamlChunk, splitDocuments, spanAt, type DocumentChunk, type YamlDocument } from './yaml/parseYamlDocuments';
import { validateAgainstSchema, validateCompanionAgainstSchema } from './schema/validateAgainstSchema';
import { companionKindOf, type CompanionDocument } from './companionKinds';
import { checksFor } from './dialects/allDialects';
import { rebaseDocumentAnalysis } from './rebaseDocumentAnalysis';
import { bundledSchemaSet, type SchemaSet } from './schema/schemaSet';

export interface DocumentSummary {
  readonly index: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface DocumentAnalysis {
  readonly yaml: YamlDocument;
  readonly summary: DocumentSummary;
  /** Present when the document is a policy of a known kind and a served version. */
  readonly policy?: PolicyDocument;
  /** Present when the document is a companion kind (DestinationRule, CiliumCIDRGroup...) at a served version. */
  readonly companion?: CompanionDocument;
  readonly findings: readonly Finding[];
}

export interface FileAnalysis {
  readonly text: string;
  readonly documents: readonly DocumentAnalysis[];
  readonly findings: readonly Finding[];
}

/** Re-used per-document results keyed by document text, so an edit re-analyses only what changed. */
export interface DocumentCache {
  get(key: string): DocumentAnalysis | undefined;
  set(key: string, value: DocumentAnalysis): void;
}

/** `schemas`: which CRD schemas validate (bundled unless the user's own CRDs replace some; schema/schemaSet.ts). */
export function analyzeText(text: string, cache?: DocumentCache, schemas: SchemaSet = bundledSchemaSet): FileAnalysis {
  const steps = analyzeTextStepwise(text, cache, schemas);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same analysis one YAML document at a time: yields after each document, so a caller can pause
 * between documents (the language server does, to keep answering requests while a large file is analysed).
 */
export function* analyzeTextStepwise(text: string, cache?: DocumentCache, schemas: SchemaSet = bundledSchemaSet): Generator<void, FileAnalysis, void> {
  const documents: DocumentAnalysis[] = [];
  for (const [index, chunk] of splitDocuments(text).entries()) {
    documents.push(analyzeChunkCached(chunk, index, cache, schemas));
    yield;
  }
  // Each document's list is capped already; the file's merged list is capped again, with one summary.
  return { text, documents, findings: capFindings(documents.flatMap((d) => d.findings)) };
}

/** One chunk's analysis, from the cache when its text (at this index) was analysed before, moved to the chunk's start. */
export function analyzeChunkCached(chunk: DocumentChunk, index: number, cache?: DocumentCache, schemas: SchemaSet = bundledSchemaSet): DocumentAnalysis {
  // Offsets are part of the result: a hit from another position is shifted rather than re-analysed.
  const key = documentCacheKey(index, chunk.text);
  const hit = cache?.get(key);
  if (hit) {
    if (hit.yaml.start === chunk.start) return hit;
    const moved = rebaseDocumentAnalysis(hit, chunk.start - hit.yaml.start);
    cache?.set(key, moved);
    return moved;
  }
  // A chunk is a slice of the whole text, and JavaScript engines keep the whole text alive for as long as
  // any slice of it (the AST's scalars included) lives; a cached analysis would pin the full text of the
  // version it came from. Parsing a detached copy pins only the document's own text.
  const analysis = analyzeDocument(parseYamlChunk({ start: chunk.start, text: cache ? detachedCopy(key, chunk.text.length) : chunk.text }, index), schemas);
  cache?.set(key, analysis);
  return analysis;
}

/** The document cache's key: a document's result holds its index, so the same text at another index is another entry. */
export function documentCacheKey(index: number, text: string): string {
  return `${index}:${text}`;
}

/**
 * The document's text as the tail of its cache key. The key, concatenated from the index and a slice of the whole
 * text, holds the whole text too until the engine flattens it; slicing it flattens it into a string of its own, so
 * the key the cache keeps and the text the analysis keeps hold only the document's text, copied once (a JSON round
 * trip of the slice copied it twice and left the key holding the whole text).
 */
function detachedCopy(key: string, length: number): string {
  return key.slice(key.length - length);
}

export function analyzeDocument(yaml: YamlDocument, schemas: SchemaSet = bundledSchemaSet): DocumentAnalysis {
  const analysis = analyzeDocumentUncapped(yaml, schemas);
  const findings = capFindings(analysis.findings, undefined, { documentIndex: yaml.index, at: yaml.start });
  return findings.length === analysis.findings.length ? analysis : { ...analysis, findings };
}

function analyzeDocumentUncapped(yaml: YamlDocument, schemas: SchemaSet): DocumentAnalysis {
  const value = yaml.value;
  const summary = summarize(yaml.index, value);
  const findings: Finding[] = [...yaml.findings];
  const kind = policyKindNamed(summary.kind);
  if (yaml.findings.some((f) => f.severity === 'error')) return { yaml, summary, findings };
  if (!kind) return analyzeCompanion(yaml, summary, findings, schemas);
  if (!isRecord(value)) {
    findings.push(makeFinding('ML0008', documentSpan(yaml), `A ${kind.kind} document must be a mapping.`, yaml.index));
    return { yaml, summary, findings };
  }
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  const { group, version } = splitApiVersion(apiVersion);
  if (group !== kind.group || !kind.servedVersions.includes(version)) {
    const served = kind.servedVersions.map((v) => `${kind.group}/${v}`).join(', ');
    findings.push(
      makeFinding('ML0007', spanAt(yaml, ['apiVersion']), `${kind.kind} is not served at apiVersion "${apiVersion}"; use ${served}.`, yaml.index),
    );
    return { yaml, summary, findings };
  }
  const policy: PolicyDocument = { yaml, kind, apiVersion, version, value, name: summary.name, namespace: summary.namespace };
  findings.push(...validateAgainstSchema(policy, schemas));
  for (const check of checksFor(kind.family)) findings.push(...check(policy));
  return { yaml, summary, policy, findings };
}

function analyzeCompanion(yaml: YamlDocument, summary: DocumentSummary, findings: Finding[], schemas: SchemaSet): DocumentAnalysis {
  const value = yaml.value;
  const kind = companionKindOf(summary.apiVersion, summary.kind);
  if (!kind || !isRecord(value)) return { yaml, summary, findings };
  const apiVersion = summary.apiVersion ?? '';
  const { version } = splitApiVersion(apiVersion);
  if (!kind.servedVersions.includes(version)) {
    const served = kind.servedVersions.map((v) => `${kind.group}/${v}`).join(', ');
    findings.push(makeFinding('ML0007', spanAt(yaml, ['apiVersion']), `${kind.kind} is not served at apiVersion "${apiVersion}"; use ${served}.`, yaml.index));
    return { yaml, summary, findings };
  }
  const companion: CompanionDocument = { yaml, kind, apiVersion, version, value, name: summary.name, namespace: summary.namespace };
  findings.push(...validateCompanionAgainstSchema(companion, schemas));
  return { yaml, summary, companion, findings };
}

function summarize(index: number, value: unknown): DocumentSummary {
  if (!isRecord(value)) return { index };
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return {
    index,
    apiVersion: typeof value.apiVersion === 'string' ? value.apiVersion : undefined,
    kind: typeof value.kind === 'string' ? value.kind : undefined,
    name: typeof metadata.name === 'string' ? metadata.name : undefined,
    namespace: typeof metadata.namespace === 'string' ? metadata.namespace : undefined,
  };
}

function documentSpan(yaml: YamlDocument): SourceSpan {
  return spanAt(yaml, []);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
