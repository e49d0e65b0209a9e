// Schema validation: one or more tests per ML1xxx code, with the span each finding underlines.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { validateAgainstSchema, withoutNullFields } from '../../../server/src/analysis/schema/validateAgainstSchema';

/** Runs only schema + CEL validation on the first document (other checks are not under test here). */
function validate(text: string): Finding[] {
  const policy = analyzeText(text).documents[0].policy;
  if (!policy) throw new Error('test document was not recognised as a policy');
  return validateAgainstSchema(policy);
}

/** The text a finding underlines. */
function underlined(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

const CNP_HEAD = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: default\n';

describe('valid documents', () => {
  it('accepts a typical CiliumNetworkPolicy with no finding', () => {
    const text = `${CNP_HEAD}spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
  - fromEndpoints:
    - matchLabels:
        "k8s:io.kubernetes.pod.namespace": default
    toPorts:
    - ports:
      - port: "8080"
        protocol: TCP
      - port: http-alt
      rules:
        http:
        - method: GET
          path: /public
  egress:
  - toCIDR:
    - 10.0.0.0/8
    - 2001:db8::/32
    toFQDNs:
    - matchName: api.example.com
    - matchPattern: "*.example.com"
`;
    expect(validate(text)).toEqual([]);
  });

  it('accepts a NetworkPolicy with an int-or-string port, and kubectl-style metadata', () => {
    const text = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
  creationTimestamp: null
  labels: {team: a}
  annotations: {note: x}
spec:
  podSelector: {}
  ingress:
  - ports:
    - port: 80
    - port: http
  policyTypes: [Ingress]
`;
    expect(validate(text)).toEqual([]);
  });

  it('accepts an Istio AuthorizationPolicy at v1beta1 and v1', () => {
    for (const version of ['v1', 'v1beta1']) {
      const text = `apiVersion: security.istio.io/${version}
kind: AuthorizationPolicy
metadata: {name: a, namespace: foo}
spec:
  selector:
    matchLabels: {app: httpbin}
  action: ALLOW
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/default/sa/sleep"]
    to:
    - operation:
        methods: ["GET"]
`;
      expect(validate(text)).toEqual([]);
    }
  });

  it('does not treat `key:` with no value as an error (the API server drops null fields)', () => {
    expect(validate(`${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress:\n  - {}\n  description:\n`)).toEqual([]);
    expect(withoutNullFields({ a: null, b: [null, { c: null }] })).toEqual({ b: [null, {}] });
  });

  it('accepts `status: {}` on a NetworkPolicy (kubectl output from 1.24-1.27 clusters)', () => {
    expect(validate('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec: {podSelector: {}}\nstatus: {}\n')).toEqual([]);
  });

  it('leaves status open: the API server resets it, so its content is never rejected', () => {
    expect(validate(`${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress: [{}]\nstatus:\n  nodes: {n1: {enforcing: true}}\n`)).toEqual([]);
  });
});

describe('ML1001 unknown field', () => {
  it('underlines the unknown key and lists the valid fields', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress:\n  - sources: []\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1001');
    expect(underlined(text, finding)).toBe('sources');
    expect(finding.message).toBe(
      'Unknown field `sources` in `spec.ingress[0]`; valid fields: authentication, fromCIDR, fromCIDRSet, fromEndpoints, fromEntities, fromGroups, fromNodes, icmps, toPorts.',
    );
  });

  it('suggests the closest field for a typo, also at the top level and in metadata', () => {
    const text = `${CNP_HEAD.replace('  namespace: default\n', '  namespce: default\n')}spec:\n  endpointSelector: {}\n  ingres: [{}]\n`;
    const findings = validate(text);
    const byMessage = findings.map((f) => [f.code, f.message, underlined(text, f)]);
    expect(byMessage).toContainEqual(['ML1001', 'Unknown field `namespce` in `metadata`; did you mean `namespace`?', 'namespce']);
    expect(byMessage).toContainEqual(['ML1001', 'Unknown field `ingres` in `spec`; did you mean `ingress`?', 'ingres']);
  });

  it('reports unknown top-level fields (Cilium rejects a top-level description)', () => {
    const text = `${CNP_HEAD}description: "x"\nspec:\n  endpointSelector: {}\n  ingress: [{}]\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1001');
    expect(finding.message).toContain('Unknown top-level field `description`');
    expect(underlined(text, finding)).toBe('description');
  });
});

describe('ML1001 says where a mis-indented field belongs', () => {
  it('one level too shallow: the field belongs inside a list of rules', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress: [{}]\n  toPorts: []\n`;
    const [finding] = validate(text);
    expect(finding.message).toBe('Unknown field `toPorts` in `spec`; `toPorts` belongs inside `egress` items or `egressDeny` items or `ingress` items: indent it under one of them.');
    expect(underlined(text, finding)).toBe('toPorts');
  });

  it('one level too deep: the field belongs in an ancestor', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector:\n    matchLabels: {app: a}\n    ingress: [{}]\n`;
    const messages = validate(text).map((f) => f.message);
    expect(messages).toContain('Unknown field `ingress` in `spec.endpointSelector`; `ingress` belongs in `spec`: outdent it.');
  });

  it('says when upstream removed or renamed the field', () => {
    const auth = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  egress:\n  - auth: {mode: required}\n`;
    expect(validate(auth)[0].message).toBe('Unknown field `auth` in `spec.egress[0]`: Cilium renamed `auth` to `authentication`.');
    const requires = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress:\n  - fromRequires: [{matchLabels: {env: prod}}]\n`;
    expect(validate(requires)[0].message).toContain('Cilium removed `fromRequires`');
  });

  it('suggests the long form of an abbreviation', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  jwtRules:\n  - iss: x\n`;
    expect(validate(text).map((f) => f.message)).toContain('Unknown field `iss` in `spec.jwtRules[0]`; did you mean `issuer`?');
  });
});

describe('ML1002 wrong type', () => {
  it('underlines the value and says what was expected', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector:\n    matchLabels:\n      app: [a, b]\n  ingress: [{}]\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1002');
    expect(finding.message).toBe('`spec.endpointSelector.matchLabels.app` must be a string; got a list.');
    expect(underlined(text, finding)).toBe('[a, b]');
  });

  it('hints at quoting when a number is given for a string', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  rules:\n  - to:\n    - operation:\n        ports: [8080]\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1002');
    expect(finding.message).toContain('quote it');
    expect(underlined(text, finding)).toBe('8080');
  });

  it('reports an empty list item where a mapping is required', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  jwtRules:\n  -\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1002');
    expect(finding.message).toBe('`spec.jwtRules[0]` must be a mapping; got an empty value.');
  });
});

describe('ML1003 not in enum', () => {
  it('lists the allowed values and flags a case mistake', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  action: allow\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1003');
    expect(finding.message).toContain('`spec.action` must be one of ALLOW, DENY, AUDIT, CUSTOM; got `allow`');
    expect(finding.message).toContain('did you mean `ALLOW`');
    expect(underlined(text, finding)).toBe('allow');
  });
});

describe('paths through maps keyed by numbers', () => {
  it('keeps a numeric map key as a key, not a list index', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {app: a}}\n  portLevelMtls:\n    8080:\n      mode: strict\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1003');
    expect(finding.message).toContain('`spec.portLevelMtls.8080.mode` must be one of');
    expect(underlined(text, finding)).toBe('strict');
  });
});

describe('ML1004 missing required', () => {
  it('underlines the parent key', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  targetRef:\n    kind: Gateway\n`;
    const findings = validate(text).filter((f) => f.code === 'ML1004');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toBe('`spec.targetRef` is missing the required field `name`.');
    expect(underlined(text, findings[0])).toBe('targetRef');
  });
});

describe('the envelope', () => {
  it('requires metadata, reported at the kind line', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec: {}\n`;
    const [finding] = validate(text);
    expect([finding.code, finding.message, underlined(text, finding)]).toEqual(['ML1004', 'The document is missing the required field `metadata`.', 'AuthorizationPolicy']);
  });

  it('requires a name or generateName', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  namespace: x\nspec: {}\n`;
    const [finding] = validate(text);
    expect([finding.code, finding.message, underlined(text, finding)]).toEqual(['ML1007', '`metadata` must set at least one of `name`, `generateName`.', 'metadata']);
    expect(validate(text.replace('namespace: x', 'generateName: x-'))).toEqual([]);
  });
});

describe('ML1005 pattern and format', () => {
  it('describes the port pattern in words', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "http_80"\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1005');
    expect(finding.message).toContain('`spec.ingress[0].toPorts[0].ports[0].port` must be a port number (0-65535) or a port name');
    expect(finding.message).toContain('got `http_80`');
    expect(underlined(text, finding)).toBe('"http_80"');
  });

  it('checks CIDR format', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  egress:\n  - toCIDR:\n    - 10.0.0.300/8\n    - 10.0.0.0\n`;
    const findings = validate(text);
    expect(findings.map((f) => [f.code, underlined(text, f)])).toEqual([
      ['ML1005', '10.0.0.300/8'],
      ['ML1005', '10.0.0.0'],
    ]);
    expect(findings[0].message).toContain('must be a CIDR');
  });

  it('translates RE2 \\PC (log.value accepts ordinary text, rejects control characters)', () => {
    const ok = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress: [{}]\n  log:\n    value: "héllo wörld ✓"\n`;
    expect(validate(ok)).toEqual([]);
    const bad = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  ingress: [{}]\n  log:\n    value: "bell\\a"\n`;
    expect(validate(bad).map((f) => f.code)).toEqual(['ML1005']);
  });

  it('matches patterns in linear time (no catastrophic backtracking on RE2 patterns)', () => {
    // 200 characters stay under maxLength 255; a backtracking engine would need longer than the age of the universe.
    const long = `${'a'.repeat(200)}!`;
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  egress:\n  - toFQDNs:\n    - matchName: "${long}"\n`;
    // A backtracking engine would never return; the test runner's timeout is the bound, not a stopwatch.
    const findings = validate(text);
    expect(findings.map((f) => f.code)).toEqual(['ML1005']);
  });
});

describe('ML1006 out of range', () => {
  it('reports a port above 65535 and an empty string', () => {
    const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 80\n      endPort: 70000\n`;
    const endPort = validate(text);
    // The Kubernetes OpenAPI gives endPort no maximum: only int32. Upstream range checks live in the dialect.
    expect(endPort).toEqual([]);
    const empty = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  jwtRules:\n  - issuer: x\n    audiences: [""]\n`;
    const [finding] = validate(empty);
    expect(finding.code).toBe('ML1006');
    expect(finding.message).toBe('`spec.jwtRules[0].audiences[0]` must not be empty.');
    expect(underlined(empty, finding)).toBe('""');
  });

  it('reports too many items', () => {
    const refs = Array.from({ length: 17 }, (_, i) => `  - {kind: Service, name: s${i}}`).join('\n');
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  targetRefs:\n${refs}\n`;
    const findings = validate(text).filter((f) => f.code === 'ML1006');
    expect(findings.map((f) => f.message)).toEqual(['`spec.targetRefs` must have at most 16 items; it has 17.']);
  });
});

describe('ML1007 field combination (oneOf/anyOf folded into one message)', () => {
  it('reports both selectors set, once, without branch noise', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: c}\nspec:\n  endpointSelector: {}\n  nodeSelector: {}\n  ingress: [{}]\n`;
    const findings = validate(text);
    expect(findings).toHaveLength(1);
    expect(findings[0].code).toBe('ML1007');
    expect(findings[0].message).toBe('`spec` sets `endpointSelector` and `nodeSelector`; set exactly one of `endpointSelector`, `nodeSelector`.');
    expect(underlined(text, findings[0])).toBe('spec');
  });

  it('reports a Cilium spec without any rule direction', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n`;
    const findings = validate(text);
    expect(findings.map((f) => f.code)).toEqual(['ML1007']);
    expect(findings[0].message).toBe('`spec` must set at least one of `ingress`, `ingressDeny`, `egress`, `egressDeny`.');
  });
});

describe('a spec of the wrong type', () => {
  it('gets one type error, no field-combination noise', () => {
    const findings = validate(`${CNP_HEAD}spec: 3\n`);
    expect(findings.map((f) => [f.code, f.message])).toEqual([['ML1002', '`spec` must be a mapping; got `3` (a number).']]);
  });
});

describe('ML1009 template placeholders', () => {
  it('notes a placeholder instead of reporting a format error', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  egress:\n  - toCIDR:\n    - NODE_WITHOUT_CILIUM_IP/32\n`;
    const findings = validate(text);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([['ML1009', 'information']]);
  });

  it('notes a Hugo shortcode instead of reporting the CEL URL rule', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  jwtRules:\n  - issuer: x\n    jwksUri: "{{< github_file >}}/jwks.json"\n`;
    expect(validate(text).map((f) => f.code)).toEqual(['ML1009']);
  });
});

describe('never throws on odd input', () => {
  it('handles YAML tags and special numbers', () => {
    const odd = [
      'spec: !!set {a, b}',
      'spec: {endpointSelector: {}, ingress: [{toPorts: [{ports: [{port: .inf}, {port: .nan}, {port: 1e300}]}]}]}',
      'spec: {endpointSelector: !!binary aGVsbG8=, ingress: [{}]}',
      'spec: {endpointSelector: {matchLabels: {a: !!omap [{x: 1}]}}, ingress: [{}]}',
    ];
    let validated = 0;
    for (const spec of odd) {
      const policy = analyzeText(`${CNP_HEAD}${spec}\n`).documents[0].policy;
      // A tag the YAML reader rejects leaves no policy to validate; the rest must not throw.
      if (!policy) continue;
      expect(() => validateAgainstSchema(policy), spec).not.toThrow();
      validated++;
    }
    expect(validated).toBeGreaterThanOrEqual(3);
    const istio = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {a: b}}\n  portLevelMtls:\n    1e400: {mode: STRICT}\n    0x1F: {mode: STRICT}\n';
    expect(() => validate(istio)).not.toThrow();
  });

  it('handles scalars where mappings are expected', () => {
    for (const spec of ['spec: 3', 'spec: [1, 2]', 'spec: "x"', 'spec: {ingress: 5, endpointSelector: []}']) {
      const text = `${CNP_HEAD}${spec}\n`;
      expect(() => validate(text)).not.toThrow();
      expect(validate(text).length).toBeGreaterThan(0);
    }
  });
});

describe('ML1100 / ML1101 CEL rules from the CRD', () => {
  it('reports an Istio AuthorizationPolicy rule with the upstream message, at the node the rule is on', () => {
    const text = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: a}
spec:
  rules:
  - from:
    - source:
        serviceAccounts: ["ns/sa"]
        namespaces: ["ns"]
`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1100');
    expect(finding.message).toBe('`spec.rules[0].from[0].source`: Cannot set serviceAccounts with namespaces or principals');
    expect(underlined(text, finding)).toBe('source');
  });

  it('underlines scalars at their value (wildcard in a label value)', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  selector:\n    matchLabels:\n      app: "web*"\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1100');
    expect(finding.message).toContain('wildcard not allowed in label value match');
    expect(underlined(text, finding)).toBe('"web*"');
  });

  it('reports a rule on the spec (PeerAuthentication portLevelMtls without selector)', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  portLevelMtls:\n    8080:\n      mode: DISABLE\n`;
    const findings = validate(text);
    expect(findings.map((f) => [f.code, f.message])).toEqual([['ML1100', '`spec`: portLevelMtls requires selector']]);
  });

  it('reports an evaluation error as ML1101, naming the rule and what it checks', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: p}\nspec:\n  selector: {matchLabels: {app: a}}\n  portLevelMtls:\n    http:\n      mode: DISABLE\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1101');
    expect(finding.message).toContain('evaluating rule: self.all(key, 0 < int(key) && int(key) <= 65535)');
    expect(finding.message).toContain('port must be between 1-65535');
    expect(underlined(text, finding)).toBe('portLevelMtls');
  });

  it('does not run a rule on a value of the wrong type (the type error is reported instead)', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: a}\nspec:\n  selector:\n    matchLabels: [x]\n`;
    expect(validate(text).map((f) => f.code)).toEqual(['ML1002']);
  });
});

describe('ML1010 duplicate list item', () => {
  it('reports a repeated item of a set-type list, pointing at the first one', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports: [{port: "443"}]\n      serverNames: [a.example.com, b.example.com, a.example.com]\n`;
    const [finding] = validate(text);
    expect(finding.code).toBe('ML1010');
    expect(finding.message).toBe('`spec.egress[0].toPorts[0].serverNames[2]` is a duplicate of `spec.egress[0].toPorts[0].serverNames[0]`; the list `spec.egress[0].toPorts[0].serverNames` must not repeat items.');
    expect(underlined(text, finding)).toBe('a.example.com');
    expect(finding.related?.[0].span.start).toBe(text.indexOf('a.example.com'));
  });

  it('leaves metadata lists to ObjectMeta rules', () => {
    const text = CNP_HEAD.replace('  namespace: default\n', '  finalizers: [x, x]\n') + 'spec:\n  endpointSelector: {}\n  ingress: [{}]\n';
    expect(validate(text)).toEqual([]);
  });
});

describe('ML1011 YAML 1.1 booleans in string fields', () => {
  it('reports an unquoted `no` label value, not a quoted one', () => {
    const text = `${CNP_HEAD}spec:\n  endpointSelector:\n    matchLabels:\n      country: NO\n      enabled: "yes"\n  ingress: [{}]\n`;
    const findings = validate(text);
    expect(findings.map((f) => [f.code, underlined(text, f)])).toEqual([['ML1011', 'NO']]);
    expect(findings[0].message).toContain('as the boolean false');
  });

  it('leaves booleans in boolean fields alone', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: {name: r}\nspec:\n  jwtRules:\n  - issuer: x\n    forwardOriginalToken: yes\n`;
    expect(validate(text).filter((f) => f.code === 'ML1011')).toEqual([]);
  });
});

describe('ML1013 label and annotation rules of the API server', () => {
  it('leaves name and namespace syntax to the dialect checks (ML2520)', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: Allow_All\nspec: {podSelector: {}}\n';
    expect(validate(text)).toEqual([]);
  });

  it('checks label keys and values and annotation keys', () => {
    const text = `${CNP_HEAD}  labels:\n    "app.kubernetes.io/name": web\n    "bad key": x\n    tier: "front end"\n  annotations:\n    "a/b/c": x\n    note: "free text is fine here"\nspec:\n  endpointSelector: {}\n  ingress: [{}]\n`;
    const findings = validate(text);
    expect(findings.map((f) => [f.code, underlined(text, f)])).toEqual([
      ['ML1013', '"bad key"'],
      ['ML1013', '"front end"'],
      ['ML1013', '"a/b/c"'],
    ]);
  });

  it('leaves template placeholders alone', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: "{{ .Release.Name }}-np"\nspec: {podSelector: {}}\n';
    expect(validate(text).filter((f) => f.severity === 'error')).toEqual([]);
  });
});
