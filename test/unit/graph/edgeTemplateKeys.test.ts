// Edge templates are shared by pairs whose ends look alike to every rule and policy of the flow
// (buildTrafficGraph.ts: sourceView, destinationView, matchesOf), not only by pairs of equal identities. A
// key that misses something a verdict reads would hand one pair another pair's edges: over seeded random
// workspaces (namespaces with and without mesh labels or a Namespace object, host-network pods, named ports,
// Services, a waypoint, NetworkPolicy / Cilium / Istio policies of many shapes) the graph built with shared
// templates must equal the graph that evaluates every pair on its own, edge for edge and in order.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import type { UndeclaredNamespaces } from '../../../server/src/analysis/graph/endpoint';
import { explainFlow, resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import { seededRandom } from '../../support/seededRandom';
import { authz, cnp, deployment, namespace, netpol, yamlOf, type K8sObject } from './trafficFixture';

type Pick = <T>(items: readonly T[]) => T;

const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

function workspace(seed: number): K8sObject[] {
  const next = seededRandom(seed);
  const pick: Pick = (items) => items[Math.floor(next() * items.length)];
  const chance = (p: number): boolean => next() < p;
  const namespaces = ['a', 'b', 'c', 'd'];
  const objects: K8sObject[] = [];
  // 'd' has no Namespace object: its labels other than the name are unknown in the editor.
  // Namespace 'a' is the likeliest ambient one, served by the waypoint 'wp' (which policies in 'a' may target).
  for (const ns of namespaces.slice(0, 3)) {
    const mesh: Record<string, string> = ns === 'a' && chance(0.5) ? { 'istio.io/dataplane-mode': 'ambient' } : pick<Record<string, string>>([{}, { 'istio.io/dataplane-mode': 'ambient' }, { 'istio-injection': 'enabled' }]);
    const waypoint: Record<string, string> = chance(ns === 'a' ? 0.6 : 0.2) ? { 'istio.io/use-waypoint': 'wp' } : {};
    objects.push(namespace(ns, { team: pick(['red', 'blue']), ...mesh, ...waypoint }));
  }
  if (chance(0.7)) {
    objects.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'wp', namespace: chance(0.8) ? 'a' : pick(namespaces.slice(1, 3)), labels: { 'istio.io/waypoint-for': pick(['service', 'workload', 'all']) } }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } });
  }
  const portChoices = [
    [{ name: 'http', containerPort: 8080 }],
    [{ name: 'http', containerPort: 8081 }],
    [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
    [{ containerPort: 5432 }],
    [{ name: 'dns', containerPort: 53, protocol: 'UDP' }],
  ];
  const count = 10 + Math.floor(next() * 14);
  for (let i = 0; i < count; i++) {
    const labels: Record<string, string> = { app: pick(['web', 'api', 'db']), ...(chance(0.6) ? { tier: pick(['front', 'back']) } : {}), id: `w${i}` };
    if (chance(0.15)) labels['istio.io/dataplane-mode'] = pick(['ambient', 'none']);
    const ns = pick(namespaces);
    if (ns === 'a' && chance(0.4)) labels['istio.io/use-waypoint'] = 'wp';
    objects.push(deployment(ns, `w${i}`, labels, { sa: pick(['sa-0', 'sa-1', 'sa-2']), ports: pick(portChoices), hostNetwork: chance(0.2) }));
  }
  for (let s = 0; s < 3; s++) {
    if (!chance(0.6)) continue;
    objects.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc${s}`, namespace: pick(namespaces), ...(chance(0.3) ? { labels: { 'istio.io/use-waypoint': 'wp' } } : {}) }, spec: { selector: { app: pick(['web', 'api', 'db']) }, ports: [{ name: pick(['http', 'tcp-db', 'grpc']), port: 80, targetPort: pick([8080, 'http', 5432]) }] } });
  }
  const selector = (): Record<string, unknown> => (chance(0.2) ? {} : { matchLabels: chance(0.7) ? { app: pick(['web', 'api', 'db']) } : { tier: pick(['front', 'back']) } });
  const port = (): Record<string, unknown> => pick([{ port: 8080 }, { port: 'http' }, { port: 9090 }, { port: 5432 }, { port: 53, protocol: 'UDP' }, { port: 8000, endPort: 9000 }]);
  const policies = 6 + Math.floor(next() * 12);
  for (let p = 0; p < policies; p++) {
    const ns = pick(namespaces);
    const kind = Math.floor(next() * 9);
    if (kind <= 1) {
      const peer = (): Record<string, unknown> =>
        pick([{ podSelector: selector() }, { namespaceSelector: { matchLabels: { team: pick(['red', 'blue']) } }, podSelector: selector() }, { namespaceSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]);
      const rule = { ...(chance(0.85) ? { [kind === 0 ? 'from' : 'to']: [peer(), ...(chance(0.3) ? [peer()] : [])] } : {}), ...(chance(0.7) ? { ports: [port()] } : {}) };
      const direction = kind === 0 ? 'ingress' : 'egress';
      objects.push(netpol(ns, `np${p}`, { podSelector: selector(), policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'], [direction]: chance(0.15) ? [] : [rule] }));
    } else if (kind <= 4) {
      const endpoints = (): Record<string, unknown>[] => [chance(0.3) ? { matchLabels: { 'k8s:io.kubernetes.pod.namespace': pick(namespaces), ...(chance(0.5) ? { app: pick(['web', 'api', 'db']) } : {}) } } : selector()];
      const toPorts = (): Record<string, unknown>[] => [{ ports: [{ port: pick(['8080', '9090', '5432', '53']), protocol: pick(['TCP', 'ANY']) }], ...(chance(0.25) ? { rules: { http: [{ method: 'GET', path: '/api/.*' }] } } : {}) }];
      const spec: Record<string, unknown> = { endpointSelector: selector() };
      if (kind === 2) spec.ingress = [chance(0.3) ? { fromEntities: [pick(['host', 'cluster', 'world', 'all'])], ...(chance(0.5) ? { toPorts: toPorts() } : {}) } : { fromEndpoints: endpoints(), ...(chance(0.6) ? { toPorts: toPorts() } : {}) }];
      if (kind === 3) spec.ingressDeny = [{ fromEndpoints: endpoints(), ...(chance(0.5) ? { toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }] } : {}) }];
      if (kind === 4) {
        spec.egress = [
          { toEndpoints: endpoints(), ...(chance(0.6) ? { toPorts: toPorts() } : {}) },
          ...(chance(0.4) ? [{ toFQDNs: [{ matchPattern: '*.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] : []),
          ...(chance(0.3) ? [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] }] : []),
          ...(chance(0.3) ? [{ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }] }] : []),
        ];
      }
      objects.push(cnp(ns, `cnp${p}`, spec));
    } else if (kind <= 6) {
      const from = pick([
        { source: { principals: [`cluster.local/ns/${pick(namespaces)}/sa/${pick(['sa-0', 'sa-1', 'sa-2'])}`] } },
        { source: { namespaces: [pick(namespaces)] } },
        { source: { notPrincipals: [`cluster.local/ns/${pick(namespaces)}/sa/sa-0`] } },
        { source: { ipBlocks: ['10.0.0.0/8'] } },
      ]);
      const to = chance(0.5) ? [{ operation: { ports: [pick(['8080', '9090'])] } }] : chance(0.5) ? [{ operation: { methods: ['GET'] } }] : undefined;
      const action = pick(['ALLOW', 'ALLOW', 'DENY']);
      const waypointPolicy = chance(0.3);
      const target = waypointPolicy ? { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' }] } : chance(0.8) ? { selector: selector() } : {};
      objects.push(authz(waypointPolicy ? 'a' : ns, `ap${p}`, { ...target, action, rules: chance(0.1) ? [] : [{ from: [from], ...(to ? { to } : {}) }] }));
    } else if (kind === 7) {
      objects.push({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: `pa${p}`, namespace: ns }, spec: { ...(chance(0.5) ? { selector: selector() } : {}), mtls: { mode: pick(['STRICT', 'PERMISSIVE']) } } });
    } else {
      // Several policies alike: their pairs are the ones that share templates.
      for (const other of namespaces.slice(0, 2)) objects.push(cnp(other, `same${p}`, { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: [{ ports: [{ port: 'http' }] }] }] }));
      // Sources whose egress rules tell their destinations apart (by tier), into destinations alike otherwise.
      objects.push(netpol(pick(namespaces), `egress${p}`, { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { tier: pick(['front', 'back']) } } }], ports: [{ port: 'http' }] }, { to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }] }] }));
    }
  }
  return objects;
}

function graphs(objects: readonly K8sObject[], undeclaredNamespaces: UndeclaredNamespaces) {
  const { model } = analyzeWorkspaceTraffic([{ file: 'workspace.yaml', text: yamlOf(objects) }], { undeclaredNamespaces });
  return { shared: buildTrafficGraph(model), plain: buildTrafficGraph(model, { evaluateEveryPair: true }) };
}

describe('edge templates shared by look-alike pairs', () => {
  it('give every pair the edges its own evaluation gives (seeded random workspaces)', () => {
    let sharedSomewhere = 0;
    let edges = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const objects = workspace(seed);
      for (const undeclared of ['unknown', 'name-label-only'] as const) {
        const { shared, plain } = graphs(objects, undeclared);
        // JSON text: the edges' rule references (range getters included) must read the same.
        expect(JSON.stringify(shared.graph), `seed ${seed}, ${undeclared}`).toBe(JSON.stringify(plain.graph));
        expect(plain.stats.evaluated).toBe(plain.stats.pairs);
        // A PeerAuthentication that sets no mode changes no verdict, but turns off the paths that rely on Istio
        // reading nothing of the source (trafficModel.ts fixedIstioSteps, the destination's template key).
        const reference = graphs([...objects, { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'no-mode', namespace: 'elsewhere' }, spec: {} }], undeclared).plain;
        expect(JSON.stringify(plain.graph.edges), `seed ${seed}, ${undeclared}`).toBe(JSON.stringify(reference.graph.edges));
        if (shared.stats.evaluated < shared.stats.pairs) sharedSomewhere++;
        edges += shared.graph.edges.length;
      }
    }
    // The workspaces exercise the shared path, and not on empty graphs.
    expect(sharedSomewhere).toBeGreaterThan(200);
    expect(edges).toBeGreaterThan(2000);
  });

  it('look-alike sources share a template; a mesh client into an ambient destination does not', () => {
    const objects: K8sObject[] = [
      namespace('a', { 'istio.io/dataplane-mode': 'ambient' }),
      namespace('b'),
      deployment('a', 'db', { app: 'db' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      deployment('b', 'db2', { app: 'db' }, { ports: [{ name: 'http', containerPort: 8081 }] }),
      deployment('a', 'web1', { app: 'web' }, { sa: 'one' }),
      deployment('b', 'web3', { app: 'web' }, { sa: 'three' }),
      deployment('c', 'web4', { app: 'web' }),
      deployment('b', 'web5', { app: 'web', version: 'v2' }),
      netpol('a', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] }] }),
      netpol('b', 'db2', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] }] }),
    ];
    const { shared, plain } = graphs(objects, 'unknown');
    expect(JSON.stringify(shared.graph)).toBe(JSON.stringify(plain.graph));
    const into = (to: string) => shared.graph.edges.filter((e) => e.to === to).map((e) => `${e.from} ${e.verdict} ${e.port}`).sort();
    // Into the ambient db the mesh client web1 arrives as HBONE on 15008, which the policy does not allow.
    expect(into('a/db')).toEqual(['a/web1 deny 8080', 'b/web3 allow 8080', 'b/web5 allow 8080', 'c/web4 allow 8080']);
    expect(into('b/db2')).toEqual(['a/web1 allow 8081', 'b/web3 allow 8081', 'b/web5 allow 8081', 'c/web4 allow 8081']);
    // Three templates for eight pairs: web1 into db; the out-of-mesh web3, web4, web5 into db; everyone into db2
    // (no proxy there: mesh membership is not read).
    expect(shared.stats).toEqual({ pairs: 8, evaluated: 3 });
  });

  it('a destination behind a waypoint whose policy names client principals keys its sources by identity', () => {
    const objects: K8sObject[] = [
      namespace('a', { 'istio.io/dataplane-mode': 'ambient' }),
      namespace('b', { 'istio.io/dataplane-mode': 'ambient' }),
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'wp', namespace: 'a', labels: { 'istio.io/waypoint-for': 'all' } }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } },
      deployment('a', 'db', { app: 'db', 'istio.io/use-waypoint': 'wp' }, { ports: [{ name: 'http', containerPort: 8080 }] }),
      deployment('b', 'web1', { app: 'web' }, { sa: 'sa-1' }),
      deployment('b', 'web2', { app: 'web' }, { sa: 'sa-2' }),
      netpol('b', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 8080 }] }, { ports: [{ port: 15008 }] }] }),
      authz('a', 'only-sa-1', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' }], action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/b/sa/sa-1'] } }] }] }),
    ];
    const { shared, plain } = graphs(objects, 'unknown');
    expect(JSON.stringify(shared.graph)).toBe(JSON.stringify(plain.graph));
    const into = shared.graph.edges.filter((e) => e.to === 'a/db' && e.port === 8080).map((e) => `${e.from} ${e.verdict}`).sort();
    expect(into).toEqual(['b/web1 allow', 'b/web2 deny']);
  });

  it('a session that keeps templates across policy edits answers what a plain build answers (seeded random edits)', () => {
    const policyKinds = new Set(['NetworkPolicy', 'CiliumNetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication']);
    const isPolicy = (o: K8sObject) => policyKinds.has(String(o.kind));
    for (let seed = 1; seed <= 60; seed++) {
      const next = seededRandom(seed * 7919);
      const objects = workspace(seed);
      // Policies of another workspace over the same namespaces and labels: edits that add flows and Istio policies.
      const spare = workspace(seed + 10_000).filter(isPolicy);
      const workloads = { file: 'workloads.yaml', text: yamlOf(objects.filter((o) => !isPolicy(o))) };
      let files = objects.filter(isPolicy).map((o, i) => ({ file: `p${i}.yaml`, text: yamlOf([o]) }));
      const session = createTrafficSession();
      for (let step = 0; step < 8; step++) {
        if (step > 0) {
          const edit = Math.floor(next() * 3);
          if (edit === 0 && files.length > 0) files = files.filter((_, i) => i !== Math.floor(next() * files.length));
          else if (spare.length > 0) files = [...files, { file: `s${step}.yaml`, text: yamlOf([spare[Math.floor(next() * spare.length)]]) }];
        }
        session.update([workloads, ...files]);
        const kept = session.graph().graph;
        const plain = buildTrafficGraph(analyzeWorkspaceTraffic([workloads, ...files]).model, { evaluateEveryPair: true }).graph;
        // A session keeps its edges in the order their pairs were first met: compared as sets.
        expect(sorted(kept.edges), `seed ${seed}, step ${step}`).toEqual(sorted(plain.edges));
        expect(sorted(kept.nodes), `seed ${seed}, step ${step}`).toEqual(sorted(plain.nodes));
      }
    }
  });

  // The graph reads which rules' peers match a workload end from the matches it found per rule (buildTrafficGraph.ts
  // peerMatch), where explain matches each peer's selectors (matchPeers): every edge between two workloads must have
  // the verdict, enforcers and rules explain gives its flow at the edge's port.
  it('give every workload-to-workload edge what explain gives its flow (seeded random workspaces)', () => {
    let checked = 0;
    for (let seed = 1; seed <= 120; seed++) {
      for (const undeclared of ['unknown', 'name-label-only'] as const) {
        const { model } = analyzeWorkspaceTraffic([{ file: 'workspace.yaml', text: yamlOf(workspace(seed)) }], { undeclaredNamespaces: undeclared });
        for (const edge of buildTrafficGraph(model).graph.edges) {
          const from = resolveEndpoint(model, edge.from);
          const to = resolveEndpoint(model, edge.to);
          if (!('endpoint' in from) || !('endpoint' in to) || from.endpoint.kind !== 'workload' || to.endpoint.kind !== 'workload') continue;
          const explained = explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: edge.protocol === 'ANY' ? 'TCP' : edge.protocol, port: edge.port ?? 1 });
          const deciding = explained.steps.filter((step) => step.verdict === edge.verdict);
          const at = `seed ${seed}, ${undeclared}: ${edge.from} → ${edge.to} ${edge.protocol}/${edge.port}`;
          expect(explained.verdict, at).toBe(edge.verdict);
          expect([...edge.enforcers].sort(), at).toEqual([...new Set(deciding.filter((s) => s.rules.length > 0 || s.direction === 'authz').map((s) => s.enforcer))].sort());
          expect(sorted(edge.rules.map((r) => [r.policy, r.path, r.enforcer])), at).toEqual(sorted([...new Set(deciding.flatMap((s) => s.rules))].map((r) => [r.policy, r.path, r.enforcer])));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});
