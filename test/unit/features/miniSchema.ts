// A small hand-written schema lookup shaped like the generated CiliumNetworkPolicy and
// AuthorizationPolicy schemas, so completion and hover logic can be tested without the catalog.
import type { FieldSchema, SchemaLookup } from '../../../server/src/analysis/features/fieldSchema';

const labelSelector: FieldSchema = {
  type: 'object',
  description: 'A label selector.',
  properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } }, matchExpressions: { type: 'array', items: { type: 'object' } } },
};

const portRule: FieldSchema = {
  type: 'object',
  properties: {
    ports: {
      type: 'array',
      items: {
        type: 'object',
        required: ['port'],
        properties: {
          port: { type: 'string', description: 'Port is an L4 port number.' },
          protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP', 'VRRP', 'IGMP', 'ANY'], description: 'Protocol is the L4 protocol.' },
        },
      },
    },
    rules: {
      type: 'object',
      properties: { http: { type: 'array', items: { type: 'object', properties: { method: { type: 'string' }, path: { type: 'string' } } } } },
    },
  },
};

const ciliumRule: FieldSchema = {
  type: 'object',
  properties: {
    fromEndpoints: { type: 'array', items: labelSelector, description: 'FromEndpoints is a list of endpoints.' },
    fromEntities: { type: 'array', items: { type: 'string', enum: ['all', 'world', 'cluster', 'host'] } },
    toPorts: { type: 'array', items: portRule, description: 'ToPorts is a list of destination ports.' },
  },
};

const envelope = (spec: FieldSchema): FieldSchema => ({
  type: 'object',
  required: ['apiVersion', 'kind'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object', properties: { name: { type: 'string' }, namespace: { type: 'string' } } },
    spec,
  },
});

const schemas: Record<string, FieldSchema> = {
  CiliumNetworkPolicy: envelope({
    type: 'object',
    description: 'Spec is the desired Cilium specific rule specification.',
    properties: {
      endpointSelector: labelSelector,
      enableDefaultDeny: { type: 'object', properties: { ingress: { type: 'boolean' }, egress: { type: 'boolean' } } },
      ingress: { type: 'array', items: ciliumRule },
      egress: { type: 'array', items: ciliumRule },
    },
  }),
  AuthorizationPolicy: envelope({
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'], description: 'Optional.' },
      rules: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            to: { type: 'array', items: { type: 'object', properties: { operation: { type: 'object', properties: { methods: { type: 'array', items: { type: 'string' } } } } } } },
          },
        },
      },
    },
  }),
};

export const miniSchemaAt: SchemaLookup = (kind, _version, path) => {
  let node: FieldSchema | undefined = schemas[kind];
  for (const part of path) {
    if (!node) return undefined;
    node = typeof part === 'number' ? (node.items as FieldSchema | undefined) : node.properties?.[part];
  }
  return node;
};
