// Hover section and inlay hints over the classification: what they say on L7 rules and ambient
// policies, one hint per rule line, and no exception on half-typed text (every prefix of real files).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { hoverAt } from '../../../server/src/analysis/features/hover';
import { enforcementInlayHints } from '../../../server/src/analysis/features/inlayHints';
import { alternativeSentence } from '../../../server/src/analysis/enforcement/describeEnforcement';
import { ruleHoverSection } from '../../../server/src/analysis/features/ruleHover';
import { schemaAt } from '../../../server/src/analysis/schema/schemaCatalog';
import { webL7Policy } from '../../fixtures/webL7Policy';
import { ambientMethodsPolicy } from '../../fixtures/ambientMethodsPolicy';
import { requireResource } from '../../support/requirement';

const l7 = webL7Policy;

const ambientAp = ambientMethodsPolicy;

function hover(text: string, marker: string, delta = 1): string | undefined {
  const offset = text.indexOf(marker) + delta;
  return hoverAt(text, offset, schemaAt, { analysis: analyzeText(text), sections: [ruleHoverSection] })?.markdown;
}

describe('rule hover', () => {
  it('explains an L7 http rule: who → whom, the constraint, layer and enforcer', () => {
    const markdown = hover(l7, 'method: GET')!;
    expect(markdown).toContain('L7 · Envoy (node)');
    expect(markdown).toContain('rules.http[0]');
    expect(markdown).toMatch(/Allows pods env=prod in shop → pods app=web in shop on TCP\/80 only for HTTP GET \/public/);
    expect(markdown).toContain("Cilium's node-local Envoy");
    expect(markdown).toMatch(/\[Upstream: how this is enforced\]\(https:\/\/docs\.cilium\.io/);
  });

  it('warns that ztunnel drops the methods rule of an ambient selector policy', () => {
    const markdown = hover(ambientAp, 'methods')!;
    // Issue 11 item 4: HTTP attributes keep their layer (semantics.md §B.4); only a waypoint enforces them.
    expect(markdown).toContain('L7 · needs a waypoint — dropped by ztunnel');
    expect(markdown).toContain('⚠ ML4001');
    expect(markdown).toMatch(/ambient mode/);
  });

  it('shows both outcomes when the mode is unknown', () => {
    const markdown = hover(ambientAp.split('---\n')[1], 'methods')!;
    expect(markdown).toContain('L7 · sidecar | L7 · needs a waypoint — dropped by ztunnel — mode?');
    expect(markdown).toMatch(/In the other mode: L7, needs a waypoint: Istio ambient's ztunnel of the destination node cannot read it \(dropped\)/);
  });

  it('says nothing outside rules', () => {
    expect(hover(l7, 'name: web')).toBeUndefined();
  });
});

describe('inlay hints', () => {
  it('puts one hint per rule at the end of its first line; parts enforced the same way stay quiet', () => {
    const text = `${l7}---\n${ambientAp}`;
    const analysis = analyzeText(text);
    const hints = enforcementInlayHints(analysis, buildEnforcementWorkspace([{ key: 'f', analysis }]));
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    const lines = text.split('\n');
    const described = hints.map((h) => `${lines[lineOf(h.offset)].trim()} ⟶ ${h.label}`);
    expect(described).toEqual([
      '- fromEndpoints: ⟶ L7 · Envoy (node)',
      '- to: ⟶ L7 · needs a waypoint — dropped by ztunnel',
    ]);
    for (const hint of hints) expect(text[hint.offset] === '\n' || hint.offset === text.length).toBe(true);
  });

  it('limits hints to a range', () => {
    const analysis = analyzeText(l7);
    const workspace = buildEnforcementWorkspace([{ key: 'f', analysis }]);
    expect(enforcementInlayHints(analysis, workspace, { start: l7.indexOf('ingress:'), end: l7.length }).map((h) => h.label)).toEqual(['L7 · Envoy (node)']);
    // The http entry repeats its rule's label, so a range over it alone shows nothing (hover still has it).
    expect(enforcementInlayHints(analysis, workspace, { start: l7.indexOf('rules:'), end: l7.length })).toEqual([]);
  });

  it('says which label or setting decides an unknown data-plane mode, and never "n/a mode"', () => {
    const text = ambientAp.split('---\n')[1]!;
    const analysis = analyzeText(text);
    const [hint, ...rest] = enforcementInlayHints(analysis, buildEnforcementWorkspace([{ key: 'f', analysis }]));
    expect(rest).toEqual([]);
    expect(hint!.label).toBe('L7 · sidecar | L7 · needs a waypoint — dropped by ztunnel — mode? set istio.io/dataplane-mode on namespace foo or meshlens.istio.dataplaneMode');
    expect(hint!.tooltip).toContain('label namespace foo with istio.io/dataplane-mode=ambient (ambient) or istio-injection=enabled (sidecars)');
    expect(hint!.tooltip).not.toMatch(/n\/a/);
  });

  it('words a gateway alternative (no data-plane mode) as "Also", in hover as in hints', () => {
    // A selector that may pick gateway pods: their Envoy enforces the rule whatever the mode (istio.io
    // docs/reference/config/security/authorization-policy: policies on ingress gateways).
    const sentence = alternativeSentence({ layer: 'L7', enforcer: 'istio-gateway', mode: 'n/a', effect: 'enforced', note: 'if the selector picks gateway pods' });
    expect(sentence).toMatch(/^Also L7, enforced by .+: if the selector picks gateway pods\.$/);
    expect(sentence).not.toMatch(/n\/a/);
  });
});

const corpus = path.resolve(__dirname, '../../../../shared/corpus/valid');
const samples = ['cilium--examples__minikube__sw_l3_l4_l7_policy.yaml', 'istio--pkg__config__validation__testdata__crds__authz-valid.yaml', 'cilium--examples__kubernetes-kafka__kafka-sw-security-policy.yaml'];
const present = requireResource(`the corpus ${corpus}`, existsSync(corpus), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

describe.skipIf(!present)('half-typed text never throws', () => {
  it.each(samples)('every line prefix of %s', (file) => {
    const full = readFileSync(path.join(corpus, file), 'utf8');
    const lines = full.split('\n');
    for (let n = 1; n <= lines.length; n++) {
      // Cut mid-line too: the state while a key is being typed.
      const text = lines.slice(0, n).join('\n').replace(/(\w)\w*$/, '$1');
      const analysis = analyzeText(text);
      expect(() => enforcementInlayHints(analysis, buildEnforcementWorkspace([{ key: 'f', analysis }]))).not.toThrow();
      expect(() => hoverAt(text, Math.max(0, text.length - 1), schemaAt, { analysis, sections: [ruleHoverSection] })).not.toThrow();
    }
  });
});
