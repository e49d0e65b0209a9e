// Spans looked up when read (model/sourceSpan.ts spanWhenRead, movedSpan): the lookup runs at most once, a span
// moved before it is read lands where an eager span moved the same way lands, and every consumer (spread, JSON,
// structured clone, equality) sees plain numbers. Findings, rule spans and fields of a real analysis read through
// them must equal a lookup done at once.
import { describe, expect, it } from 'vitest';
import { movedSpan, spanWhenRead, type SourceSpan } from '../../../server/src/analysis/model/sourceSpan';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { rebaseDocumentAnalysis } from '../../../server/src/analysis/rebaseDocumentAnalysis';
import { locate } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { seededRandom } from '../../support/seededRandom';

function counted(span: SourceSpan): { span: SourceSpan; lookups: () => number } {
  let n = 0;
  return {
    span: spanWhenRead(() => {
      n += 1;
      return span;
    }),
    lookups: () => n,
  };
}

describe('spanWhenRead / movedSpan', () => {
  it('looks the span up once, on the first read, and never before', () => {
    const { span, lookups } = counted({ start: 4, end: 9 });
    expect(lookups()).toBe(0);
    expect(span.start).toBe(4);
    expect(span.end).toBe(9);
    expect(span.start).toBe(4);
    expect(lookups()).toBe(1);
  });

  it('moves a span not read yet without looking it up, and the moved copies share one lookup', () => {
    const { span, lookups } = counted({ start: 10, end: 12 });
    const once = movedSpan(span, 5);
    const twice = movedSpan(once, -3);
    expect(lookups()).toBe(0);
    expect({ ...twice }).toEqual({ start: 12, end: 14 });
    expect({ ...once }).toEqual({ start: 15, end: 17 });
    expect({ ...span }).toEqual({ start: 10, end: 12 });
    expect(lookups()).toBe(1);
  });

  it('moves a span already read as plain numbers', () => {
    const { span } = counted({ start: 1, end: 2 });
    void span.start;
    const moved = movedSpan(span, 7);
    expect(Object.getOwnPropertyDescriptor(moved, 'start')?.value).toBe(8);
    expect(moved).toEqual({ start: 8, end: 9 });
  });

  it('shows plain numbers to spreading, JSON, structured clone and deep equality', () => {
    const { span } = counted({ start: 3, end: 6 });
    const finding = { code: 'X', span: movedSpan(span, 1) };
    expect(JSON.parse(JSON.stringify(finding))).toEqual({ code: 'X', span: { start: 4, end: 7 } });
    expect(structuredClone(finding)).toEqual({ code: 'X', span: { start: 4, end: 7 } });
    expect({ ...finding.span }).toStrictEqual({ start: 4, end: 7 });
    expect(Object.keys(finding.span)).toEqual(['start', 'end']);
  });
});

/** A file whose documents raise findings at many depths: schema errors, CEL rules, pitfalls. */
function randomPolicyFile(random: () => number): string {
  const documents: string[] = [];
  for (let i = 0; i < 12; i++) {
    const pick = Math.floor(random() * 4);
    const name = `p${i}`;
    if (pick === 0) {
      documents.push(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromCIDR:\n    - 10.0.${i}.0/24\n    toPorts:\n    - ports:\n      - port: "${random() < 0.5 ? 80 : 'http-x'}"\n        protocol: ${random() < 0.5 ? 'TCP' : 'TCPX'}\n`);
    } else if (pick === 1) {
      documents.push(`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      app: "web*"\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/a/sa/b"]\n    to:\n    - operation:\n        methods: ["GET"]\n        ports: ["${random() < 0.5 ? '8080' : '99999'}"]\n`);
    } else if (pick === 2) {
      documents.push(`apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.${i}.0.0/16\n        except: [${random() < 0.5 ? '10.0.0.0/8' : '10.' + i + '.1.0/24'}]\n  policyTypes: [Ingress${random() < 0.3 ? ', Sideways' : ''}]\n`);
    } else {
      documents.push(`apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: ${name}\nspec:\n  mtls:\n    mode: ${random() < 0.5 ? 'STRICT' : 'STRICTLY'}\n  portLevelMtls:\n    "8080":\n      mode: DISABLE\n`);
    }
  }
  return documents.join('---\n');
}

describe('findings placed through deferred spans', () => {
  it('equal the spans a lookup at once gives, also after the analysis is moved (seeded random files)', () => {
    const random = seededRandom(2026_12_05);
    let compared = 0;
    for (let round = 0; round < 25; round++) {
      const text = randomPolicyFile(random);
      const analysis = analyzeText(text);
      const delta = Math.floor(random() * 50) - 10;
      for (const document of analysis.documents) {
        const moved = rebaseDocumentAnalysis(document, delta);
        document.findings.forEach((finding, i) => {
          // The moved copy is read first, so it resolves the shared lookup.
          const movedSpanNow = { start: moved.findings[i].span.start, end: moved.findings[i].span.end };
          const here = { start: finding.span.start, end: finding.span.end };
          expect(movedSpanNow).toEqual({ start: here.start + delta, end: here.end + delta });
          expect(here.end).toBeGreaterThanOrEqual(here.start);
          expect(here.start).toBeGreaterThanOrEqual(document.yaml.start);
          expect(here.end).toBeLessThanOrEqual(document.yaml.end);
          compared += 1;
        });
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('a schema finding is placed at the node its path names', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: a\nspec:\n  mtls:\n    mode: STRICTLY\n';
    const analysis = analyzeText(text);
    const document = analysis.documents[0];
    const finding = document.findings.find((f) => f.code.startsWith('ML1'));
    expect(finding).toBeDefined();
    expect(text.slice(finding!.span.start, finding!.span.end)).toBe('STRICTLY');
    const eager = locate(document.yaml, ['spec', 'mtls', 'mode']).value!;
    expect({ ...finding!.span }).toEqual({ start: eager.start, end: eager.end });
  });
});
