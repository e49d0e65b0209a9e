// The match lists of an AuthorizationPolicy `from.source` and `to.operation`, and how istiod treats
// each: the name it uses in messages, the value syntax it validates, whether the field counts as a
// TCP (non-HTTP) attribute for the DENY warning, and whether CUSTOM policies may use it.
// Sources: istio/istio pkg/config/validation/validation.go (ValidateAuthorizationPolicy), pkg/config/security/security.go,
// istio/api security/v1beta1/authorization_policy.proto (Source, Operation).

export type MatchValues = 'string' | 'ip' | 'port' | 'serviceAccount' | 'path' | 'method';

export interface MatchField {
  readonly field: string;
  readonly part: 'source' | 'operation';
  /** The Go field name istiod puts in its messages ("empty value not allowed, found in Hosts"). */
  readonly upstreamName: string;
  readonly values: MatchValues;
  /** Counts as a TCP attribute in the webhook's "DENY with only HTTP attributes" warning. */
  readonly tcp: boolean;
  /** istiod rejects it under a CUSTOM action ("From.Namespaces is currently not supported with CUSTOM action"). */
  readonly customUnsupported: boolean;
  /** Values use Istio string matching (exact, `prefix*`, `*suffix`, `*`). */
  readonly stringMatch: boolean;
}

const source = (field: string, values: MatchValues, tcp: boolean, customUnsupported: boolean): MatchField => ({
  field,
  part: 'source',
  upstreamName: field[0].toUpperCase() + field.slice(1),
  values,
  tcp,
  customUnsupported,
  stringMatch: values === 'string',
});

const operation = (field: string, values: MatchValues, tcp: boolean): MatchField => ({
  field,
  part: 'operation',
  upstreamName: field[0].toUpperCase() + field.slice(1),
  values,
  tcp,
  customUnsupported: false,
  stringMatch: values === 'string' || values === 'path' || values === 'method',
});

export const matchFields: readonly MatchField[] = [
  source('principals', 'string', true, true),
  source('notPrincipals', 'string', true, true),
  source('requestPrincipals', 'string', false, true),
  source('notRequestPrincipals', 'string', false, true),
  source('namespaces', 'string', true, true),
  source('notNamespaces', 'string', true, true),
  source('serviceAccounts', 'serviceAccount', true, true),
  source('notServiceAccounts', 'serviceAccount', true, true),
  source('ipBlocks', 'ip', true, false),
  source('notIpBlocks', 'ip', true, false),
  source('remoteIpBlocks', 'ip', true, false),
  source('notRemoteIpBlocks', 'ip', true, false),
  // Newer API fields (extended channel); istiod does not validate their values yet.
  source('trustDomains', 'string', true, false),
  source('notTrustDomains', 'string', true, false),
  operation('ports', 'port', true),
  operation('notPorts', 'port', true),
  operation('methods', 'method', false),
  operation('notMethods', 'method', false),
  operation('paths', 'path', false),
  operation('notPaths', 'path', false),
  operation('hosts', 'string', false),
  operation('notHosts', 'string', false),
];

export function matchFieldsOf(part: 'source' | 'operation'): readonly MatchField[] {
  return matchFields.filter((f) => f.part === part);
}
