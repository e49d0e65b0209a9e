// How each AuthorizationPolicy attribute (source, operation and `when` keys) is enforced per Istio proxy.
// Source: ../shared/design/semantics.md §B.4/§B.5, citing istio/istio pilot/pkg/serviceregistry/ambient/
// authorization.go (ztunnel conversion), pilot/pkg/security/authz/model (Envoy RBAC) and istio.io docs.
import { conditionAttribute, type AcceptedConditionKey } from '../dialects/istio/conditionAttributes';
import type { Layer } from './ruleEnforcement';

/** What ztunnel does with the attribute when a selector or namespace-wide policy is converted for it. */
export type ZtunnelTreatment = 'kept' | 'http-dropped';

export interface IstioAttributeRow {
  /** `source.principals`, `operation.methods`, `when:request.headers` (a prefix for `when` keys). */
  readonly attribute: string;
  readonly layer: Layer;
  /** True when Envoy only evaluates it on an HTTP filter chain (skipped or ignored on plain TCP). */
  readonly httpOnly: boolean;
  readonly ztunnel: ZtunnelTreatment;
  readonly upstream: string;
}

const AP = 'istio/api security/v1beta1/authorization_policy.proto';
const ZC = 'istio/istio pilot/pkg/serviceregistry/ambient/authorization.go';
const MDL = 'istio/istio pilot/pkg/security/authz/model/model.go';
const COND = 'istio.io docs/reference/config/security/conditions';

export const istioSourceAttributes: readonly IstioAttributeRow[] = [
  { attribute: 'principals', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'notPrincipals', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'namespaces', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'notNamespaces', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'serviceAccounts', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'notServiceAccounts', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  // istiod reports trust domains as unsupported, like HTTP attributes: a ztunnel Match has no trust-domain
  // field (httpSources in authorization.go; semantics.md §B.4 still says "not mapped", from an older snapshot).
  { attribute: 'trustDomains', layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC} (httpSources)` },
  { attribute: 'notTrustDomains', layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC} (httpSources)` },
  { attribute: 'ipBlocks', layer: 'L3', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'notIpBlocks', layer: 'L3', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  // On a TCP chain Envoy reads remoteIpBlocks from the proxy protocol, so it is not skipped there.
  { attribute: 'remoteIpBlocks', layer: 'L7', httpOnly: false, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'notRemoteIpBlocks', layer: 'L7', httpOnly: false, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'requestPrincipals', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'notRequestPrincipals', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
];

export const istioOperationAttributes: readonly IstioAttributeRow[] = [
  { attribute: 'ports', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP} (workload ports, istio/api PR 3075); ${ZC}` },
  { attribute: 'notPorts', layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${AP}; ${ZC}` },
  { attribute: 'hosts', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'notHosts', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'methods', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'notMethods', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'paths', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
  { attribute: 'notPaths', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${AP}; ${ZC}; ${MDL}` },
];

/**
 * How each proxy reads the `when` keys, one row per attribute of the istiod vocabulary
 * (dialects/istio/conditionAttributes.ts owns which names exist and how a key matches a row).
 */
/** Keyed by the accepted vocabulary, so a key istiod accepts cannot lack a row (the compiler checks it). */
const conditionRows: Readonly<Record<AcceptedConditionKey, Omit<IstioAttributeRow, 'attribute'>>> = {
  'source.ip': { layer: 'L3', httpOnly: false, ztunnel: 'kept', upstream: `${COND}; ${ZC}` },
  'destination.ip': { layer: 'L3', httpOnly: false, ztunnel: 'kept', upstream: `${COND}; ${ZC}` },
  'source.namespace': { layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${COND}; ${ZC}` },
  'source.principal': { layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${COND}; ${ZC}` },
  'destination.port': { layer: 'L4', httpOnly: false, ztunnel: 'kept', upstream: `${COND}; ${ZC}` },
  // ztunnel converts only the five keys above; everything else counts as an HTTP attribute there.
  'remote.ip': { layer: 'L3', httpOnly: false, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}` },
  'source.serviceAccount': { layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}` },
  'source.trustDomain': { layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}` },
  // TLS-level (SNI) and filter metadata: Envoy reads them on TCP chains too; the Layer scale has no TLS step.
  'connection.sni': { layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}` },
  'experimental.envoy.filters.': { layer: 'L4', httpOnly: false, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}` },
  'request.headers': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
  'request.experimental.inline.headers': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
  'request.auth.principal': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
  'request.auth.audiences': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
  'request.auth.presenter': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
  'request.auth.claims': { layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; ${MDL}` },
};

export const istioConditionKeys: readonly IstioAttributeRow[] = Object.entries(conditionRows).map(([attribute, row]) => ({ attribute, ...row }));

/** Unknown and rejected `when` keys: the sidecar builder skips the rule; ztunnel treats them as HTTP attributes. */
const unknownCondition: IstioAttributeRow = { attribute: '(unknown key)', layer: 'L7', httpOnly: true, ztunnel: 'http-dropped', upstream: `${COND}; ${ZC}; istio/istio pilot/pkg/security/authz/builder/builder.go` };

const sourceByName = new Map(istioSourceAttributes.map((row) => [row.attribute, row]));
const operationByName = new Map(istioOperationAttributes.map((row) => [row.attribute, row]));
const conditionByKey = new Map(istioConditionKeys.map((row) => [row.attribute, row]));

export function istioSourceAttribute(name: string): IstioAttributeRow | undefined {
  return sourceByName.get(name);
}
export function istioOperationAttribute(name: string): IstioAttributeRow | undefined {
  return operationByName.get(name);
}
export function istioConditionKey(key: string): IstioAttributeRow {
  const vocabulary = conditionAttribute(key);
  return (vocabulary && !vocabulary.rejected ? conditionByKey.get(vocabulary.key) : undefined) ?? unknownCondition;
}
