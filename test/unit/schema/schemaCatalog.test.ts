// The schema catalog: every served kind/version has a schema, and schemaAt navigates it for the
// editor features (completion, hover).
import { describe, expect, it } from 'vitest';
import { policyKinds } from '../../../server/src/analysis/policyKinds';
import { catalogEntries, schemaAt, schemaFor, schemaTypes } from '../../../server/src/analysis/schema/schemaCatalog';
import { validatorFor } from '../../../server/src/analysis/schema/schemaValidators';

describe('schemaFor', () => {
  it('has a schema for every kind and served version, with its upstream source', () => {
    for (const kind of policyKinds) {
      for (const version of kind.servedVersions) {
        const schema = schemaFor(kind.kind, version);
        expect(schema, `${kind.kind} ${version}`).toBeDefined();
        expect(schema!['x-meshlens-source'].commit).toMatch(/^[0-9a-f]{40}$/);
        expect(schema!.properties?.apiVersion?.enum).toEqual([`${kind.group}/${version}`]);
      }
    }
    expect(catalogEntries()).toHaveLength(policyKinds.reduce((n, k) => n + k.servedVersions.length, 0));
    expect(schemaFor('AuthorizationPolicy', 'v1alpha1')).toBeUndefined();
  });

  it('compiles every schema with ajv in strict mode', () => {
    // How long compiling takes is bench material; here only that every schema compiles under strict mode.
    for (const entry of catalogEntries()) {
      expect(validatorFor(entry.kind, entry.version), `${entry.kind} ${entry.version}`).toBeTypeOf('function');
    }
  });
});

describe('schemaAt', () => {
  it('follows properties and list items', () => {
    const port = schemaAt('CiliumNetworkPolicy', 'v2', ['spec', 'ingress', 0, 'toPorts', 0, 'ports', 0, 'port']);
    expect(port?.pattern).toContain('6553[0-5]');
    expect(schemaAt('AuthorizationPolicy', 'v1', ['spec', 'action'])?.enum).toEqual(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
  });

  it('follows map values (additionalProperties)', () => {
    const label = schemaAt('CiliumNetworkPolicy', 'v2', ['spec', 'endpointSelector', 'matchLabels', 'app']);
    expect(schemaTypes(label!)).toEqual(['string']);
    const portMtls = schemaAt('PeerAuthentication', 'v1', ['spec', 'portLevelMtls', '8080', 'mode']);
    expect(portMtls?.enum).toContain('STRICT');
  });

  it('merges int-or-string into one node', () => {
    const port = schemaAt('NetworkPolicy', 'v1', ['spec', 'ingress', 0, 'ports', 0, 'port']);
    expect(schemaTypes(port!)).toEqual(['integer', 'string']);
    expect(port?.['x-kubernetes-int-or-string']).toBe(true);
    expect(port?.description).toBeTruthy();
  });

  it('exposes the envelope (metadata from the Kubernetes ObjectMeta) and required children', () => {
    expect(Object.keys(schemaAt('NetworkPolicy', 'v1', ['metadata'])?.properties ?? {})).toEqual(
      expect.arrayContaining(['name', 'namespace', 'labels', 'annotations', 'generateName', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'finalizers', 'ownerReferences', 'managedFields']),
    );
    expect(schemaAt('RequestAuthentication', 'v1', ['spec', 'targetRef'])?.required).toEqual(['kind', 'name']);
  });

  it('keeps the CEL rules for the evaluator', () => {
    const rules = schemaAt('PeerAuthentication', 'v1', ['spec', 'portLevelMtls'])?.['x-kubernetes-validations'];
    expect(rules?.map((r) => r.message)).toContain('port must be between 1-65535');
  });

  it('returns undefined off the schema', () => {
    expect(schemaAt('CiliumNetworkPolicy', 'v2', ['spec', 'nope'])).toBeUndefined();
    expect(schemaAt('CiliumNetworkPolicy', 'v3', [])).toBeUndefined();
  });
});
