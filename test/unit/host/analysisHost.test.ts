// The analysis host: one revision counter, immutable snapshots, reuse of what did not change (per file across
// revisions, per YAML document inside an edited file, the workspace per snapshot), the size limit in the
// workspace pass, and the one finding merge shared by the editor and the CLI.
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { BlockText } from '../../../server/src/analysis/host/blockText';
import { yamlDocs } from '../enforcement/analyzeWorkspaceText';
import { generatePolicies } from '../../../bench/generatePolicies';
import { shopDbWorkload } from '../../fixtures/shopDbWorkload';

const workloads = shopDbWorkload;
const policy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p-${app}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress]
`;
const codes = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('AnalysisHost revisions and snapshots', () => {
  it('bumps one revision per change; the same input is no change and keeps the snapshot', () => {
    const host = new AnalysisHost();
    expect(host.revision).toBe(0);
    host.applyChange('a.yaml', policy('db'));
    const first = host.snapshot();
    expect(first.revision).toBe(1);
    host.applyChange('a.yaml', policy('db'));
    expect(host.snapshot()).toBe(first);
    host.setSettings({ defaultNamespace: 'other' });
    host.setWorkspaceFiles([{ uri: 'w.yaml', text: workloads }]);
    host.closeDocument('a.yaml');
    expect(host.revision).toBe(4);
  });

  it('an old snapshot keeps answering its revision after applyChange', () => {
    const host = new AnalysisHost();
    host.setWorkspaceFiles([{ uri: 'w.yaml', text: workloads }]);
    host.applyChange('p.yaml', policy('cache'));
    const old = host.snapshot();
    host.applyChange('p.yaml', policy('db'));
    const current = host.snapshot();
    // Asked only now, after the change: the old snapshot still sees the selector that matches nothing.
    expect(codes(old.diagnostics('p.yaml'))).toEqual(['ML5001']);
    expect(codes(current.diagnostics('p.yaml'))).toEqual([]);
    expect(old.text('p.yaml')).toBe(policy('cache'));
    expect(old.trafficGraph().graph).not.toEqual(current.trafficGraph().graph);
    // Settings are part of the revision too.
    host.setSettings({ maxFileSizeMB: 0.0001 });
    expect(codes(host.snapshot().diagnostics('p.yaml'))).toEqual(['ML0006']);
    expect(codes(current.diagnostics('p.yaml'))).toEqual([]);
  });
});

describe('AnalysisHost reuse', () => {
  it('an edit re-analyses only the edited file, and inside it only the edited YAML document', () => {
    const host = new AnalysisHost();
    const three = [policy('a'), policy('b'), policy('c')].join('---\n');
    host.applyChange('multi.yaml', three);
    host.applyChange('other.yaml', policy('db'));
    const before = host.snapshot();
    const [a, b, c] = before.analysis('multi.yaml')!.documents;
    const other = before.analysis('other.yaml');
    expect(host.analysesRun).toBe(2);

    host.applyChange('multi.yaml', three.replace('p-b', 'p-bee'));
    const after = host.snapshot();
    expect(after.analysis('other.yaml')).toBe(other);
    const [a2, b2, c2] = after.analysis('multi.yaml')!.documents;
    expect(a2).toBe(a);
    expect(b2).not.toBe(b);
    expect(b2!.summary.name).toBe('p-bee');
    // The third document moved by two characters: rebased, not re-analysed, and equal to a fresh analysis.
    expect(c2!.yaml.start).toBe(c!.yaml.start + 2);
    expect(c2!.yaml.syntax).toBe(c!.yaml.syntax);
    expect(host.analysesRun).toBe(3);
  });

  it('builds the workspace once per snapshot and shares it between requests', () => {
    const host = new AnalysisHost();
    host.applyChange('p.yaml', policy('db'));
    const snapshot = host.snapshot();
    const workspace = snapshot.enforcementWorkspace();
    snapshot.diagnostics('p.yaml');
    snapshot.inlayHints('p.yaml');
    snapshot.hover('p.yaml', policy('db').indexOf('podSelector'));
    expect(snapshot.enforcementWorkspace()).toBe(workspace);
    expect(snapshot.traffic()).toBe(snapshot.traffic());
  });

  it('reuses the data-plane context across a policy-only edit, and reads it again when a workload document changes', () => {
    const host = new AnalysisHost();
    const namespace = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {${labels}}}\n`;
    const file = (labels: string, app: string) => `${namespace(labels)}---\n${workloads.split('---\n')[1]}---\n${policy(app)}`;
    host.applyChange('p.yaml', file('team: a', 'db'));
    const first = host.snapshot().enforcementWorkspace();
    host.applyChange('p.yaml', file('team: a', 'web'));
    const policyEdited = host.snapshot().enforcementWorkspace();
    expect(policyEdited).not.toBe(first);
    expect(policyEdited.dataplane).toBe(first.dataplane);
    expect(policyEdited.policies.map((p) => p.policy.name)).toEqual(['p-web']);
    host.applyChange('p.yaml', file('istio.io/dataplane-mode: ambient', 'web'));
    const relabelled = host.snapshot().enforcementWorkspace().dataplane;
    expect(relabelled).not.toBe(first.dataplane);
    expect(relabelled.namespaces.get('shop')?.['istio.io/dataplane-mode']).toBe('ambient');
  });

  it('prepare() analyses the open documents step by step, to the same result as a direct request', () => {
    const host = new AnalysisHost();
    const text = [policy('a'), policy('b')].join('---\n');
    host.applyChange('p.yaml', text);
    expect(host.isPrepared()).toBe(false);
    const steps = [...host.prepare()];
    expect(steps).toEqual(['p.yaml', 'p.yaml']);
    expect(host.isPrepared()).toBe(true);
    const direct = new AnalysisHost();
    direct.applyChange('p.yaml', text);
    expect(host.snapshot().diagnostics('p.yaml')).toEqual(direct.snapshot().diagnostics('p.yaml'));
    expect(host.analysesRun).toBe(1);
  });
});

describe('AnalysisHost limits', () => {
  it('a workspace file above the size limit is left out of the workspace model and reports ML0006', () => {
    const host = new AnalysisHost({ maxFileSizeMB: 0.001 });
    const padded = `${workloads}# ${'x'.repeat(2000)}\n`;
    const elsewhere = workloads.replaceAll('shop', 'web');
    host.setWorkspaceFiles([{ uri: 'w.yaml', text: padded }, { uri: 'web.yaml', text: elsewhere }]);
    host.applyChange('p.yaml', policy('db'));
    // The Deployment in the too-large file does not exist for the graph: namespace shop has no workload.
    expect(host.snapshot().traffic().model.inventory.workloads.map((w) => w.id)).toEqual(['web/db']);
    expect(codes(host.snapshot().diagnostics('p.yaml'))).toEqual(['ML5003']);
    host.setSettings({ maxFileSizeMB: 1 });
    expect(host.snapshot().traffic().model.inventory.workloads.map((w) => w.id).sort()).toEqual(['shop/db', 'web/db']);
    expect(codes(host.snapshot().diagnostics('p.yaml'))).toEqual([]);
    // The editor reports the limit only on files that hold a policy; the CLI on every file it was given.
    const big = `${policy('db')}# ${'x'.repeat(2000)}\n`;
    host.setSettings({ maxFileSizeMB: 0.001 });
    host.applyChange('big.yaml', big);
    expect(codes(host.snapshot().diagnostics('big.yaml'))).toEqual(['ML0006']);
    expect(host.snapshot().isAnalysed('big.yaml')).toBe(false);
    expect(host.snapshot().completion('big.yaml', 3)).toEqual([]);
  });

  it('a keystroke in an open file above the size limit joins no text, and its ML0006 follows the policy kind in and out', () => {
    const host = new AnalysisHost({ maxFileSizeMB: 0.01 });
    const text = generatePolicies(60);
    host.applyChange('big.yaml', text);
    expect(codes(host.snapshot().diagnostics('big.yaml'))).toEqual(['ML0006']);
    let content = BlockText.of(text);
    let plain = text;
    // Every policy kind line renamed, one keystroke each: the last one leaves no policy, so no finding.
    for (const match of [...text.matchAll(/^kind: (\w+)$/gm)].reverse()) {
      const at = match.index + 'kind: '.length;
      content = content.replace(at, at, 'X');
      plain = `${plain.slice(0, at)}X${plain.slice(at)}`;
      host.applyChange('big.yaml', content, {}, { prefix: at, suffix: content.length - at - 1 });
      const snapshot = host.snapshot();
      const fresh = new AnalysisHost({ maxFileSizeMB: 0.01 });
      fresh.applyChange('big.yaml', plain);
      const expected = codes(fresh.snapshot().diagnostics('big.yaml'));
      expect(codes(snapshot.provisionalDiagnostics('big.yaml').findings)).toEqual(expected);
      expect(codes(snapshot.diagnostics('big.yaml'))).toEqual(expected);
      snapshot.traffic();
      expect(content.isJoined).toBe(false);
    }
    expect(content.toString()).toBe(plain);
    expect(codes(host.snapshot().diagnostics('big.yaml'))).toEqual([]);
  });

  it('a file stopped for its time budget gets one ML0020 and leaves the workspace until it changes', () => {
    const host = new AnalysisHost();
    host.applyChange('w.yaml', workloads, { stoppedAfterMs: 10_000 });
    host.applyChange('p.yaml', policy('db'));
    expect(codes(host.snapshot().diagnostics('w.yaml'))).toEqual(['ML0020']);
    expect(host.snapshot().diagnostics('w.yaml')[0]!.message).toContain('10.0 s time budget');
    expect(host.snapshot().traffic().model.inventory.workloads).toEqual([]);
    host.applyChange('w.yaml', workloads);
    expect(host.snapshot().traffic().model.inventory.workloads.map((w) => w.id)).toEqual(['shop/db']);
  });
});

describe('the one finding merge', () => {
  const sidecarNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio-injection: enabled\n';
  const tcpService = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  selector:\n    app: web\n  ports:\n  - name: tcp\n    port: 9000\n';
  const deny = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n';

  it('editor and CLI scopes merge a policy file the same way: ML3016 superseded by ML4007, ordered by position', () => {
    const text = yamlDocs(sidecarNs, tcpService, deny);
    const editor = new AnalysisHost({ scope: 'policy-files' });
    const cli = new AnalysisHost({ scope: 'every-file' });
    editor.applyChange('ap.yaml', text);
    cli.applyChange('ap.yaml', text);
    const shown = editor.snapshot().diagnostics('ap.yaml');
    expect(codes(shown)).toContain('ML4007');
    expect(codes(shown)).not.toContain('ML3016');
    expect(editor.snapshot().analysis('ap.yaml')!.findings.map((f) => f.code)).toContain('ML3016');
    expect(cli.snapshot().diagnostics('ap.yaml')).toEqual(shown);
    const starts = shown.map((f) => f.span.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('the editor stays silent on YAML without a policy; the CLI reports it', () => {
    const broken = 'kind: Deployment\nmetadata:\n  a: 1\n  a: 2\n';
    const editor = new AnalysisHost({ scope: 'policy-files' });
    const cli = new AnalysisHost({ scope: 'every-file' });
    editor.applyChange('d.yaml', broken);
    cli.applyChange('d.yaml', broken);
    expect(editor.snapshot().diagnostics('d.yaml')).toEqual([]);
    expect(codes(cli.snapshot().diagnostics('d.yaml'))).toEqual(['ML0003']);
  });
});

describe('provisional diagnostics (what an editor waiting on a keystroke gets)', () => {
  it('carry unchanged documents\' workspace findings over to their new offsets, equal to the settled answer', () => {
    const host = new AnalysisHost();
    const text = generatePolicies(12);
    host.applyChange('u', text);
    const settled = host.snapshot().diagnostics('u');
    expect(codes(settled).filter((c) => c.startsWith('ML4')).length).toBeGreaterThan(3);
    host.applyChange('u', text.replace('name: cnp-0\n', 'name: cnp-0-renamed\n'));
    const quick = host.snapshot().provisionalDiagnostics('u');
    expect(quick.settled).toBe(false);
    expect(quick.findings).toEqual(host.snapshot().diagnostics('u'));
    // Once the snapshot has settled, the provisional answer is the settled one.
    expect(host.snapshot().provisionalDiagnostics('u')).toEqual({ findings: host.snapshot().diagnostics('u'), settled: true });
  });

  it('leave many new documents to the settled answer', () => {
    const host = new AnalysisHost();
    host.applyChange('u', generatePolicies(60));
    const quick = host.snapshot().provisionalDiagnostics('u');
    const settled = host.snapshot().diagnostics('u');
    expect(quick.settled).toBe(false);
    expect(quick.findings.length).toBeLessThan(settled.length);
  });

  it('show ML5xxx only for the text they were computed on', () => {
    const host = new AnalysisHost();
    host.setWorkspaceFiles([{ uri: 'w.yaml', text: workloads }]);
    host.applyChange('p.yaml', policy('cache'));
    expect(codes(host.snapshot().diagnostics('p.yaml'))).toEqual(['ML5001']);
    host.applyChange('p.yaml', `${policy('cache')}# edited\n`);
    expect(codes(host.snapshot().provisionalDiagnostics('p.yaml').findings)).toEqual([]);
    expect(codes(host.snapshot().diagnostics('p.yaml'))).toEqual(['ML5001']);
  });
});
