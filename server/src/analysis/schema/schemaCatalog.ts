// The generated JSON Schemas (schemas/generated, from the pinned upstream CRDs) as data for the pure
// core: one per policy kind and served version, plus navigation to the schema node at a value path
// (used by validation, CEL, completion and hover).
import type { ValuePath } from '../model/sourceSpan';
import type { PolicyKindName } from '../policyKinds';
import ciliumNetworkPolicyV2 from '../../../../schemas/generated/cilium.io/CiliumNetworkPolicy_v2.json';
import ciliumClusterwideNetworkPolicyV2 from '../../../../schemas/generated/cilium.io/CiliumClusterwideNetworkPolicy_v2.json';
import authorizationPolicyV1 from '../../../../schemas/generated/security.istio.io/AuthorizationPolicy_v1.json';
import authorizationPolicyV1beta1 from '../../../../schemas/generated/security.istio.io/AuthorizationPolicy_v1beta1.json';
import peerAuthenticationV1 from '../../../../schemas/generated/security.istio.io/PeerAuthentication_v1.json';
import peerAuthenticationV1beta1 from '../../../../schemas/generated/security.istio.io/PeerAuthentication_v1beta1.json';
import requestAuthenticationV1 from '../../../../schemas/generated/security.istio.io/RequestAuthentication_v1.json';
import requestAuthenticationV1beta1 from '../../../../schemas/generated/security.istio.io/RequestAuthentication_v1beta1.json';
import networkPolicyV1 from '../../../../schemas/generated/networking.k8s.io/NetworkPolicy_v1.json';
import type { CompanionKind } from '../companionKinds';
import ciliumCidrGroupV2 from '../../../../schemas/generated/cilium.io/CiliumCIDRGroup_v2.json';
import ciliumCidrGroupV2alpha1 from '../../../../schemas/generated/cilium.io/CiliumCIDRGroup_v2alpha1.json';
import destinationRuleV1 from '../../../../schemas/generated/networking.istio.io/DestinationRule_v1.json';
import destinationRuleV1alpha3 from '../../../../schemas/generated/networking.istio.io/DestinationRule_v1alpha3.json';
import destinationRuleV1beta1 from '../../../../schemas/generated/networking.istio.io/DestinationRule_v1beta1.json';
import sidecarV1 from '../../../../schemas/generated/networking.istio.io/Sidecar_v1.json';
import sidecarV1alpha3 from '../../../../schemas/generated/networking.istio.io/Sidecar_v1alpha3.json';
import sidecarV1beta1 from '../../../../schemas/generated/networking.istio.io/Sidecar_v1beta1.json';
import serviceEntryV1 from '../../../../schemas/generated/networking.istio.io/ServiceEntry_v1.json';
import serviceEntryV1alpha3 from '../../../../schemas/generated/networking.istio.io/ServiceEntry_v1alpha3.json';
import serviceEntryV1beta1 from '../../../../schemas/generated/networking.istio.io/ServiceEntry_v1beta1.json';
import istioGatewayV1 from '../../../../schemas/generated/networking.istio.io/Gateway_v1.json';
import istioGatewayV1alpha3 from '../../../../schemas/generated/networking.istio.io/Gateway_v1alpha3.json';
import istioGatewayV1beta1 from '../../../../schemas/generated/networking.istio.io/Gateway_v1beta1.json';
import gatewayApiGatewayV1 from '../../../../schemas/generated/gateway.networking.k8s.io/Gateway_v1.json';
import gatewayApiHttpRouteV1 from '../../../../schemas/generated/gateway.networking.k8s.io/HTTPRoute_v1.json';

export type JsonSchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** A CEL rule from the upstream CRD (x-kubernetes-validations). */
export interface CelValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/** The subset of JSON Schema draft-07 (plus Kubernetes extensions) the generator emits. */
export interface JsonSchemaNode {
  readonly description?: string;
  readonly type?: JsonSchemaType | readonly JsonSchemaType[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly oneOf?: readonly JsonSchemaNode[];
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly allOf?: readonly JsonSchemaNode[];
  readonly not?: JsonSchemaNode;
  readonly 'x-kubernetes-validations'?: readonly CelValidationRule[];
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** Where a generated schema came from (the generator writes it into every file). */
export interface SchemaSource {
  readonly repo: string;
  readonly path: string;
  readonly commit: string;
  readonly upstreamVersion: string;
}

export interface PolicySchema extends JsonSchemaNode {
  readonly 'x-meshlens-source': SchemaSource;
  readonly 'x-meshlens-kind': { readonly group: string; readonly kind: string; readonly version: string };
}

// The JSON imports are typed from their literal content; the generator guarantees the shape above.
const catalog: ReadonlyMap<string, PolicySchema> = new Map(
  ([
    ciliumNetworkPolicyV2,
    ciliumClusterwideNetworkPolicyV2,
    authorizationPolicyV1,
    authorizationPolicyV1beta1,
    peerAuthenticationV1,
    peerAuthenticationV1beta1,
    requestAuthenticationV1,
    requestAuthenticationV1beta1,
    networkPolicyV1,
  ] as unknown as PolicySchema[]).map((schema) => [catalogKey(schema['x-meshlens-kind'].kind, schema['x-meshlens-kind'].version), schema]),
);

function catalogKey(kind: string, version: string): string {
  return `${kind}/${version}`;
}

// The kinds validated beside the policies (companionKinds.ts), keyed by group too: two are called Gateway.
const companionCatalog: ReadonlyMap<string, PolicySchema> = new Map(
  ([
    ciliumCidrGroupV2,
    ciliumCidrGroupV2alpha1,
    destinationRuleV1,
    destinationRuleV1alpha3,
    destinationRuleV1beta1,
    sidecarV1,
    sidecarV1alpha3,
    sidecarV1beta1,
    serviceEntryV1,
    serviceEntryV1alpha3,
    serviceEntryV1beta1,
    istioGatewayV1,
    istioGatewayV1alpha3,
    istioGatewayV1beta1,
    gatewayApiGatewayV1,
    gatewayApiHttpRouteV1,
  ] as unknown as PolicySchema[]).map((schema) => {
    const { group, kind, version } = schema['x-meshlens-kind'];
    return [companionKey(group, kind, version), schema];
  }),
);

function companionKey(group: string, kind: string, version: string): string {
  return `${group}/${kind}/${version}`;
}

/** The whole-document schema of a companion kind at a served version, or undefined. */
export function companionSchemaFor(kind: CompanionKind, version: string): PolicySchema | undefined {
  return companionCatalog.get(companionKey(kind.group, kind.kind, version));
}

/** Every companion (group, kind, version) the catalog holds, for tooling and tests. */
export function companionCatalogEntries(): readonly { group: string; kind: string; version: string; schema: PolicySchema }[] {
  return [...companionCatalog.values()].map((schema) => ({ ...schema['x-meshlens-kind'], schema }));
}

/** The whole-document schema of a kind at a served version, or undefined. */
export function schemaFor(kind: PolicyKindName, version: string): PolicySchema | undefined {
  return catalog.get(catalogKey(kind, version));
}

/** Every (kind, version) the catalog holds, for tooling and tests. */
export function catalogEntries(): readonly { kind: PolicyKindName; version: string; schema: PolicySchema }[] {
  return [...catalog.values()].map((schema) => ({ kind: schema['x-meshlens-kind'].kind as PolicyKindName, version: schema['x-meshlens-kind'].version, schema }));
}

/** The child schema for one step of a path: a named property, a map value, or a list item. */
export function childSchema(node: JsonSchemaNode, part: string | number): JsonSchemaNode | undefined {
  if (typeof part === 'number') return node.items;
  const property = node.properties?.[part];
  if (property) return property;
  return typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined;
}

/**
 * The schema node at a value path, e.g. ['spec', 'ingress', 0, 'toPorts'], following properties, map
 * values (additionalProperties) and list items; undefined when the path leaves the schema.
 * int-or-string fields already carry `type: ['integer', 'string']` (merged by the generator).
 */
export function schemaAt(kind: PolicyKindName, version: string, path: ValuePath): JsonSchemaNode | undefined {
  let node: JsonSchemaNode | undefined = schemaFor(kind, version);
  for (const part of path) {
    if (!node) return undefined;
    node = childSchema(node, part);
  }
  return node;
}

/** The types a node accepts, as a list (empty when the schema does not say). */
export function schemaTypes(node: JsonSchemaNode): readonly JsonSchemaType[] {
  if (node.type === undefined) return [];
  return typeof node.type === 'string' ? [node.type] : node.type;
}
