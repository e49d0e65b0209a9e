// The one-file layout (workloads, namespaces and policies of several kinds in one file of many documents), where
// an edit moves every later document: after each edit of a seeded random sequence, the incremental session's
// graph (edges with their rule ranges, nodes) and findings must equal a fresh build of the same text. Documents
// the edit did not touch are handed over as the analysis host hands them (the same parse, a new object at the
// new offset), so the paths that keep moved documents without re-reading them are the ones checked; the policy
// documents include ones with graph findings (a selector matching nothing, a namespace without workloads),
// whose spans must follow their document.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { ruleChangesSince, type TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { parseYamlDocuments, type YamlDocument } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { seededRandom } from '../../support/seededRandom';

const FILE = 'all.yaml';

/** A small cluster in one file: namespaces, deployments, and policies of every kind the graph reads. */
function oneFileWorkspace(): string {
  const docs: string[] = [];
  for (let n = 0; n < 3; n++) {
    const mode = ['ambient', 'sidecar', 'none'][n];
    const modeLabel = mode === 'ambient' ? '\n    istio.io/dataplane-mode: ambient' : mode === 'sidecar' ? '\n    istio-injection: enabled' : '';
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns-${n}\n  labels:\n    team: team-${n}${modeLabel}`);
    for (let w = 0; w < 4; w++) {
      docs.push(
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${w}\n  namespace: ns-${n}\nspec:\n  selector:\n    matchLabels:\n      app: svc-${w}\n  template:\n    metadata:\n      labels:\n        app: svc-${w}\n        tier: ${['web', 'api', 'db', 'batch'][w]}\n    spec:\n      serviceAccountName: sa-${w}\n      containers:\n        - name: main\n          image: x\n          ports:\n            - name: http\n              containerPort: 8080\n            - containerPort: 9090`,
      );
    }
  }
  for (let p = 0; p < 12; p++) {
    const ns = `ns-${p % 3}`;
    const w = p % 4;
    const peer = (w + 1) % 4;
    switch (p % 6) {
      case 0:
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-${p}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: svc-${w}\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: svc-${peer}\n        - namespaceSelector:\n            matchLabels:\n              team: team-${(p + 1) % 3}\n      ports:\n        - port: http\n        - port: 9090`);
        break;
      case 1:
        docs.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-${p}\n  namespace: ${ns}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: svc-${w}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            app: svc-${peer}\n      toPorts:\n        - ports:\n            - port: "8080"\n              protocol: TCP\n          rules:\n            http:\n              - method: GET\n                path: /api/.*\n  egress:\n    - toEndpoints:\n        - matchLabels:\n            app: svc-${peer}\n      toPorts:\n        - ports:\n            - port: "8080"\n              protocol: TCP`);
        break;
      case 2:
        docs.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-${p}\n  namespace: ${ns}\nspec:\n  endpointSelector:\n    matchLabels:\n      tier: db\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            tier: api\n      toPorts:\n        - ports:\n            - port: "8080"\n  ingressDeny:\n    - fromEndpoints:\n        - matchLabels:\n            tier: batch`);
        break;
      case 3:
        docs.push(`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap-${p}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels:\n      app: svc-${w}\n  action: ALLOW\n  rules:\n    - from:\n        - source:\n            principals: ["cluster.local/ns/${ns}/sa/sa-${peer}"]\n      to:\n        - operation:\n            ports: ["8080"]`);
        break;
      case 4:
        // A selector that matches no workload: a graph finding whose span must follow the document.
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-none-${p}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels:\n      app: nothing-${p}\n  ingress:\n    - ports:\n        - port: 8080`);
        break;
      default:
        // A namespace without workloads: another finding.
        docs.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np-empty-${p}\n  namespace: empty-${p}\nspec:\n  podSelector: {}\n  egress:\n    - ports:\n        - port: 53\n          protocol: UDP`);
    }
  }
  return `${docs.join('\n---\n')}\n`;
}

type Edit = (text: string, pick: (n: number) => number) => string | undefined;

function documentStarts(text: string): number[] {
  return [0, ...[...text.matchAll(/\n---\n/g)].map((m) => m.index + 5)];
}

const edits: Record<string, Edit> = {
  // A number in some document gets another value of the same length (a port 8080 → 8081): later documents keep their offsets.
  sameLength: (text, pick) => {
    const ports = [...text.matchAll(/\b(8080|9090)\b/g)];
    if (ports.length === 0) return undefined;
    const m = ports[pick(ports.length)];
    return text.slice(0, m.index) + String(Number(m[0]) + 1) + text.slice(m.index + 4);
  },
  // A port changes length (53 → 5353, 8080 → 808): every later document moves.
  longer: (text, pick) => {
    const ports = [...text.matchAll(/port: (\d+)$/gm)];
    if (ports.length === 0) return undefined;
    const m = ports[pick(ports.length)];
    const at = m.index + 'port: '.length;
    const value = m[1].length <= 3 ? `${m[1]}${m[1]}` : m[1].slice(0, -1);
    return text.slice(0, at) + value + text.slice(at + m[1].length);
  },
  // A comment line in some document: everything after it moves, that document is re-parsed equal.
  comment: (text, pick) => {
    const lines = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)].filter((at) => at < text.length && text.slice(at, at + 4) !== '---\n');
    const at = lines[pick(lines.length)];
    return `${text.slice(0, at)}# edited\n${text.slice(at)}`;
  },
  // A label or name value gets a suffix (selectors stop or start matching, a workload changes).
  value: (text, pick) => {
    const values = [...text.matchAll(/: ((?:svc|team|api|db|web|batch)[\w-]*)$/gm)];
    if (values.length === 0) return undefined;
    const m = values[pick(values.length)];
    const at = m.index + m[0].length;
    return `${text.slice(0, at)}x${text.slice(at)}`;
  },
  // A document removed: later documents move and get a new index.
  removeDocument: (text, pick) => {
    const starts = documentStarts(text);
    if (starts.length < 3) return undefined;
    const k = pick(starts.length - 1) + 1;
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    return text.slice(0, starts[k]) + text.slice(end);
  },
  // A document copied to the end (a new policy or workload with the same content, at another index).
  appendCopy: (text, pick) => {
    const starts = documentStarts(text);
    const k = pick(starts.length);
    const body = text.slice(starts[k], k + 1 < starts.length ? starts[k + 1] - 5 : text.length).replace(/\n$/, '');
    return `${text.replace(/\n$/, '')}\n---\n${body}\n`;
  },
};

/** The new text's documents as the host hands them over: a document whose text is unchanged keeps its parse, moved. */
function reparse(previous: readonly YamlDocument[], text: string): YamlDocument[] {
  const byText = new Map<string, YamlDocument[]>();
  for (const doc of previous) {
    const list = byText.get(doc.text);
    if (list) list.push(doc);
    else byText.set(doc.text, [doc]);
  }
  return parseYamlDocuments(text).map((doc) => {
    const kept = byText.get(doc.text)?.shift();
    if (!kept || kept.findings.length > 0) return doc;
    // The identical object where nothing moved, else a moved copy (new offsets, the same parsed value).
    return kept.start === doc.start && kept.index === doc.index ? kept : { ...kept, index: doc.index, start: doc.start, end: doc.end };
  });
}

const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

function check(seed: number, steps: number): void {
  const next = seededRandom(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const names = Object.keys(edits);
  const session = createTrafficSession();
  let text = oneFileWorkspace();
  let documents = reparse([], text);
  let previousModel: TrafficModel | undefined;
  let derived = 0;
  for (let step = 0; step <= steps; step++) {
    if (step > 0) {
      const edited = edits[names[pick(names.length)]](text, pick);
        if (edited === undefined) continue;
      documents = reparse(documents, edited);
      text = edited;
    }
    const traffic = session.update([{ file: FILE, text, documents }]);
    const incremental = session.graph();
    // The model's own account of the rules that came and went (read by the graph) equals comparing the rule lists.
    if (previousModel) {
      const changes = ruleChangesSince(traffic.model, previousModel);
      const [now, was] = [new Set(traffic.model.rules), new Set(previousModel.rules)];
      if (changes) derived += 1;
      // By identity: positions in the rule lists.
      const at = (list: readonly unknown[], rules: readonly unknown[]) => list.map((r) => rules.indexOf(r));
      if (changes) {
        expect(at(changes.added, traffic.model.rules), `seed ${seed}, step ${step}: added`).toEqual(at(traffic.model.rules.filter((r) => !was.has(r)), traffic.model.rules));
        expect(at(changes.removed, previousModel.rules), `seed ${seed}, step ${step}: removed`).toEqual(at(previousModel.rules.filter((r) => !now.has(r)), previousModel.rules));
      }
    }
    previousModel = traffic.model;
    const fresh = analyzeWorkspaceTraffic([{ file: FILE, text }]);
    const where = `seed ${seed}, step ${step}`;
    expect(sorted(incremental.graph.edges), where).toEqual(sorted(buildTrafficGraph(fresh.model).graph.edges));
    expect(sorted(incremental.graph.nodes), where).toEqual(sorted(buildTrafficGraph(fresh.model).graph.nodes));
    expect(sorted(traffic.findings), where).toEqual(sorted(fresh.findings));
  }
  // Most edits leave the workloads alone: the model's account was checked, not skipped.
  expect(derived).toBeGreaterThan(0);
}

describe('one-file layout: the incremental session equals a fresh build after random edits', () => {
  it('has findings and edges to compare (the workspace exercises what the edits move)', () => {
    const text = oneFileWorkspace();
    const fresh = analyzeWorkspaceTraffic([{ file: FILE, text }]);
    expect(fresh.findings.some((f) => f.finding.code === 'ML5001')).toBe(true);
    expect(fresh.findings.some((f) => f.finding.code === 'ML5003')).toBe(true);
    expect(buildTrafficGraph(fresh.model).graph.edges.length).toBeGreaterThan(20);
  });

  // Seed 95 removes a policy whose namespace only it mentioned: the workload world changes while no workload did.
  for (const seed of [11, 23, 47, 95, 191, 383, 767, 1531]) {
    it(`seed ${seed}: 16 edits`, () => check(seed, 16));
  }

  it('a policy after the edit keeps its object and compiled rules, and its edges read the new lines', () => {
    const session = createTrafficSession();
    const text = oneFileWorkspace();
    const documents = reparse([], text);
    const first = session.update([{ file: FILE, text, documents }]);
    const lastPolicy = first.model.inventory.policies[first.model.inventory.policies.length - 1];
    const rules = first.model.rulesByPolicy.get(lastPolicy);
    const shifted = `# one\n# two\n${text}`;
    const second = session.update([{ file: FILE, text: shifted, documents: reparse(documents, shifted) }]);
    expect(second.model.inventory.policies).toContain(lastPolicy);
    expect(second.model.rulesByPolicy.get(lastPolicy)).toBe(rules);
    expect(lastPolicy.source.text).toBe(shifted);
    expect(sorted(second.findings)).toEqual(sorted(analyzeWorkspaceTraffic([{ file: FILE, text: shifted }]).findings));
  });
});
