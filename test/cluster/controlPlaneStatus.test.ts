// What the control plane said (cluster/controlPlaneStatus.ts): the status conditions of the cluster's copy of an
// open policy, read through the real list from the loopback API server, shown as ML5030 and in hover beside
// meshlens's own prediction. Upstream: istio pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go
// (ZtunnelAccepted, reason UnsupportedValue "ztunnel does not support HTTP attributes"); cilium
// pkg/k8s/apis/cilium.io/v2 cnp_types.go (condition Valid) and the operator's policy validator.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../server/src/analysis/host/analysisHost';
import { ClusterSource } from '../../server/src/cluster/clusterSource';
import { trimClusterObject } from '../../server/src/cluster/clusterObject';
import { controlPlaneFindings, controlPlaneHover, type ClusterStatusLookup } from '../../server/src/cluster/controlPlaneStatus';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { authorizationPolicy, ciliumPolicyWithStatus, deploymentPod, namespace } from './clusterFixtures';
import { clusterToken, opensslAvailable, writeKubeconfig } from './clusterTestSupport';

const droppedMessage = 'ztunnel does not support HTTP attributes (found: methods). In ambient mode you must use a waypoint proxy to enforce HTTP rules. Within an ALLOW policy, rules matching HTTP attributes are omitted. This will be more restrictive than requested.';
const l7Rules = [{ to: [{ operation: { methods: ['GET'] } }] }];
const l4Rules = [{ to: [{ operation: { ports: ['8080'] } }] }];

const policyText = (name: string, rules: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: mesh
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules:
${rules}`;
const l7Text = (name: string) => policyText(name, '  - to: [{operation: {methods: [GET]}}]\n');
const l4Text = (name: string) => policyText(name, '  - to: [{operation: {ports: ["8080"]}}]\n');

const cnpText = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-l4, namespace: mesh}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress: [{toPorts: [{ports: [{port: "8080", protocol: TCP}]}]}]
`;

describe('the control plane status of a policy', () => {
  it('keeps the conditions as the API returns them (Istio observedGeneration is a string), and drops what the analysis never reads', () => {
    const object = trimClusterObject('AuthorizationPolicy', 'security.istio.io/v1', authorizationPolicy('mesh', 'p', l7Rules, { status: 'True', reason: 'UnsupportedValue', message: droppedMessage }, 3))!;
    expect(object.metadata.generation).toBe(3);
    expect(object.status).toEqual({ conditions: [{ type: 'ZtunnelAccepted', status: 'True', reason: 'UnsupportedValue', message: droppedMessage, observedGeneration: 3 }] });
    const pod = trimClusterObject('Pod', 'v1', deploymentPod('mesh', 'api', 1))!;
    expect(pod.metadata.generation).toBeUndefined();
  });
});

describe.skipIf(!opensslAvailable())('the control plane status read from a loopback API server', () => {
  let certificate: Certificate;
  let server: FakeApiServer;
  let source: ClusterSource;

  beforeAll(() => {
    certificate = makeCertificate();
  });

  afterEach(async () => {
    await source.stop();
    await server.close();
  });

  async function connect(objects: Record<string, unknown>[]): Promise<ClusterStatusLookup> {
    server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    server.seed([namespace('mesh', { 'istio.io/dataplane-mode': 'ambient' }), deploymentPod('mesh', 'api', 1, { app: 'api' }), ...objects]);
    const opened = ClusterSource.open({ kubeconfigPath: writeKubeconfig(server.url, certificate.certPem), timing: { requestTimeoutMs: 15_000, watchSeconds: 30, pageSize: 10, backoffInitialMs: 20, backoffMaxMs: 200 } });
    if ('error' in opened) throw new Error(opened.error);
    source = opened;
    await source.load({}, { once: true });
    return (kind, ns, name) => source.policyStatus(kind, ns, name);
  }

  /** The open file's own diagnostics and ML5030, as the language server's worker joins them. */
  function answer(lookup: ClusterStatusLookup, text: string) {
    const host = new AnalysisHost();
    host.setWorkspaceFiles(source.files());
    host.applyChange('file:///work/policy.yaml', text);
    const snapshot = host.snapshot();
    const own = snapshot.diagnostics('file:///work/policy.yaml');
    const analysis = snapshot.analysis('file:///work/policy.yaml')!;
    return {
      own: own.map((f) => f.code),
      status: controlPlaneFindings(analysis, own, lookup, 'fake', 'default'),
      hover: (offset: number) => controlPlaneHover(analysis, offset, own, lookup, 'fake', 'default'),
    };
  }

  it('ZtunnelAccepted with UnsupportedValue: shown on the open policy, and meshlens agrees (it predicted ML4001)', async () => {
    const lookup = await connect([authorizationPolicy('mesh', 'api-get', l7Rules, { status: 'True', reason: 'UnsupportedValue', message: droppedMessage })]);
    const { own, status, hover } = answer(lookup, l7Text('api-get'));
    expect(own).toContain('ML4001');
    expect(status).toHaveLength(1);
    expect(status[0]).toMatchObject({ code: 'ML5030', severity: 'information' });
    expect(status[0]!.message).toContain('ZtunnelAccepted=True (UnsupportedValue): “ztunnel does not support HTTP attributes (found: methods)');
    expect(status[0]!.message).toContain('meshlens agrees on ZtunnelAccepted: it predicts that ztunnel does not enforce all of it (ML4001)');
    expect(status[0]!.message).not.toContain("the cluster's copy differs");
    const text = l7Text('api-get');
    expect(hover(text.indexOf('api-get'))).toContain('In cluster fake, the control plane says');
    // Not on a rule: the section sits where the object is named.
    expect(hover(text.indexOf('methods'))).toBeUndefined();
  });

  it('an L4 policy the control plane says it dropped parts of: meshlens disagrees, and says so; a clean acceptance is silent but hovers', async () => {
    const lookup = await connect([
      authorizationPolicy('mesh', 'api-l4', l4Rules, { status: 'True', reason: 'UnsupportedValue', message: droppedMessage }),
      authorizationPolicy('mesh', 'api-ok', l4Rules, { status: 'True', reason: 'Accepted', message: 'attached to ztunnel' }),
    ]);
    const disputed = answer(lookup, l4Text('api-l4'));
    expect(disputed.own).not.toContain('ML4001');
    expect(disputed.status[0]!.message).toContain('meshlens disagrees on ZtunnelAccepted: it predicts no such problem, the control plane says otherwise');
    const clean = answer(lookup, l4Text('api-ok'));
    expect(clean.status).toEqual([]);
    expect(clean.hover(l4Text('api-ok').indexOf('kind'))).toContain('ZtunnelAccepted=True \\(Accepted\\)');
    // A policy the cluster does not have: nothing to say.
    expect(answer(lookup, l4Text('not-in-cluster')).status).toEqual([]);
  });

  it("Cilium's Valid=False: shown with the agent's message; the file differs from the cluster's copy, and that is said", async () => {
    const broken = { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ toPorts: [{ ports: [{ port: '80-70', protocol: 'TCP' }] }] }] };
    const lookup = await connect([ciliumPolicyWithStatus('mesh', 'api-l4', broken, { status: 'False', message: 'invalid port range 80-70' })]);
    const { status } = answer(lookup, cnpText);
    expect(status[0]!.message).toContain('Valid=False: “invalid port range 80-70”');
    expect(status[0]!.message).toContain('meshlens disagrees on Valid: it predicts no such problem');
    expect(status[0]!.message).toContain("the cluster's copy differs from this file");
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });
});
