// "Allow this flow" as a code action on the policy that denies it (features/flowActions.ts), through the analysis
// host on the examples workspace: which flows are offered (the graph's denied edges attributed to the policy, the
// rule under the cursor first, at most maxFlowActions), the exact edit the flow-change planner makes, the verdict
// once it is applied, and a disabled action where an explicit deny rule decides.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { maxFlowActions } from '../../../server/src/analysis/features/flowActions';

const root = path.resolve(__dirname, '../../../examples');
const files: string[] = [];
const walk = (dir: string): void => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p);
    else if (p.endsWith('.yaml')) files.push(p);
  }
};
walk(root);
const read = (p: string) => readFileSync(p, 'utf8');
const istioPayments = path.join(root, 'policies/istio/payments.yaml');
const ciliumMonitoring = path.join(root, 'policies/cilium/monitoring.yaml');

function snapshotWith(extra: { uri: string; text: string }[] = []) {
  const host = new AnalysisHost({ scope: 'policy-files' });
  host.setWorkspaceFiles([...files.map((f) => ({ uri: f, text: read(f) })), ...extra]);
  for (const file of extra) host.applyChange(file.uri, file.text);
  return host.snapshot();
}

const at = (text: string, needle: string) => {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  return { start: offset, end: offset };
};

describe('allow-this-flow code actions', () => {
  const s = snapshotWith();

  it('offers, on an ALLOW AuthorizationPolicy, the flows its default deny denies, each a rule appended to its rules', () => {
    const text = read(istioPayments);
    const actions = s.flowActions(istioPayments, at(text, 'name: payments-api-allow'));
    expect(actions.map((a) => a.title)).toEqual([
      'Allow monitoring/prometheus → payments/payments-api TCP/9090',
      'Allow storefront/cart → payments/payments-api TCP/9090',
    ]);
    // Prometheus is outside the mesh: no principal names it, and a rule for every source would allow more.
    expect(actions[0].disabledReason).toMatch(/monitoring\/prometheus has none \(it is outside the mesh\)/);
    const end = text.indexOf('values: [https://auth.example.com]') + 'values: [https://auth.example.com]'.length;
    expect(actions[1].edits).toEqual([{
      uri: istioPayments,
      span: { start: end, end },
      newText: '\n    - from:\n        - source:\n            principals: ["cluster.local/ns/storefront/sa/cart"]\n      to:\n        - operation:\n            ports: ["9090"]',
    }]);
    expect(actions[1].newFiles).toEqual([]);
    expect(actions[1].disabledReason).toBeUndefined();
  });

  it('makes the flow allowed once applied (the same evaluation as explain)', () => {
    const text = read(istioPayments);
    const action = s.flowActions(istioPayments, at(text, 'name: payments-api-allow'))[1];
    const edit = action.edits[0];
    const changed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    const after = snapshotWith([{ uri: istioPayments, text: changed }]);
    const explained = after.explainFlow({ from: action.flow.from, to: action.flow.to, protocol: action.flow.protocol, port: action.flow.port });
    expect('result' in explained && explained.result.verdict).toBe('allow');
  });

  it('offers nothing on a policy that denies no drawn flow', () => {
    const text = read(istioPayments);
    expect(s.flowActions(istioPayments, at(text, 'name: payments-api-jwt'))).toEqual([]);
  });

  it('appends a Cilium egress item for a flow the egress policy isolates', () => {
    const text = read(ciliumMonitoring);
    const actions = s.flowActions(ciliumMonitoring, at(text, 'name: prometheus-egress'));
    expect(actions.map((a) => a.title)).toEqual(['Allow monitoring/prometheus → data/redis UDP/53']);
    expect(actions[0].edits[0].newText).toBe('\n    - toEndpoints:\n        - matchLabels:\n            "k8s:io.kubernetes.pod.namespace": data\n            app: redis\n      toPorts:\n        - ports:\n            - port: "53"\n              protocol: UDP');
  });

  it('puts the flows of the rule under the cursor first and offers at most maxFlowActions', () => {
    const uri = path.join(root, 'policies/cilium/deny-draft.yaml');
    const peers = [['storefront', 'frontend'], ['storefront', 'cart'], ['payments', 'payments-api'], ['monitoring', 'prometheus']];
    const text = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata:',
      '  name: redis-deny-draft',
      '  namespace: data',
      'spec:',
      '  endpointSelector:',
      '    matchLabels:',
      '      app: redis',
      '  ingressDeny:',
      ...peers.flatMap(([namespace, app]) => [
        '    - fromEndpoints:',
        '        - matchLabels:',
        `            k8s:io.kubernetes.pod.namespace: ${namespace}`,
        `            app: ${app}`,
        '      toPorts:',
        '        - ports:',
        '            - port: "6390"',
        '              protocol: TCP',
      ]),
      '',
    ].join('\n');
    const denied = snapshotWith([{ uri, text }]);
    const actions = denied.flowActions(uri, at(text, 'app: prometheus'));
    expect(actions).toHaveLength(maxFlowActions);
    expect(actions[0].title).toBe('Allow monitoring/prometheus → data/redis TCP/6390');
    // The others follow in the graph's order: three of the four denied peers are offered.
    const others = ['storefront/frontend', 'storefront/cart', 'payments/payments-api'].map((peer) => `Allow ${peer} → data/redis TCP/6390`);
    expect(actions.slice(1).every((a) => others.includes(a.title))).toBe(true);
    // An explicit deny rule is not removed: the action is disabled and says why (its egress half alone would not allow it).
    expect(actions[0].disabledReason).toMatch(/explicit deny rule \(CiliumNetworkPolicy redis-deny-draft\); meshlens does not remove deny rules/);
  });
});
