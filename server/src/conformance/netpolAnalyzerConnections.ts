// How netpol-analyzer writes a connection set (shared by the connlist and diff scorers). Its connection sets know
// only TCP, UDP and SCTP (np-guard/models ConnectionSet over the three Kubernetes protocols), so every port of the
// three is `All Connections` whatever meshlens says about ICMP, and an ICMP-only set is no connection at all.
import { formatPortSet, MAX_PORT, portProtocols, type PortSet } from '../analysis/graph/portSet';

export function formatNetpolAnalyzerConnections(set: PortSet): string {
  if (portProtocols.every((p) => set[p].length === 1 && set[p][0][0] === 1 && set[p][0][1] === MAX_PORT)) return 'All Connections';
  return formatPortSet({ ...set, other: false });
}
