// Navigation and flow changes on the examples workspace, through the analysis host: outline with layer and
// enforcer, selector → workloads, workload → policies, lenses, and "allow/deny this flow" checked by evaluating
// the changed workspace again.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';

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
const netpol = path.join(root, 'policies/kubernetes/data.yaml');
const ciliumData = path.join(root, 'policies/cilium/data.yaml');
const dataWorkloads = path.join(root, 'workloads/data.yaml');

function snapshot() {
  const host = new AnalysisHost({ scope: 'policy-files' });
  host.setWorkspaceFiles(files.map((f) => ({ uri: f, text: read(f) })));
  host.applyChange(netpol, read(netpol));
  return host.snapshot();
}

const s = snapshot();
const spanText = (file: string, span: { start: number; end: number }) => read(file).slice(span.start, span.end);

describe('navigation', () => {
  it('outlines each policy with its rules, layer and enforcer', () => {
    const symbols = s.documentSymbols(netpol);
    expect(symbols.map((x) => x.name)).toEqual(['NetworkPolicy data/default-deny-ingress', 'NetworkPolicy data/redis-from-cart']);
    expect(symbols[1].children.map((c) => [c.name, c.detail])).toEqual([['ingress[0]', 'L4 · CNI (NetworkPolicy) · allow']]);
    expect(spanText(netpol, symbols[1].selection)).toBe('redis-from-cart');
  });

  it('goes from a subject selector to the workloads the policy selects', () => {
    const text = read(netpol);
    const targets = s.definitions(netpol, text.indexOf('app: redis') + 6);
    expect(targets.map((t) => [path.basename(t.file), spanText(t.file, t.span)])).toEqual([['data.yaml', 'name']]);
    const at = targets[0].span.start;
    expect(read(targets[0].file).slice(at, at + 12)).toBe('name: redis\n');
  });

  it('goes from a peer podSelector with a namespaceSelector to nothing, and from the namespaceSelector to the Namespace', () => {
    const text = read(netpol);
    const ns = s.definitions(netpol, text.indexOf('kubernetes.io/metadata.name: storefront') + 3);
    expect(ns.map((t) => path.basename(t.file))).toEqual(['namespaces.yaml']);
  });

  it('finds the policies that select a workload', () => {
    const text = read(dataWorkloads);
    const redis = text.indexOf('name: redis');
    const refs = s.references(dataWorkloads, redis);
    const named = refs.map((r) => `${path.relative(root, r.file)}:${read(r.file).slice(r.span.start).split('\n')[0]}`);
    expect(named).toContain('policies/kubernetes/data.yaml:name: redis-from-cart');
    expect(named).toContain('policies/kubernetes/data.yaml:name: default-deny-ingress');
    expect(named.some((n) => n.startsWith('policies/cilium/data.yaml'))).toBe(true);
    expect(s.references(netpol, 10)).toEqual([]);
  });

  it('puts a lens with selected workloads and decided flows above each policy', () => {
    const lenses = s.policyLenses(netpol);
    expect(lenses.map((l) => l.title)).toEqual(['selects 2 workloads · allows 0 flows · 0 denied', 'selects 1 workload · allows 1 flow · 0 denied']);
    expect(spanText(netpol, lenses[1].span)).toBe('kind');
  });
});

describe('allow / deny this flow', () => {
  it('allows a denied flow with one Cilium ingress item appended to the policy selecting the destination', () => {
    const answer = s.flowChange({ from: 'storefront/frontend', to: 'data/redis', protocol: 'TCP', port: 6379, intent: 'allow' });
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.change.before).toBe('deny');
    expect(answer.after).toBe('allow');
    expect(answer.change.newFiles).toEqual([]);
    expect(answer.change.edits).toHaveLength(1);
    const edit = answer.change.edits[0];
    expect(edit.uri).toBe(ciliumData);
    expect(edit.span.start).toBe(edit.span.end);
    expect(edit.newText).toBe('\n    - fromEndpoints:\n        - matchLabels:\n            "k8s:io.kubernetes.pod.namespace": storefront\n            app: frontend\n      toPorts:\n        - ports:\n            - port: "6379"\n              protocol: TCP');
  });

  it('denies an allowed flow with a Cilium ingressDeny section, verified by evaluation', () => {
    const answer = s.flowChange({ from: 'storefront/cart', to: 'data/redis', protocol: 'TCP', port: 6379, intent: 'deny' });
    if ('error' in answer) throw new Error(answer.error);
    expect([answer.change.before, answer.after]).toEqual(['allow', 'deny']);
    expect(answer.change.edits[0].newText.startsWith('\n  ingressDeny:\n    - fromEndpoints:')).toBe(true);
  });

  it('names an unknown endpoint instead of changing anything', () => {
    expect(s.flowChange({ from: 'nowhere/x', to: 'data/redis', protocol: 'TCP', port: 1, intent: 'allow' })).toMatchObject({ error: expect.stringContaining('from:') });
  });
});
