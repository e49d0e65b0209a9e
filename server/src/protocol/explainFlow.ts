// `meshlens/explainFlow`: one flow explained rule by rule, as `meshlens explain --format json` prints it, but
// computed by the language server on the open documents' unsaved text under the editor's settings
// (meshlens.istio.dataplaneMode, meshlens.defaultNamespace). Types, constants and the header syntax both ends read.
import type { ExplainResult } from '../analysis/graph/trafficGraphModel';
import type { DataplaneMode } from './settings';

export const explainFlowMethod = 'meshlens/explainFlow' as const;

export type ExplainProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
export const explainProtocols: readonly ExplainProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

/** An HTTP request, for L7 rules (Cilium HTTP rules, Istio operations); absent = the L4 flow only. */
export interface ExplainHttpRequest {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One request header as `meshlens explain --header` and the panel's Explain form take it: `Name: value` (curl's
 * form, split at the first colon) or `Name` alone (present with an empty value). An empty name is invalid.
 */
export function parseHeaderArgument(text: string): { readonly name: string; readonly value: string } {
  const colon = text.indexOf(':');
  return colon === -1 ? { name: text.trim(), value: '' } : { name: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
}

export interface ExplainFlowParams {
  /** Endpoints as `meshlens explain --from/--to` take them: `ns/workload`, an entity, an IP/CIDR, `fqdn:<name>`. */
  readonly from: string;
  readonly to: string;
  /** Destination port (container port, after Service translation); ignored for ICMP. */
  readonly port: number;
  /** Default TCP. */
  readonly protocol?: ExplainProtocol;
  readonly request?: ExplainHttpRequest;
  /** Workspace folder to read (file URI); absent = every workspace folder. */
  readonly folderUri?: string;
  /** A file to include even outside the folders; its settings scope the request. */
  readonly focusUri?: string;
}

/** The settings the answer was computed under, so a client can say so. */
export interface ExplainBasis {
  readonly dataplaneMode: DataplaneMode;
  readonly defaultNamespace: string;
}

/** Either the explanation (the CLI's JSON) or why there is none (an endpoint that names no workload, bad params). */
export type ExplainFlowResult =
  | { readonly explanation: ExplainResult; readonly basis: ExplainBasis }
  | { readonly error: string };
