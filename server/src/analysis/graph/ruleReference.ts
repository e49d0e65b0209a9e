// Turns a policy rule (policy source + value path) into the wire RuleRef: file, line/character range,
// `ns/name`, kind and the readable rule path. One LineIndex per file text, reused across rules.
import type { RuleRef } from './trafficGraphModel';
import type { PolicySource } from '../inventory/inventoryModel';
import { formatPath, type ValuePath } from '../model/sourceSpan';
import { LineIndex } from '../yaml/lineIndex';

export type RuleReferencer = (policy: PolicySource, path: ValuePath) => RuleRef;

export function createRuleReferencer(): RuleReferencer {
  const indexes = new Map<string, LineIndex>();
  const cache = new Map<PolicySource, Map<string, RuleRef>>();
  // Compiled rules keep their path arrays, so most look-ups hit by array identity without building a string.
  const byPathArray = new WeakMap<ValuePath, Map<PolicySource, RuleRef>>();
  return (policy, path) => {
    const direct = byPathArray.get(path)?.get(policy);
    if (direct) return direct;
    const ref = lookup(policy, path);
    let perPath = byPathArray.get(path);
    if (!perPath) byPathArray.set(path, (perPath = new Map()));
    perPath.set(policy, ref);
    return ref;
  };

  function lookup(policy: PolicySource, path: ValuePath): RuleRef {
    const key = path.join('\u0000');
    let perPolicy = cache.get(policy);
    const hit = perPolicy?.get(key);
    if (hit) return hit;
    const source = policy.source;
    const span = source.spanOf?.(path);
    let range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (span && source.text !== undefined) {
      let index = indexes.get(source.file);
      if (!index) {
        index = new LineIndex(source.text);
        indexes.set(source.file, index);
      }
      range = { start: index.positionAt(span.start), end: index.positionAt(span.end) };
    }
    const ref: RuleRef = {
      file: source.file,
      range,
      policy: policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name,
      kind: policy.kind,
      path: formatPath([...source.basePath, ...path]),
    };
    if (!perPolicy) {
      perPolicy = new Map();
      cache.set(policy, perPolicy);
    }
    perPolicy.set(key, ref);
    return ref;
  }
}
