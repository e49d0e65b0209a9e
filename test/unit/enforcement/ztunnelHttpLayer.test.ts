// Issue 11 item 4: attributes ztunnel cannot read keep their written layer. In ambient under a selector
// (or namespace-wide) istiod converts the policy for ztunnel and drops what it cannot express
// (istio/istio pilot/pkg/serviceregistry/ambient/authorization.go: ALLOW rules with HTTP attributes are
// dropped, DENY rules lose them); the attribute is still L7 (semantics.md §B.4) and only a waypoint
// enforces it. One vocabulary: the label hover, inlay hints, the CLI JSON and graph edges all read.
import { describe, expect, it } from 'vitest';
import { enforcementLabel } from '../../../server/src/analysis/enforcement/describeEnforcement';
import { analyzeWorkspaceText, yamlDocs } from './analyzeWorkspaceText';

const ambientNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio.io/dataplane-mode: ambient\n';
const policy = (action: string, rule: string): string =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: httpbin\n  action: ${action}\n  rules:\n${rule}`;

describe('ztunnel: HTTP attributes keep their layer', () => {
  it.each([
    ['to.operation.methods', 'ALLOW', '  - to:\n    - operation:\n        methods: ["GET"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    ['to.operation.paths', 'ALLOW', '  - to:\n    - operation:\n        paths: ["/api/*"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    ['to.operation.hosts', 'ALLOW', '  - to:\n    - operation:\n        hosts: ["a.example"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    ['from.source.requestPrincipals', 'ALLOW', '  - from:\n    - source:\n        requestPrincipals: ["*"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    ['when request.headers', 'ALLOW', '  - when:\n    - key: request.headers[x-user]\n      values: ["a"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    ['when request.auth.claims', 'ALLOW', '  - when:\n    - key: request.auth.claims[iss]\n      values: ["a"]\n', 'L7 · needs a waypoint — dropped by ztunnel'],
    // DENY: stripped; with nothing left the clause never matches, with ports left the deny widens.
    ['DENY methods only', 'DENY', '  - to:\n    - operation:\n        methods: ["POST"]\n', 'L7 · needs a waypoint — no effect at ztunnel'],
    ['DENY ports and methods', 'DENY', '  - to:\n    - operation:\n        ports: ["8080"]\n        methods: ["POST"]\n', 'L7 · needs a waypoint — widened by ztunnel'],
    // Trust domains are L4 facts ztunnel has no field for (authorization.go httpSources): layer L4, still waypoint-only.
    ['from.source.trustDomains', 'ALLOW', '  - from:\n    - source:\n        trustDomains: ["td"]\n', 'L4 · needs a waypoint — dropped by ztunnel'],
    // What ztunnel reads stays `L4 · ztunnel`.
    ['from.source.principals', 'ALLOW', '  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/a"]\n', 'L4 · ztunnel'],
    ['to.operation.ports', 'ALLOW', '  - to:\n    - operation:\n        ports: ["8080"]\n', 'L4 · ztunnel'],
  ])('%s (%s)', (_name, action, rule, label) => {
    const result = analyzeWorkspaceText(yamlDocs(ambientNs, policy(action, rule)));
    const classified = result.rule('1#spec.rules[0]');
    expect(classified.enforcer).toBe('istio-ztunnel');
    expect(enforcementLabel(classified)).toBe(label);
    expect(classified.needsWaypoint ?? false).toBe(label.includes('needs a waypoint'));
  });

  it('labels the part that holds the HTTP attribute L7 and the kept part L4', () => {
    const result = analyzeWorkspaceText(yamlDocs(ambientNs, policy('DENY', '  - from:\n    - source:\n        namespaces: ["ns-1"]\n    to:\n    - operation:\n        methods: ["GET"]\n')));
    expect(enforcementLabel(result.rule('1#spec.rules[0].from[0]'))).toBe('L4 · ztunnel');
    expect(enforcementLabel(result.rule('1#spec.rules[0].to[0]'))).toBe('L7 · needs a waypoint — no effect at ztunnel');
  });

  it('does not apply when a waypoint enforces the policy (targetRefs)', () => {
    const text = yamlDocs(ambientNs, 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n');
    const classified = analyzeWorkspaceText(text).rule('1#spec.rules[0]');
    expect(enforcementLabel(classified)).toMatch(/^L7 · waypoint/);
    expect(classified.needsWaypoint).toBeUndefined();
  });
});
