// The workloads the policies of one file select: the focus of `meshlens/trafficGraph` and `meshlens graph
// --focus`. One copy for both adapters (they used to carry one each).
import type { TrafficModel } from '../graph/trafficModel';

/** Files compare as given, except a leading `./` (the CLI's paths). */
export function focusWorkloads(model: TrafficModel, file: string): Set<string> {
  const normalise = (p: string): string => p.replace(/^\.\//, '');
  const wanted = normalise(file);
  const ids = new Set<string>();
  for (const rule of model.rules) {
    if (normalise(rule.policy.source.file) !== wanted) continue;
    for (const w of model.subjectsOf(rule)) ids.add(w.id);
  }
  for (const policy of model.istio.authorizationPolicies) {
    if (normalise(policy.source.file) !== wanted) continue;
    const labels = (policy.value.spec as { selector?: { matchLabels?: Record<string, unknown> } } | undefined)?.selector?.matchLabels ?? {};
    for (const w of model.inventory.workloads) {
      if ((policy.namespace === model.inventory.rootNamespace || w.namespace === policy.namespace) && Object.entries(labels).every(([k, v]) => w.labels[k] === String(v))) ids.add(w.id);
    }
  }
  return ids;
}
