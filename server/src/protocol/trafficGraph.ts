// The allowed-traffic graph as it crosses process boundaries: the `meshlens/trafficGraph` LSP request,
// `meshlens graph --format json` and the webview all speak this shape. Types and constants only; the graph types
// are owned by the analysis core and re-exported here so protocol depends on analysis, never the reverse.

export const trafficGraphMethod = 'meshlens/trafficGraph' as const;

export interface TrafficGraphParams {
  /** Workspace folder to scan (file URI); absent = every workspace folder. */
  readonly folderUri?: string;
  /** Focus: only the workloads this policy file selects, plus their peers. Absent = whole workspace. */
  readonly focusUri?: string;
}

export type {
  GraphNodeKind,
  MeshMode,
  GraphNode,
  EdgeVerdict,
  EnforcerId,
  GraphProtocol,
  GraphPosition,
  GraphRange,
  RuleRef,
  L7Constraint,
  GraphEdge,
  Layer,
  TrafficGraph,
  GraphTruncation,
  ExplainDirection,
  ExplainStep,
  ExplainResult,
} from '../analysis/graph/trafficGraphModel';

/** Enforcer id → the short label hover and inlay hints use (`Envoy (node)`): the one wording the webview shows. */
export { enforcerShortLabels } from '../analysis/enforcement/enforcerCatalog';
