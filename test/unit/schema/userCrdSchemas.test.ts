// The user's own CRD versions (issue 12 item 3): schema-set selection, the conversion of a CRD's openAPIV3Schema
// (must equal what schemas/generateSchemas.mjs makes of the same CRD), and ML1015 version drift. The "older" CRD is
// the pinned upstream one with a field removed: cilium/cilium 2c59ba7d (1.19.0-dev)
// pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml and istio/istio 86c9f01f (1.32)
// manifests/charts/base/files/crd-all.gen.yaml (local copies in ../shared/upstream/crds, see its SOURCES.md).
// `spec.enableDefaultDeny` is a field Cilium added in 1.15 (cilium docs "Policy Default Deny"), so a 1.14 CRD lacks it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { bundledSchemaSet, describeSchemaOrigin } from '../../../server/src/analysis/schema/schemaSet';
import { crdInputsFromText, crdRelease, userCrdSchemas } from '../../../server/src/analysis/schema/userCrds';
import { schemaCompilations } from '../../../server/src/analysis/schema/schemaValidators';
import { chartCilium114CnpCrd } from '../../fixtures/olderCiliumCrd';
import { requireResource } from '../../support/requirement';

const repoRoot = process.cwd();
const upstream = path.resolve(repoRoot, '../shared/upstream/crds');
const present = requireResource(`the upstream CRDs ${upstream}`, existsSync(upstream), 'they come with ../shared beside the repository');

type Json = Record<string, any>;
const readCrd = (file: string): Json => parse(readFileSync(file, 'utf8')) as Json;
const cnpCrdPath = path.join(upstream, 'cilium/ciliumnetworkpolicies.yaml');
const apCrdPath = path.join(upstream, 'istio/authorizationpolicies.security.istio.io.yaml');

/** The pinned CNP CRD as a Cilium 1.14 Helm chart would label it, without `spec.enableDefaultDeny`. */
const olderCnpCrd = (): Json => chartCilium114CnpCrd(upstream);

const CNP = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: p
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  enableDefaultDeny:
    ingress: true
  ingress:
  - fromEndpoints:
    - matchLabels:
        app: client
`;

/** The bundled schema without the generator's own annotations: what a CRD alone determines. */
function withoutProvenance(schema: object): Json {
  const { $schema, $comment, 'x-meshlens-source': a, 'x-meshlens-kind': b, 'x-meshlens-metadata-source': c, 'x-meshlens-generator': d, ...rest } = schema as Json;
  void [$schema, $comment, a, b, c, d];
  return rest;
}

describe.skipIf(!present)('converting a user CRD', () => {
  const upstreamJson = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/upstream.json'), 'utf8')) as Json;
  const crdFiles = upstreamJson.sources
    .filter((s: Json) => s.format === 'crd')
    .flatMap((s: Json) => s.files.map((f: Json) => path.join(f.root === 'repo' ? path.join(repoRoot, 'schemas/upstream') : upstream, f.local)));

  it('gives, for every pinned upstream CRD, exactly the schema the generator committed', () => {
    let compared = 0;
    for (const file of crdFiles) {
      const { inputs } = crdInputsFromText(readFileSync(file, 'utf8'), file);
      const { entries } = userCrdSchemas(inputs);
      expect(entries.length, file).toBeGreaterThan(0);
      for (const entry of entries) {
        const bundled = bundledSchemaSet.entry(entry.group, entry.kind, entry.version)!;
        expect(entry.schema, `${entry.kind} ${entry.version}`).toEqual(withoutProvenance(bundled.schema));
        compared++;
      }
    }
    // Every generated schema but NetworkPolicy's (built in: from the Kubernetes OpenAPI, not a CRD).
    const index = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/generated/index.json'), 'utf8')) as Json;
    expect(compared).toBe(index.schemas.filter((s: Json) => s.group !== 'networking.k8s.io').length);
  });

  it('skips non-CRD documents and CRDs of other kinds with a note each', () => {
    const text = `${readFileSync(cnpCrdPath, 'utf8')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ciliumendpoints.cilium.io\nspec:\n  group: cilium.io\n  names:\n    kind: CiliumEndpoint\n  versions:\n  - name: v2\n    served: true\n`;
    const { inputs, notes } = crdInputsFromText(text, 'chart/crds.yaml');
    expect(notes).toEqual(['chart/crds.yaml: document 2 is a ConfigMap, not a CustomResourceDefinition; skipped']);
    const schemas = userCrdSchemas(inputs);
    expect(schemas.entries.map((e) => `${e.group}/${e.kind}/${e.version}`)).toEqual(['cilium.io/CiliumNetworkPolicy/v2']);
    expect(schemas.notes).toEqual(['chart/crds.yaml: 1 CRD(s) of kinds or versions meshlens does not validate skipped (CiliumEndpoint)']);
  });

  it('reads the release from the recommended version label, the Helm chart label or the Cilium CRD schema label', () => {
    expect(crdRelease({ metadata: { labels: { 'app.kubernetes.io/version': '1.22.3' } } })).toEqual({ version: '1.22.3', from: 'label app.kubernetes.io/version' });
    expect(crdRelease({ metadata: { labels: { 'helm.sh/chart': 'cilium-1.14.5' } } })).toEqual({ version: '1.14.5', from: 'label helm.sh/chart' });
    expect(crdRelease({ metadata: { labels: { 'io.cilium.k8s.crd.schema.version': '1.29.1' } } })).toEqual({ version: 'CRD schema 1.29.1', from: 'label io.cilium.k8s.crd.schema.version' });
    expect(crdRelease({ metadata: { annotations: { 'helm.sh/chart': 'base-1.24.0' } } })).toEqual({ version: '1.24.0', from: 'annotation helm.sh/chart' });
    expect(crdRelease({ metadata: { labels: { chart: 'istio' } } })).toBeUndefined();
  });
});

describe.skipIf(!present)('schema-set selection', () => {
  const userSet = (crd: Json, where = 'chart/crds/cnp.yaml') => bundledSchemaSet.withOverrides(userCrdSchemas([{ object: crd, origin: { kind: 'crd-file', path: where } }]).entries);

  it('puts the user CRD in force for its group/kind/version only; the rest stays bundled', () => {
    const set = userSet(olderCnpCrd());
    expect(set.entry('cilium.io', 'CiliumNetworkPolicy', 'v2')!.origin).toMatchObject({ kind: 'crd-file', path: 'chart/crds/cnp.yaml', release: { version: '1.14.5' } });
    expect(set.entry('cilium.io', 'CiliumClusterwideNetworkPolicy', 'v2')!.origin.kind).toBe('bundled');
    expect(set.replaced('cilium.io', 'CiliumNetworkPolicy', 'v2')).toBe(bundledSchemaSet.entry('cilium.io', 'CiliumNetworkPolicy', 'v2'));
    expect(set.replaced('cilium.io', 'CiliumClusterwideNetworkPolicy', 'v2')).toBeUndefined();
  });

  it('identifies a set by content: the same CRD read twice is the same set, another CRD another set', () => {
    expect(userSet(olderCnpCrd()).id).toBe(userSet(olderCnpCrd()).id);
    expect(userSet(olderCnpCrd()).id).not.toBe(userSet(readCrd(cnpCrdPath)).id);
    expect(userSet(olderCnpCrd()).id).not.toBe(bundledSchemaSet.id);
    expect(bundledSchemaSet.withOverrides([])).toBe(bundledSchemaSet);
  });

  it('compiles a set once, not per document or per re-read', () => {
    const set = userSet(olderCnpCrd());
    const before = schemaCompilations();
    for (let i = 0; i < 3; i++) analyzeText(CNP.replace('name: p', `name: p${i}`), undefined, set);
    analyzeText(CNP, undefined, userSet(olderCnpCrd()));
    expect(schemaCompilations() - before).toBe(1);
  });

  it('validates with the user CRD: a field its release lacks is unknown (ML1001) and drifts (ML1015), naming both versions', () => {
    const findings = analyzeText(CNP, undefined, userSet(olderCnpCrd())).findings;
    const at = CNP.indexOf('enableDefaultDeny');
    const unknown = findings.find((f) => f.code === 'ML1001');
    const drift = findings.find((f) => f.code === 'ML1015');
    expect(unknown?.span).toEqual({ start: at, end: at + 'enableDefaultDeny'.length });
    expect(drift?.span).toEqual({ start: at, end: at + 'enableDefaultDeny'.length });
    expect(drift?.message).toBe(
      '`spec.enableDefaultDeny` is in the bundled Cilium 1.19.0-dev CRD but not in the CRD file chart/crds/cnp.yaml (1.14.5, from label helm.sh/chart), cilium.io/v2: a release with that CRD rejects it with strict validation and drops it otherwise, so the policy would not do what it says there.',
    );
    expect(drift?.severity).toBe('warning');
    // The bundled schema alone knows the field: no finding at all.
    expect(analyzeText(CNP).findings.filter((f) => f.code === 'ML1001' || f.code === 'ML1015')).toEqual([]);
  });

  it('flags the reverse: a field only the user CRD knows is accepted but drifts', () => {
    const newer = readCrd(cnpCrdPath);
    newer.metadata.labels = { 'app.kubernetes.io/version': '1.20.0' };
    newer.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.trafficShaping = { type: 'object', properties: { rate: { type: 'string' } } };
    const text = CNP.replace('  ingress:\n', '  trafficShaping:\n    rate: 10M\n  ingress:\n');
    const findings = analyzeText(text, undefined, userSet(newer, 'crds.yaml')).findings;
    expect(findings.filter((f) => f.code === 'ML1001')).toEqual([]);
    const drift = findings.filter((f) => f.code === 'ML1015');
    expect(drift).toHaveLength(1);
    expect(text.slice(drift[0].span.start, drift[0].span.end)).toBe('trafficShaping');
    expect(drift[0].message).toContain('is in the CRD file crds.yaml (1.20.0, from label app.kubernetes.io/version)');
    expect(drift[0].message).toContain('but not in the bundled Cilium 1.19.0-dev CRD');
    // Without the user's CRD the same field is unknown to the bundled schema.
    expect(analyzeText(text).findings.some((f) => f.code === 'ML1001')).toBe(true);
  });

  it("runs the user CRD's own x-kubernetes-validations (CEL) rules, not the bundled ones", () => {
    const ap = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: a
  namespace: default
spec:
  selector:
    matchLabels:
      app: web
  targetRefs:
  - kind: Service
    group: ""
    name: web
`;
    const bundledMessages = analyzeText(ap).findings.filter((f) => f.code === 'ML1100').map((f) => f.message);
    expect(bundledMessages.join('\n')).toContain('only one of targetRefs or selector can be set');
    const crd = readCrd(apCrdPath);
    for (const version of crd.spec.versions) {
      const spec = version.schema.openAPIV3Schema.properties.spec;
      spec['x-kubernetes-validations'] = [{ rule: 'has(self.selector) != has(self.targetRefs)', message: 'exactly one of selector or targetRefs (older wording)' }];
    }
    const set = bundledSchemaSet.withOverrides(userCrdSchemas([{ object: crd, origin: { kind: 'cluster', context: 'kind-dev' } }]).entries);
    const messages = analyzeText(ap, undefined, set).findings.filter((f) => f.code === 'ML1100').map((f) => f.message);
    expect(messages).toEqual(['The document: exactly one of selector or targetRefs (older wording)'.replace('The document', '`spec`')]);
  });

  it('names the schema in force in words', () => {
    expect(describeSchemaOrigin(bundledSchemaSet.entry('cilium.io', 'CiliumNetworkPolicy', 'v2')!.origin)).toBe('bundled Cilium 1.19.0-dev CRD');
    expect(describeSchemaOrigin(bundledSchemaSet.entry('networking.k8s.io', 'NetworkPolicy', 'v1')!.origin)).toMatch(/^bundled Kubernetes .* OpenAPI schema$/);
    expect(describeSchemaOrigin({ kind: 'cluster', context: 'kind-dev', release: { version: '1.16.3', from: 'label helm.sh/chart' } })).toBe('CRD from the cluster kind-dev (1.16.3, from label helm.sh/chart)');
  });
});

describe.skipIf(!present)('the host and its schema set', () => {
  it('re-analyses every file when the set changes, and says in hover which schema validated the policy', () => {
    const host = new AnalysisHost();
    host.applyChange('file:///p.yaml', CNP);
    const kindAt = CNP.indexOf('kind:') + 1;
    expect(host.snapshot().hover('file:///p.yaml', kindAt)?.markdown).toContain('Validated against the bundled Cilium 1.19.0-dev CRD, cilium.io/v2 (cilium/cilium@2c59ba7dfaa5');
    const set = bundledSchemaSet.withOverrides(userCrdSchemas([{ object: olderCnpCrd(), origin: { kind: 'crd-file', path: 'chart/crds/cnp.yaml' } }]).entries);
    expect(host.setSchemaSet(set)).toBe(true);
    expect(host.setSchemaSet(bundledSchemaSet.withOverrides(userCrdSchemas([{ object: olderCnpCrd(), origin: { kind: 'crd-file', path: 'chart/crds/cnp.yaml' } }]).entries))).toBe(false);
    const snapshot = host.snapshot();
    expect(snapshot.diagnostics('file:///p.yaml').map((f) => f.code)).toEqual(expect.arrayContaining(['ML1001', 'ML1015']));
    expect(snapshot.hover('file:///p.yaml', kindAt)?.markdown).toContain('Validated against the CRD file chart/crds/cnp.yaml (1.14.5, from label helm.sh/chart), cilium.io/v2');
    // The top of the document (apiVersion) says it too; a field inside the spec does not.
    expect(snapshot.hover('file:///p.yaml', 3)?.markdown).toContain('Validated against the CRD file chart/crds/cnp.yaml');
    expect(snapshot.hover('file:///p.yaml', CNP.indexOf('endpointSelector') + 2)?.markdown).not.toContain('Validated against');
    host.setSchemaSet(bundledSchemaSet);
    expect(host.snapshot().diagnostics('file:///p.yaml').some((f) => f.code === 'ML1001' || f.code === 'ML1015')).toBe(false);
  });
});
