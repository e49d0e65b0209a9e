// Turns a policy rule (policy source + value path) into the wire RuleRef: file, line/character range,
// `ns/name`, kind and the readable rule path, plus the enforcer that applied it and the layer and label hover
// gives it (ruleClassification.ts). The range follows the policy's document (read when the answer is, once per
// version; a move shifts it), so a moved policy's edges stay as they are. One LineTable per file (lineTable.ts), reused across rules.
import type { EnforcerId, GraphRange, RuleRef } from './trafficGraphModel';
import type { PolicySource } from '../inventory/inventoryModel';
import { policyDocumentStart, policyLocationOf } from '../inventory/buildInventory';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { LineTable } from './lineTable';
import type { RuleAnnotation, RuleAnnotator } from './ruleClassification';

export type RuleReferencer = (policy: PolicySource, path: ValuePath, enforcer?: EnforcerId) => RuleRef;

// Line tables of recent file texts, shared by rule references: a big file's table is not rebuilt for every graph
// (after an edit it is derived from the file's previous one), and reading the ranges of a graph over many files
// does not rebuild them in turn.
const recentTables = new Map<string, LineTable>();

// The last table asked for: a graph's rule references mostly read one file's text after another (a one-file
// workspace: every reference), so most look-ups end at one comparison of the same string object.
let lastTable: { readonly file: string; readonly table: LineTable } | undefined;

function lineTableOf(file: string, text: string): LineTable {
  if (lastTable !== undefined && lastTable.file === file && lastTable.table.text === text) return lastTable.table;
  const table = tableOf(file, text);
  lastTable = { file, table };
  return table;
}

function tableOf(file: string, text: string): LineTable {
  const known = recentTables.get(file);
  if (known && known.text === text) return known;
  const table = known ? known.next(text) : LineTable.of(text);
  recentTables.delete(file);
  if (recentTables.size >= 256) recentTables.delete(recentTables.keys().next().value!);
  recentTables.set(file, table);
  return table;
}

export function createRuleReferencer(annotate?: RuleAnnotator): RuleReferencer {
  const cache = new Map<PolicySource, Map<string, RuleRef>>();
  // Compiled rules keep their path arrays, so most look-ups hit by array identity without building a string.
  const byPathArray = new WeakMap<ValuePath, Map<string, Map<PolicySource, RuleRef>>>();
  return (policy, path, enforcer) => {
    const tag = enforcer ?? '';
    const direct = byPathArray.get(path)?.get(tag)?.get(policy);
    if (direct) return direct;
    const ref = lookup(policy, path, enforcer);
    let perPath = byPathArray.get(path);
    if (!perPath) byPathArray.set(path, (perPath = new Map()));
    let perTag = perPath.get(tag);
    if (!perTag) perPath.set(tag, (perTag = new Map()));
    perTag.set(policy, ref);
    return ref;
  };

  function lookup(policy: PolicySource, path: ValuePath, enforcer: EnforcerId | undefined): RuleRef {
    const key = `${path.join('\u0000')}\u0001${enforcer ?? ''}`;
    let perPolicy = cache.get(policy);
    const hit = perPolicy?.get(key);
    if (hit) return hit;
    const source = policy.source;
    const annotation = enforcer && annotate ? annotate(policy, path, enforcer) : undefined;
    const ref = ruleRef(policy, path, source.file, policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name, formatPath([...source.basePath, ...path]), enforcer, annotation);
    if (!perPolicy) {
      perPolicy = new Map();
      cache.set(policy, perPolicy);
    }
    perPolicy.set(key, ref);
    return ref;
  }
}

const origin = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Where a RuleRef reads its range from, and the last range read (see readRange). */
interface RangeState {
  readonly policy: PolicySource;
  readonly path: ValuePath;
  version: number;
  relative: { readonly start: number; readonly end: number } | undefined;
  seen: { readonly index: LineTable; readonly base: number } | undefined;
  stamp: object | undefined;
  range: GraphRange;
}

// A reference's range state, under a key neither JSON, structured clone nor deep equality reads (not enumerable).
const rangeState = Symbol('rangeState');

/**
 * The RuleRef with its range read from where the policy is now: a policy whose document moved keeps its
 * RuleRefs, and so the edges naming it. Its span relative to its document is found once per version (a new
 * read of a changed document, relocatePolicy); a move only shifts it (policyDocumentStart), so reading the
 * range after a move costs two look-ups in the text's line index, not a walk of the document. The file, name
 * and path do not change with a move. Every reference has the same getter (readRange, its state on the object):
 * a getter made per object would put every reference in dictionary mode. Keys in the order JSON shows them.
 */
function ruleRef(policy: PolicySource, path: ValuePath, file: string, name: string, formatted: string, enforcer: EnforcerId | undefined, annotation: RuleAnnotation | undefined): RuleRef {
  const ref = { file } as { file: string; policy: string; kind: string; path: string; enforcer?: EnforcerId; layer?: RuleAnnotation['layer']; label?: string };
  Object.defineProperty(ref, 'range', rangeProperty);
  ref.policy = name;
  ref.kind = policy.kind;
  ref.path = formatted;
  if (enforcer) ref.enforcer = enforcer;
  if (annotation) {
    ref.layer = annotation.layer;
    ref.label = annotation.label;
  }
  const state: RangeState = { policy, path, version: -1, relative: undefined, seen: undefined, stamp: undefined, range: origin };
  Object.defineProperty(ref, rangeState, { value: state });
  return ref as RuleRef;
}

const rangeProperty: PropertyDescriptor = { get: readRange, enumerable: true, configurable: true };

function readRange(this: { [rangeState]: RangeState }): GraphRange {
  const state = this[rangeState];
  const { policy } = state;
  // Nothing moved since the last read (the common case outside the edited file): no line table is looked up.
  const location = policyLocationOf(policy);
  if (location !== undefined && location.current === state.stamp) return state.range;
  state.stamp = location?.current;
  const now = location?.version ?? 0;
  if (now !== state.version) {
    state.version = now;
    state.relative = relativeSpanOf(policy, state.path);
    state.seen = undefined;
  }
  const source = location?.current ?? policy.source;
  const text = source.text;
  const relative = state.relative;
  if (!relative || text === undefined) return (state.range = origin);
  const index = lineTableOf(source.file, text);
  const base = location?.document.start ?? 0;
  if (state.seen?.index !== index || state.seen.base !== base) {
    state.seen = { index, base };
    state.range = { start: index.positionAt(base + relative.start), end: index.positionAt(base + relative.end) };
  }
  return state.range;
}

/** The rule's span, as offsets from the start of its policy's document; undefined when the policy has no spans. */
function relativeSpanOf(policy: PolicySource, path: ValuePath): { start: number; end: number } | undefined {
  const span = policy.source.spanOf?.(path);
  if (!span) return undefined;
  const base = policyDocumentStart(policy);
  return { start: span.start - base, end: span.end - base };
}
