// The workloads the policies of one file select: the focus of `meshlens/trafficGraph` and `meshlens graph
// --focus`. Which workloads a policy reaches is the workspace model's answer (graph/buildTrafficGraph
// workloadsOfPolicyFile over workspace/istioAttachment); this file only says how files compare.
import { workloadsOfPolicyFile } from '../graph/buildTrafficGraph';
import type { TrafficModel } from '../graph/trafficModel';

/** Files compare as given, except a leading `./` (the CLI's paths). */
export function focusWorkloads(model: TrafficModel, file: string): Set<string> {
  const normalise = (p: string): string => p.replace(/^\.\//, '');
  const wanted = normalise(file);
  return workloadsOfPolicyFile(model, (policyFile) => normalise(policyFile) === wanted);
}
