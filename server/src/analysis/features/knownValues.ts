// Values that upstream accepts for a field but that its schema does not enumerate (plain `type: string`),
// kept as small tables with their source so completion can still offer them. Schema enums are read
// from the schema itself, not repeated here.
import type { PolicyFamily } from '../policyKinds';
import type { ValuePath } from '../model/sourceSpan';

export interface KnownValueTable {
  readonly family: PolicyFamily;
  /** Matches the path with every index written as `[]`, e.g. `spec.rules[].to[].operation.methods[]`. */
  readonly path: RegExp;
  readonly values: readonly string[];
  readonly source: string;
}

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

export const knownValueTables: readonly KnownValueTable[] = [
  {
    family: 'istio',
    path: /^spec\.rules\[\]\.to\[\]\.operation\.(methods|notMethods)\[\]$/,
    values: httpMethods,
    source: 'RFC 9110 §9 and RFC 5789 (PATCH); istio.io/latest/docs/reference/config/security/authorization-policy/#Operation',
  },
  {
    family: 'cilium',
    path: /^specs?(\[\])?\.(ingress|egress)\[\]\.toPorts\[\]\.rules\.http\[\]\.method$/,
    values: httpMethods,
    source: 'RFC 9110 §9; Cilium PortRuleHTTP.Method (pkg/policy/api/http.go) is an extended POSIX regex over these',
  },
  {
    family: 'kubernetes',
    path: /^spec\.(ingress|egress)\[\]\.ports\[\]\.protocol$/,
    values: ['TCP', 'UDP', 'SCTP'],
    source: 'k8s.io/api/core/v1 Protocol (NetworkPolicyPort.protocol)',
  },
  {
    family: 'istio',
    path: /^spec\.rules\[\]\.when\[\]\.key$/,
    values: [
      'request.headers[]',
      'source.ip',
      'remote.ip',
      'source.namespace',
      'source.principal',
      'request.auth.principal',
      'request.auth.audiences',
      'request.auth.presenter',
      'request.auth.claims[]',
      'destination.ip',
      'destination.port',
      'connection.sni',
      'experimental.envoy.filters.network.mysql_proxy[]',
    ],
    source: 'istio.io/latest/docs/reference/config/security/conditions/',
  },
  {
    family: 'istio',
    path: /^spec\.mtls\.mode$|^spec\.portLevelMtls\.[^.]+\.mode$/,
    values: ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'],
    source: 'istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-MutualTLS-Mode',
  },
];

/** The path as the tables match it: indices become `[]`. */
export function genericPath(path: ValuePath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? '[]' : out === '' ? part : `.${part}`;
  return out;
}

export function knownValuesAt(family: PolicyFamily, path: ValuePath): readonly string[] {
  const generic = genericPath(path);
  return knownValueTables.filter((t) => t.family === family && t.path.test(generic)).flatMap((t) => t.values);
}
