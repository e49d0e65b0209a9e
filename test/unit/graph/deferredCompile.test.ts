// The traffic model compiles its policies when something first reads its rules (trafficModel.ts): a session's
// update of a policy-only workspace reads none (its graph findings need no rule), and the next model reuses the
// rules of the last model that did compile. Seeded random sequences over two files (policies; workloads that
// come and go) read the rules at some steps only, and every step's findings, and the graph and rules where read,
// equal a fresh build's.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { analyzeWorkspaceTraffic, type WorkspaceText } from '../../../server/src/analysis/graph/workspaceTraffic';
import { parseYamlDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { seededRandom } from '../../support/seededRandom';

function policies(next: () => number, count: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const docs: string[] = [];
  for (let p = 0; p < count; p++) {
    const ns = pick(['ns-0', 'ns-1', 'empty']);
    const app = pick(['svc-0', 'svc-1', 'svc-2', 'nothing']);
    const peer = pick(['svc-0', 'svc-1', 'svc-2']);
    const port = pick(['8080', 'http', '9090']);
    switch (pick(['np', 'cnp', 'ccnp', 'ap'])) {
      case 'np':
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${p}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: ${app}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: ${peer}\n      ports:\n        - port: ${port}`);
        break;
      case 'cnp':
        docs.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-${p}\n  namespace: ${ns}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: ${app}\n  egress:\n    - toEndpoints:\n        - matchLabels:\n            app: ${peer}\n      toPorts:\n        - ports:\n            - port: "${port === 'http' ? '8080' : port}"\n              protocol: TCP`);
        break;
      case 'ccnp':
        docs.push(`apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ccnp-${p}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: ${app}\n  ingress:\n    - fromCIDR: [10.0.0.0/8]`);
        break;
      default:
        docs.push(`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap-${p}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: ${app}\n  rules:\n    - to:\n        - operation:\n            ports: ["8080"]`);
    }
  }
  return `${docs.join('\n---\n')}\n`;
}

function workloads(next: () => number): string {
  const docs: string[] = [];
  for (const ns of ['ns-0', 'ns-1']) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}`);
    for (let w = 0; w < 3; w++) {
      if (next() < 0.3) continue;
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${w}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels:\n        app: svc-${w}\n    spec:\n      containers:\n        - name: main\n          ports:\n            - name: http\n              containerPort: 8080`);
    }
  }
  return `${docs.join('\n---\n')}\n`;
}

const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

describe('traffic model: rules compiled when first read equal a fresh build', () => {
  it('over seeded sequences of policy edits, workloads coming and going, rules read at some steps only', () => {
    let unread = 0;
    let read = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const next = seededRandom(seed);
      const session = createTrafficSession();
      let policyText = policies(next, 8);
      let workloadText: string | undefined;
      for (let step = 0; step < 12; step++) {
        const r = next();
        if (r < 0.4) policyText = policies(next, 4 + Math.floor(next() * 8));
        else if (r < 0.7) workloadText = workloadText === undefined ? workloads(next) : undefined;
        else if (r < 0.85) policyText = policyText.replace(/svc-1/, 'svc-2');
        const files: WorkspaceText[] = [{ file: 'policies.yaml', text: policyText, documents: parseYamlDocuments(policyText) }];
        if (workloadText !== undefined) files.push({ file: 'workloads.yaml', text: workloadText, documents: parseYamlDocuments(workloadText) });
        const traffic = session.update(files);
        const fresh = analyzeWorkspaceTraffic(files.map(({ file, text }) => ({ file, text })));
        const where = `seed ${seed}, step ${step}`;
        expect(sorted(traffic.findings), where).toEqual(sorted(fresh.findings));
        if (next() < 0.5) {
          unread += 1;
          continue;
        }
        read += 1;
        const { model } = traffic;
        expect(model.rules.map((r) => `${r.policy.name} ${r.direction} ${JSON.stringify(r.path)}`), where).toEqual(fresh.model.rules.map((r) => `${r.policy.name} ${r.direction} ${JSON.stringify(r.path)}`));
        expect(model.rules.map((r) => model.subjectsOf(r).map((w) => w.id)), where).toEqual(fresh.model.rules.map((r) => fresh.model.subjectsOf(r).map((w) => w.id)));
        const graph = session.graph().graph;
        const freshGraph = buildTrafficGraph(fresh.model).graph;
        expect(sorted(graph.edges), where).toEqual(sorted(freshGraph.edges));
        expect(sorted(graph.nodes), where).toEqual(sorted(freshGraph.nodes));
      }
    }
    expect(unread).toBeGreaterThan(20);
    expect(read).toBeGreaterThan(20);
  });
});
