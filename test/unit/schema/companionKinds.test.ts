// The kinds kept beside the policies (companionKinds.ts) are validated against their upstream CRDs
// with the same schema + CEL path as the policies. Each case cites the CRD rule that decides it.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { companionKindOf } from '../../../server/src/analysis/companionKinds';
import { withSchemaDefaults } from '../../../server/src/analysis/schema/schemaDefaults';

function codes(text: string): string[] {
  return analyzeText(text).findings.map((f) => `${f.severity} ${f.code} ${f.message}`);
}

const DR = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r, namespace: default}\n';

describe('companion kinds: schema and CEL from the upstream CRDs', () => {
  it.each([
    // istio crd-all.gen.yaml DestinationRule: warmup requires duration (CRD `required: [duration]`).
    ['DestinationRule warmup without duration', `${DR}spec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      warmup:\n        minimumPercent: 5.0\n`, /ML1004 .*warmup.*duration/],
    // istio crd-all.gen.yaml DestinationRule: warmup.aggression has `minimum: 0` (testdata destinationrule-invalid.yaml #3).
    ['DestinationRule warmup aggression below 1', `${DR}spec:\n  host: r\n  trafficPolicy:\n    loadBalancer:\n      warmup:\n        duration: 300s\n        aggression: -0.1\n`, /ML1006 .*aggression/],
    // istio crd-all.gen.yaml DestinationRule: spec.host is required.
    ['DestinationRule without host', `${DR}spec:\n  subsets: []\n`, /ML1004 .*`host`/],
    // istio crd-all.gen.yaml Sidecar: egress[].hosts is required.
    ['Sidecar egress without hosts', 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s, namespace: default}\nspec:\n  egress:\n  - port: {number: 80}\n', /ML1004 .*hosts/],
    // istio crd-all.gen.yaml ServiceEntry: spec.hosts is required.
    ['ServiceEntry without hosts', 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: e, namespace: default}\nspec:\n  location: MESH_EXTERNAL\n', /ML1004 .*hosts/],
    // cilium ciliumcidrgroups.yaml: externalCIDRs items have format cidr.
    ['CiliumCIDRGroup with a bad CIDR', 'apiVersion: cilium.io/v2\nkind: CiliumCIDRGroup\nmetadata: {name: g}\nspec:\n  externalCIDRs: [10.0.0.0/33]\n', /error .*externalCIDRs\[0\]/],
    // gateway-api HTTPRoute: parentRefs maxItems 32 and port minimum 1.
    ['HTTPRoute parentRef port 0', 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h, namespace: default}\nspec:\n  parentRefs:\n  - name: gw\n    port: 0\n', /error .*parentRefs\[0\]\.port/],
  ])('%s', (_name, text, expected) => {
    expect(codes(text).some((line) => expected.test(line)), codes(text).join('\n')).toBe(true);
  });

  it.each([
    ['DestinationRule v1alpha3 with ISTIO_MUTUAL', 'apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: r, namespace: default}\nspec:\n  host: r.default.svc.cluster.local\n  trafficPolicy:\n    tls: {mode: ISTIO_MUTUAL}\n'],
    ['CiliumCIDRGroup v2alpha1 (still served)', 'apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: g}\nspec:\n  externalCIDRs: [10.0.0.0/8]\n'],
    // gateway-api HTTPRoute CEL on parentRefs reads p.kind, which the API server defaults to "Gateway" first.
    ['HTTPRoute with two parentRefs to one Gateway, sections set', 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h, namespace: default}\nspec:\n  parentRefs:\n  - {name: gw, sectionName: a}\n  - {name: gw, sectionName: b}\n'],
    // CRD status is ignored by the API server on create/update: a status without required condition fields is fine.
    ['HTTPRoute with a partial status', 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h, namespace: default}\nspec:\n  parentRefs: [{name: gw}]\nstatus:\n  parents:\n  - parentRef: {name: gw}\n'],
    // Another project's CRD named Gateway is none of meshlens's business.
    ['a Gateway of another API group', 'apiVersion: example.com/v1\nkind: Gateway\nmetadata: {name: g}\nspec: {anything: 1}\n'],
  ])('accepts %s', (_name, text) => {
    expect(codes(text)).toEqual([]);
  });

  it('reports the same CEL rule with sections missing on two refs to one parent (gateway-api parentRefs rule)', () => {
    const text = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: h, namespace: default}\nspec:\n  parentRefs:\n  - {name: gw, sectionName: a}\n  - {name: gw}\n';
    expect(codes(text).some((line) => line.includes('ML1100') && line.includes('sectionName must be specified'))).toBe(true);
  });

  it('warns (ML1014), not errors, on a companion without spec: istioctl analyze fixtures carry only status', () => {
    const text = 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: e, namespace: default}\nstatus: {conditions: []}\n';
    expect(codes(text)).toEqual(['warning ML1014 This ServiceEntry has no `spec`: it configures nothing, and the API server rejects it (the CRD requires spec).']);
  });

  it('reports an unserved version of a companion kind', () => {
    expect(codes('apiVersion: networking.istio.io/v2\nkind: Sidecar\nmetadata: {name: s}\nspec: {}\n')[0]).toMatch(/ML0007 Sidecar is not served/);
  });

  it('tells the two Gateway kinds apart by group', () => {
    expect(companionKindOf('networking.istio.io/v1beta1', 'Gateway')?.servedVersions).toContain('v1alpha3');
    expect(companionKindOf('gateway.networking.k8s.io/v1', 'Gateway')?.servedVersions).toEqual(['v1']);
    expect(companionKindOf('example.com/v1', 'Gateway')).toBeUndefined();
  });
});

describe('withSchemaDefaults (apiextensions structural defaulting before validation)', () => {
  it('fills absent properties with their default, recursively, and leaves given values alone', () => {
    const schema = {
      type: 'object' as const,
      properties: {
        refs: { type: 'array' as const, items: { type: 'object' as const, properties: { kind: { type: 'string' as const, default: 'Gateway' }, name: { type: 'string' as const } } } },
        nested: { type: 'object' as const, default: {}, properties: { mode: { type: 'string' as const, default: 'A' } } },
      },
    };
    expect(withSchemaDefaults(schema, { refs: [{ name: 'a' }, { name: 'b', kind: 'Service' }] })).toEqual({
      refs: [{ name: 'a', kind: 'Gateway' }, { name: 'b', kind: 'Service' }],
      nested: { mode: 'A' },
    });
  });
});
