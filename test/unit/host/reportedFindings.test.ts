// Which findings the editor shows: only files with a policy document get any, and in them only policy
// documents and documents whose kind cannot be read (often a policy broken mid-edit).
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { mentionsPolicyKind, reportedFindings, tooLargeFindings } from '../../../server/src/analysis/host/reportedFindings';

const codes = (text: string) => reportedFindings(analyzeText(text)).map((f) => f.code);

describe('reportedFindings', () => {
  it('a file of non-policy documents reports nothing, even YAML errors', () => {
    expect(analyzeText('kind: Deployment\nmetadata:\n  a: 1\n  a: 2\n').findings.map((f) => f.code)).toContain('ML0003');
    expect(codes('kind: Deployment\nmetadata:\n  a: 1\n  a: 2\n')).toEqual([]);
    expect(codes('a: [\n')).toEqual([]);
  });

  it('in a policy file, other kinds stay silent but unreadable documents report YAML errors', () => {
    const text = 'apiVersion: cilium.io/v9\nkind: CiliumNetworkPolicy\n---\nkind: Deployment\nx: 1\nx: 2\n---\nfoo: [\n';
    const findings = reportedFindings(analyzeText(text));
    expect(findings.map((f) => [f.code, f.documentIndex])).toEqual([
      ['ML0007', 0],
      ['ML0001', 2],
    ]);
  });

  it('a policy whose YAML is broken is still recognised from its kind line', () => {
    expect(mentionsPolicyKind('apiVersion: v1\nkind: "AuthorizationPolicy"  # x\n')).toBe(true);
    expect(mentionsPolicyKind('metadata:\n  kind: AuthorizationPolicy\n')).toBe(false);
    expect(codes('kind: AuthorizationPolicy\nspec: {a: [\n')).toContain('ML0001');
  });

  it('U+FFFD in a policy file is reported once as a probable encoding problem', () => {
    const text = 'kind: CiliumNetworkPolicy\napiVersion: cilium.io/v9\nmetadata:\n  name: caf\uFFFD\uFFFD\n';
    const findings = reportedFindings(analyzeText(text));
    const first = text.indexOf('\uFFFD');
    const encoding = findings.filter((f) => f.code === 'ML0005');
    expect(encoding).toHaveLength(1);
    expect(encoding[0]).toMatchObject({ severity: 'warning', span: { start: first, end: first + 1 } });
  });

  it('too-large files get one ML0006 only when they hold a policy', () => {
    expect(tooLargeFindings('kind: NetworkPolicy\n', 10).map((f) => f.code)).toEqual(['ML0006']);
    expect(tooLargeFindings('kind: ConfigMap\n', 10)).toEqual([]);
  });
});
