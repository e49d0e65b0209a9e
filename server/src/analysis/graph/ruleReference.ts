// Turns a policy rule (policy source + value path) into the wire RuleRef: file, line/character range,
// `ns/name`, kind and the readable rule path, plus the enforcer that applied it and the layer and label hover
// gives it (ruleClassification.ts). One LineIndex per file text, reused across rules.
import type { EnforcerId, RuleRef } from './trafficGraphModel';
import type { PolicySource } from '../inventory/inventoryModel';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { LineIndex } from '../yaml/lineIndex';
import type { RuleAnnotator } from './ruleClassification';

export type RuleReferencer = (policy: PolicySource, path: ValuePath, enforcer?: EnforcerId) => RuleRef;

// Line indexes of recent file texts, shared by referencers: a big file's index is not rebuilt for every graph.
const recentIndexes = new Map<string, { readonly text: string; readonly index: LineIndex }>();

function lineIndexOf(file: string, text: string): LineIndex {
  const known = recentIndexes.get(file);
  if (known && known.text === text) return known.index;
  const index = new LineIndex(text);
  recentIndexes.delete(file);
  if (recentIndexes.size >= 16) recentIndexes.delete(recentIndexes.keys().next().value!);
  recentIndexes.set(file, { text, index });
  return index;
}

export function createRuleReferencer(annotate?: RuleAnnotator): RuleReferencer {
  // By text: policies of one file may hold different texts (a document before an edit keeps the older one).
  const indexes = new Map<string, LineIndex>();
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
    const span = source.spanOf?.(path);
    let range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (span && source.text !== undefined) {
      let index = indexes.get(source.text);
      if (!index) {
        index = lineIndexOf(source.file, source.text);
        indexes.set(source.text, index);
      }
      range = { start: index.positionAt(span.start), end: index.positionAt(span.end) };
    }
    const annotation = enforcer && annotate ? annotate(policy, path, enforcer) : undefined;
    const ref: RuleRef = {
      file: source.file,
      range,
      policy: policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name,
      kind: policy.kind,
      path: formatPath([...source.basePath, ...path]),
      ...(enforcer ? { enforcer } : {}),
      ...(annotation ? { layer: annotation.layer, label: annotation.label } : {}),
    };
    if (!perPolicy) {
      perPolicy = new Map();
      cache.set(policy, perPolicy);
    }
    perPolicy.set(key, ref);
    return ref;
  }
}
