// ML3016 (istiod's per-document "DENY rule with only HTTP attributes" warning) is dropped on a rule that
// also has ML4007 (the sidecar TCP port where that DENY denies everything), and kept otherwise.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { withoutSupersededFindings } from '../../../server/src/analysis/enforcement/pitfalls/withoutSupersededFindings';
import { yamlDocs } from './analyzeWorkspaceText';

const sidecarNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio-injection: enabled\n';
const unlabelledNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n';
const tcpService = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  selector:\n    app: web\n  ports:\n  - name: tcp\n    port: 9000\n';
const denyPolicy = (rules: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  action: DENY\n  rules:\n${rules}`;
const methodsRule = '  - to:\n    - operation:\n        methods: ["GET"]\n';

function merged(text: string) {
  const analysis = analyzeText(text);
  const workspace = buildEnforcementWorkspace([{ key: 'test.yaml', analysis }]);
  const enforcement = analyzeEnforcement(analysis, workspace).flatMap((e) => e.findings);
  return { before: analysis.findings, after: withoutSupersededFindings(analysis, analysis.findings, enforcement), enforcement };
}

describe('withoutSupersededFindings', () => {
  it('drops ML3016 on a DENY rule that ML4007 reports on a sidecar TCP port', () => {
    const { before, after, enforcement } = merged(yamlDocs(sidecarNs, tcpService, denyPolicy(methodsRule)));
    expect(before.map((f) => f.code)).toContain('ML3016');
    expect(enforcement.find((f) => f.code === 'ML4007')?.severity).toBe('warning');
    expect(after.map((f) => f.code)).not.toContain('ML3016');
    expect(after).toHaveLength(before.length - 1);
  });

  it('keeps ML3016 when ML4007 is only a guess (sidecar mode unknown)', () => {
    const { before, after, enforcement } = merged(yamlDocs(unlabelledNs, tcpService, denyPolicy(methodsRule)));
    expect(enforcement.find((f) => f.code === 'ML4007')?.severity).toBe('information');
    expect(after.filter((f) => f.code === 'ML3016')).toEqual(before.filter((f) => f.code === 'ML3016'));
  });

  it('keeps ML3016 when no ML4007 is reported (no Service declares a plain TCP port)', () => {
    const { before, after } = merged(yamlDocs(sidecarNs, denyPolicy(methodsRule)));
    expect(before.map((f) => f.code)).toContain('ML3016');
    expect(after).toEqual(before);
  });
});
