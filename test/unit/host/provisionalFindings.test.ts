// The provisional answer read from document segments (provisionalFindings.ts: per-segment memos, the cap before
// anything is moved) must be exactly what the plain computation over the file's whole document list gives: the
// settled workspace findings of unchanged documents moved to their new offsets, ML4xxx computed for a few changed
// documents, the one merge. Checked after many random edits, with settle passes in between, in a file past the
// findings cap (so the cap's choice and its summary count), with per-document errors and a replacement character.
import { describe, expect, it } from 'vitest';
import type { FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import type { AnalysisSnapshot } from '../../../server/src/analysis/host/analysisSnapshot';
import { mergeFindings } from '../../../server/src/analysis/host/mergeFindings';
import { MAX_FRESH_DOCUMENTS } from '../../../server/src/analysis/host/provisionalFindings';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { shiftFinding } from '../../../server/src/analysis/rebaseDocumentAnalysis';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

interface Settled {
  readonly text: string;
  readonly byDocument: Map<object, { start: number; findings: readonly Finding[] }>;
  readonly graph: readonly Finding[];
}

/** What a settled snapshot recorded (as AnalysisSnapshot.diagnostics does), read through its public answers. */
function settle(snapshot: AnalysisSnapshot, uri: string, text: string): Settled {
  snapshot.diagnostics(uri);
  const analysis = snapshot.analysis(uri)!;
  const byDocument = new Map<object, { start: number; findings: readonly Finding[] }>();
  for (const document of snapshot.enforcement(uri)) {
    const yaml = analysis.documents[document.documentIndex].yaml;
    byDocument.set(yaml.syntax, { start: yaml.start, findings: document.findings });
  }
  return { text, byDocument, graph: snapshot.graphFindings(uri) };
}

/** The provisional answer computed plainly over the whole document list. */
function plainProvisional(snapshot: AnalysisSnapshot, uri: string, text: string, settled: Settled | undefined): { findings: readonly Finding[]; settled: boolean } {
  const analysis = snapshot.analysis(uri)!;
  const enforcement: Finding[] = [];
  let carried = false;
  let fresh = 0;
  for (const document of analysis.documents) {
    if (!document.policy) continue;
    const known = settled?.byDocument.get(document.yaml.syntax);
    if (known) {
      for (const f of known.findings) enforcement.push(shiftFinding(f, document.yaml.start - known.start));
      carried = true;
    } else if (fresh < MAX_FRESH_DOCUMENTS) {
      fresh += 1;
      const one: FileAnalysis = { text, documents: [document], findings: [] };
      enforcement.push(...analyzeEnforcement(one, snapshot.enforcementWorkspace()).flatMap((d) => d.findings));
    } else {
      carried = true;
    }
  }
  const sameText = settled?.text === text;
  const findings = mergeFindings({ scope: 'policy-files', analysis, fileFindings: [], enforcement, graph: sameText ? settled.graph : [] });
  return { findings, settled: !carried && sameText };
}

function randomEdit(text: string, next: () => number): { text: string; prefix: number; suffix: number } {
  const at = Math.floor(next() * text.length);
  const pick = next();
  const removed = pick < 0.3 ? Math.floor(next() * 10) : 0;
  const insert = pick < 0.55 ? 'x' : pick < 0.7 ? '\n' : pick < 0.78 ? '---\n' : pick < 0.88 ? ': [' : '';
  const end = Math.min(text.length, at + removed);
  return { text: text.slice(0, at) + insert + text.slice(end), prefix: at, suffix: text.length - end };
}

const broken = '---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: broken\nspec: {endpointSelector: [}\n';
const plainBase = `${generatePolicies(330)}${broken}${generatePolicies(300).replace('name: cnp-6\n', 'name: cnp-\uFFFD\n')}${broken}`;

// istiod's webhook warning: a DENY rule with only HTTP attributes (ML3016), which a workspace finding may supersede.
const httpOnlyDeny = '---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: deny-post\n  namespace: team-1\nspec:\n  action: DENY\n  rules:\n    - to:\n        - operation:\n            methods: [POST]\n';

describe('provisional diagnostics from document segments', () => {
  it('equal the plain computation over the document list after random edits and settle passes', () => {
    for (const [seed, base] of [[11, plainBase], [12, plainBase], [13, `${plainBase}${httpOnlyDeny}`]] as const) {
      const next = seededRandom(seed);
      const host = new AnalysisHost({ maxFileSizeMB: 50 });
      const uri = 'f.yaml';
      let text = base;
      host.applyChange(uri, text);
      let settled: Settled | undefined = settle(host.snapshot(), uri, text);
      // The third file takes the merge over the document list (a finding that may be superseded is in it).
      expect(host.snapshot().diagnostics(uri).some((f) => f.code === 'ML3016')).toBe(base !== plainBase);
      let capped = false;
      for (let step = 0; step < 30; step++) {
        const edit = randomEdit(text, next);
        text = edit.text;
        host.applyChange(uri, text, {}, { prefix: edit.prefix, suffix: edit.suffix });
        const snapshot = host.snapshot();
        const fast = snapshot.provisionalDiagnostics(uri);
        expect(fast).toEqual(plainProvisional(snapshot, uri, text, settled));
        if (fast.findings.some((f) => f.code === 'ML0012')) capped = true;
        if (next() < 0.15) settled = settle(snapshot, uri, text);
      }
      expect(capped).toBe(true);
      // And the settled answer of the edited file is a fresh host's.
      const fresh = new AnalysisHost({ maxFileSizeMB: 50 });
      fresh.applyChange(uri, text);
      expect(host.snapshot().diagnostics(uri)).toEqual(fresh.snapshot().diagnostics(uri));
    }
  });
});
