// A revision's enforcement workspace derives its Cilium index from the previous revision's, re-reading only the
// policies whose parsed value changed (enforcementWorkspace.ts). Whatever the edit (a subject or selector moved
// onto another policy's, an L4-only allow added that cancels L7 rules elsewhere, a Cilium policy turned into
// another kind and back, a document added), every lookup and every document's classification and pitfalls must
// be what a workspace built from scratch gives. L7 cancellation: cilium Documentation/security/policy/layer7.rst.
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace, type DataplaneReuse } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { workspaceCiliumSources, type EnforcementWorkspace } from '../../../server/src/analysis/enforcement/enforcementWorkspace';
import { canonicalJson } from '../../../server/src/analysis/enforcement/ciliumL7Cancellation';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

/** What a document's pass reads from the workspace, for every Cilium policy of it. */
function lookups(workspace: EnforcementWorkspace) {
  return workspace.policies
    .filter((p) => p.policy.kind.family === 'cilium')
    .map(({ key, policy }) => {
      const neighbours = workspaceCiliumSources(policy, workspace);
      return {
        key,
        own: neighbours.own.map((s) => [s.documentKey, s.basePath]),
        cancellations: neighbours.own.map((s) => neighbours.l7Cancellations(s)),
        sameSelector: neighbours.own.map((s) => neighbours.listedWithSelector(canonicalJson(s.rule.endpointSelector)).map((o) => [o.documentKey, o.basePath])),
      };
    });
}

function enforcementOf(analysis: FileAnalysis, workspace: EnforcementWorkspace) {
  return analyzeEnforcement(analysis, workspace).map((d) => ({ index: d.documentIndex, findings: d.findings, rules: d.rules.map((r) => [r.path, r.layer, r.enforcer]) }));
}

describe('derived enforcement workspace index', () => {
  it('answers every lookup as a fresh build after each edit', () => {
    const reuse: DataplaneReuse = {};
    let text = generatePolicies(48);
    const cache = new Map<string, ReturnType<typeof analyzeText>['documents'][number]>();
    // The host's document cache keeps parsed values of unchanged documents (what the derivation compares).
    const analyse = (t: string): FileAnalysis =>
      analyzeText(t, { get: (k) => cache.get(k), set: (k, v) => void cache.set(k, v) });
    const edits: ((t: string) => string)[] = [
      (t) => t.replace('tier: db-1', 'tier: db-7'),
      // cnp-0 takes cnp-6's subject and peer, then drops its L7 rules: an L4-only allow that cancels cnp-6's.
      (t) => t.replace('namespace: team-0\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-0', 'namespace: team-6\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-6').replace('app: web-0', 'app: web-6'),
      (t) => t.replace('          rules:\n            http:\n              - method: GET\n                path: /v1/items/.*\n', ''),
      (t) => t.replace('kind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-12', 'kind: NetworkPolicy\nmetadata:\n  name: cnp-12'),
      (t) => t.replace('kind: NetworkPolicy\nmetadata:\n  name: cnp-12', 'kind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-12'),
      (t) => t.replace('namespace: team-6\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-6', 'namespace: team-1\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-6'),
      (t) => `${t}---\n${generatePolicies(1)}`,
    ];
    let previous = buildEnforcementWorkspace([{ key: 'f.yaml', analysis: analyse(text) }], 'auto', 'default', reuse);
    lookups(previous);
    let cancelled = false;
    for (const edit of edits) {
      const next = edit(text);
      expect(next).not.toBe(text);
      text = next;
      const analysis = analyse(text);
      const derived = buildEnforcementWorkspace([{ key: 'f.yaml', analysis }], 'auto', 'default', reuse);
      const fresh = buildEnforcementWorkspace([{ key: 'f.yaml', analysis }], 'auto', 'default');
      expect(lookups(derived)).toEqual(lookups(fresh));
      expect(enforcementOf(analysis, derived)).toEqual(enforcementOf(analysis, fresh));
      cancelled = cancelled || lookups(fresh).some((l) => l.cancellations.some((c) => c.length > 0));
      // The older workspace gave its index up; asked again it answers as before, from a fresh one.
      expect(lookups(previous).length).toBeGreaterThan(0);
      previous = derived;
    }
    // The edits did reach a cancellation, so the derived lists were compared where they matter.
    expect(cancelled).toBe(true);
  });

  it('answers as a fresh build when the host lists an edited file by segments (unchanged segments skipped by identity)', () => {
    // Edits through the host: the edited analysis keeps unchanged segments (documentSegments.ts), whose listings
    // the derivation skips without comparing their policies; random typing and the subject-moving edits above.
    const next = seededRandom(7);
    const host = new AnalysisHost({ maxFileSizeMB: 50 });
    let text = generatePolicies(240);
    host.applyChange('f.yaml', text);
    lookups(host.snapshot().enforcementWorkspace());
    const moves: ((t: string) => string)[] = [
      (t) => t.replace('tier: db-1\n', 'tier: db-7\n'),
      (t) => t.replace('namespace: team-0\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-0\n', 'namespace: team-6\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api-6\n').replace('app: web-0\n', 'app: web-6\n'),
      (t) => t.replace('kind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-120\n', 'kind: NetworkPolicy\nmetadata:\n  name: cnp-120\n'),
      (t) => t.replace('kind: NetworkPolicy\nmetadata:\n  name: cnp-120\n', 'kind: CiliumNetworkPolicy\nmetadata:\n  name: cnp-120\n'),
    ];
    for (let step = 0; step < 24; step++) {
      let edited: string;
      if (step % 4 === 3) edited = moves[(step >> 2) % moves.length](text);
      else {
        const at = Math.floor(next() * text.length);
        edited = text.slice(0, at) + (next() < 0.7 ? 'x' : '') + text.slice(at + (next() < 0.3 ? 1 : 0));
      }
      let prefix = 0;
      while (prefix < Math.min(text.length, edited.length) && text[prefix] === edited[prefix]) prefix++;
      let suffix = 0;
      while (suffix < Math.min(text.length, edited.length) - prefix && text[text.length - 1 - suffix] === edited[edited.length - 1 - suffix]) suffix++;
      host.applyChange('f.yaml', edited, {}, { prefix, suffix });
      text = edited;
      const snapshot = host.snapshot();
      const derived = snapshot.enforcementWorkspace();
      const analysis = snapshot.analysis('f.yaml')!;
      const fresh = buildEnforcementWorkspace([{ key: 'f.yaml', analysis }], 'auto', 'default');
      expect(lookups(derived)).toEqual(lookups(fresh));
      expect(enforcementOf(analysis, derived)).toEqual(enforcementOf(analysis, fresh));
    }
  });
});
