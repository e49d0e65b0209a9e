// One test per ML3xxx code (istiod's validation webhook mirrors), run through the analyzeText facade.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import { istioCodes } from '../../../../server/src/analysis/findings/codes/istioCodes';
import type { Finding } from '../../../../server/src/analysis/model/finding';

const header = (kind: string, extraMetadata = '') => `apiVersion: security.istio.io/v1\nkind: ${kind}\nmetadata:\n  name: p\n  namespace: ns\n${extraMetadata}`;
const ap = (spec: string, extraMetadata = '') => `${header('AuthorizationPolicy', extraMetadata)}spec:\n${spec}`;
const pa = (spec: string) => `${header('PeerAuthentication')}spec:\n${spec}`;
const ra = (spec: string) => `${header('RequestAuthentication')}spec:\n${spec}`;

/** Only this area's findings, so schema/CEL findings from the schema layer do not blur the assertions. */
function istio(text: string): (Finding & { text: string })[] {
  return analyzeText(text)
    .findings.filter((f) => f.code.startsWith('ML3'))
    .map((f) => ({ ...f, text: text.slice(f.span.start, f.span.end) }));
}
const codes = (text: string) => istio(text).map((f) => f.code);
const only = (text: string, code: string) => istio(text).filter((f) => f.code === code);

describe('AuthorizationPolicy', () => {
  it('accepts the upstream "good" policy without findings', () => {
    const text = ap(`  selector:
    matchLabels: {app: httpbin}
  rules:
  - from:
    - source: {principals: [cluster.local/ns/default/sa/sleep]}
    - source: {serviceAccounts: [ns1/sa1, sa2]}
    to:
    - operation: {methods: [GET], paths: ["/api/*", "/v1/{*}/items/{**}"], ports: ["8080"]}
    when:
    - key: source.ip
      values: [1.2.3.4, 5.6.7.0/24, "2001:db8::1", "::ffff:10.0.0.1"]
    - key: request.headers[:authority]
      values: [v1]
    - key: source.trustDomain
      values: [cluster.local]
`);
    expect(istio(text)).toEqual([]);
  });

  it('ML3001: rejects a targetRef kind Istio cannot attach to, at the kind value', () => {
    const text = ap(`  targetRefs:\n  - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: r}\n  - {kind: Service, name: s}\n  - {group: core, kind: Service, name: s2}\n`);
    const found = only(text, 'ML3001');
    expect(found).toHaveLength(1);
    expect(found[0].text).toBe('HTTPRoute');
    expect(found[0].message).toContain('targetRef must be to one of');
    // A kind the CRD pattern already rejects gets the schema's finding only.
    expect(only(ap(`  targetRef: {kind: Serv_ice, name: s}\n`), 'ML3001')).toEqual([]);
  });

  it('ML3002: warns about a selector without labels', () => {
    const found = only(ap(`  selector: {}\n`), 'ML3002');
    expect(found.map((f) => [f.severity, f.text])).toEqual([['warning', 'selector']]);
  });

  it('ML3003: DENY and CUSTOM without rules are errors, AUDIT without rules a warning', () => {
    expect(only(ap(`  action: DENY\n`), 'ML3003').map((f) => f.severity)).toEqual(['error']);
    expect(only(ap(`  action: AUDIT\n`), 'ML3003').map((f) => f.severity)).toEqual(['warning']);
    expect(only(ap(`  action: CUSTOM\n  provider: {name: ext}\n`), 'ML3003')[0].message).toContain('never be triggered');
    expect(only(ap(`  action: ALLOW\n`), 'ML3003')).toEqual([]);
  });

  it('ML3004: CUSTOM needs provider.name', () => {
    expect(codes(ap(`  action: CUSTOM\n  rules: [{}]\n`))).toContain('ML3004');
    expect(codes(ap(`  action: CUSTOM\n  provider: {}\n  rules: [{}]\n`))).toContain('ML3004');
    expect(codes(ap(`  action: CUSTOM\n  provider: {name: ext-authz}\n  rules: [{}]\n`))).toEqual([]);
  });

  it('ML3005: provider only with CUSTOM', () => {
    const found = only(ap(`  action: DENY\n  provider: {name: x}\n  rules: [{}]\n`), 'ML3005');
    expect(found[0].message).toBe('`provider` must not be with non CUSTOM action, found DENY.');
  });

  it('ML3006: identity fields and keys are not supported with CUSTOM', () => {
    const text = ap(`  action: CUSTOM
  provider: {name: ext}
  rules:
  - from:
    - source: {namespaces: [a], ipBlocks: [10.0.0.0/8]}
    when:
    - key: request.auth.claims[iss]
      values: [x]
    - key: source.ip
      values: [1.2.3.4]
`);
    expect(only(text, 'ML3006').map((f) => f.message)).toEqual([
      'From.Namespaces is currently not supported with CUSTOM action.',
      'request.auth.claims[iss] is currently not supported with CUSTOM action.',
    ]);
  });

  it('ML3007: dry-run annotation value and action', () => {
    const annotate = (value: string) => `  annotations:\n    istio.io/dry-run: "${value}"\n`;
    expect(only(ap(`  action: ALLOW\n`, annotate('foo')), 'ML3007')[0].message).toContain('with invalid value (foo)');
    expect(only(ap(`  action: ALLOW\n`, annotate('True')), 'ML3007')).toEqual([]);
    expect(only(ap(`  action: AUDIT\n  rules: [{}]\n`, annotate('true')), 'ML3007')[0].message).toContain('only supports action ALLOW/DENY');
    const onPeer = `${header('PeerAuthentication', annotate('true'))}spec: {}\n`;
    expect(only(onPeer, 'ML3007')[0].message).toContain('unsupported annotation');
  });

  it('ML3008: explicitly empty from / to', () => {
    const found = only(ap(`  rules:\n  - from: []\n    to: []\n`), 'ML3008');
    expect(found.map((f) => f.text)).toEqual(['from', 'to']);
  });

  it('ML3009: missing or empty source / operation', () => {
    const found = only(ap(`  rules:\n  - from:\n    - {}\n    to:\n    - operation: {}\n`), 'ML3009');
    expect(found.map((f) => f.message)).toEqual(['`from.source` must not be nil, found at rule 0.', '`to.operation` must not be empty, found at rule 0.']);
  });

  it('ML3010: empty strings in match lists and condition values', () => {
    const text = ap(`  rules:\n  - to:\n    - operation: {hosts: [a.com, ""]}\n    when:\n    - key: request.headers[x]\n      notValues: [""]\n`);
    const found = only(text, 'ML3010');
    expect(found.map((f) => f.message)).toEqual([
      'empty value not allowed, found in Hosts.',
      'invalid `notValue` for `key` request.headers[x]: empty value not allowed, found in request.headers[x].',
    ]);
    expect(found[0].text).toBe('""');
  });

  it('ML3011: malformed IPs and CIDRs in ipBlocks and IP conditions', () => {
    const text = ap(`  rules:
  - from:
    - source: {ipBlocks: [1.2.3.4, ip1, 10.0.0.0/33, 01.2.3.4, "1::2::3"], notRemoteIpBlocks: ["fe80::1%eth0"]}
    when:
    - key: destination.ip
      values: [300.1.1.1]
`);
    expect(only(text, 'ML3011').map((f) => f.text)).toEqual(['ip1', '10.0.0.0/33', '01.2.3.4', '"1::2::3"', '300.1.1.1']);
  });

  it('ML3012: ports must be decimal 0-65535', () => {
    const text = ap(`  rules:\n  - to:\n    - operation: {ports: ["80", http, "70000"]}\n    when:\n    - key: destination.port\n      values: ["-1"]\n`);
    expect(only(text, 'ML3012').map((f) => f.text)).toEqual(['http', '"70000"', '"-1"']);
  });

  it('ML3013: unsupported path templates', () => {
    const text = ap(`  rules:\n  - to:\n    - operation: {paths: ["/a/{**}/b/{*}", "/a/{id}", "/ok/{*}"]}\n`);
    expect(only(text, 'ML3013').map((f) => f.message)).toEqual([
      'invalid or unsupported path a/{**}/b/{*}, found in Paths. {**} is not the last operator.',
      "invalid or unsupported path a/{id}, found in Paths. Contains '{' or '}' beyond a supported path template.",
    ]);
  });

  it('ML3014: empty, unknown, replaced and malformed condition keys', () => {
    const text = ap(`  rules:
  - when:
    - {key: "", values: [a]}
    - {key: key1, values: [a]}
    - {key: destination.namespace, values: [a]}
    - key: request.headers
      values: [a]
    - key: request.auth.claims[groups]
      values: [a]
`);
    expect(only(text, 'ML3014').map((f) => f.message)).toEqual([
      '`key` must not be empty.',
      'invalid `value` for `key` key1: unknown attribute: key1.',
      'invalid `value` for `key` destination.namespace: attribute destination.namespace is replaced by the metadata.namespace.',
      'invalid `value` for `key` request.headers: bad key (request.headers): should have format a[b].',
    ]);
  });

  it('ML3015: a condition needs values or notValues', () => {
    expect(only(ap(`  rules:\n  - when:\n    - key: source.ip\n`), 'ML3015')[0].message).toContain('at least one of `values` or `notValues`');
  });

  it('ML3016: warns on DENY rules with only HTTP attributes, not when a port or TCP source scopes them', () => {
    const httpOnly = ap(`  action: DENY\n  rules:\n  - from:\n    - source: {principals: [a]}\n    to:\n    - operation: {methods: [GET]}\n`);
    const found = only(httpOnly, 'ML3016');
    expect(found.map((f) => [f.severity, f.text])).toEqual([['warning', 'to']]);
    expect(found[0].message).toContain('will deny all traffic to TCP ports');
    const scoped = ap(`  action: DENY\n  rules:\n  - to:\n    - operation: {methods: [GET], ports: ["8080"]}\n`);
    expect(only(scoped, 'ML3016')).toEqual([]);
    const requestPrincipalsOnly = ap(`  action: DENY\n  rules:\n  - from:\n    - source: {requestPrincipals: ["*"]}\n`);
    expect(only(requestPrincipalsOnly, 'ML3016').map((f) => f.text)).toEqual(['from']);
    expect(only(httpOnly.replace('DENY', 'ALLOW'), 'ML3016')).toEqual([]);
  });

  it('ML3017: warns about `*` in the middle of a value', () => {
    const text = ap(`  rules:\n  - to:\n    - operation: {hosts: ["a*b.com", "*.ok.com", "*"], paths: ["/x/*/y"]}\n`);
    expect(only(text, 'ML3017').map((f) => f.text)).toEqual(['"/x/*/y"', '"a*b.com"']);
  });

  it('ML3018: warns about principals with the spiffe:// scheme', () => {
    const text = ap(`  rules:\n  - from:\n    - source: {principals: ["spiffe://cluster.local/ns/a/sa/b", "cluster.local/ns/a/sa/c"]}\n`);
    expect(only(text, 'ML3018').map((f) => f.text)).toEqual(['"spiffe://cluster.local/ns/a/sa/b"']);
  });

  it('ML3019: warns about lower-case HTTP methods', () => {
    const text = ap(`  rules:\n  - to:\n    - operation: {methods: [get, POST], notMethods: [Delete]}\n`);
    expect(only(text, 'ML3019').map((f) => f.text)).toEqual(['get', 'Delete']);
  });

  it('ML3020: malformed serviceAccounts entries', () => {
    const text = ap(`  rules:\n  - from:\n    - source: {serviceAccounts: [a/b/c, "*", /sa, ns/sa, sa]}\n    when:\n    - key: source.serviceAccount\n      values: [ns/]\n`);
    expect(only(text, 'ML3020').map((f) => f.text)).toEqual(['a/b/c', '"*"', '/sa', 'ns/']);
    const many = Array.from({ length: 17 }, (_, i) => `sa${i}`).join(', ');
    expect(only(ap(`  rules:\n  - when:\n    - key: source.serviceAccount\n      values: [${many}]\n`), 'ML3020').map((f) => f.message)).toEqual([
      'source.serviceAccount may not have more than 16 values.',
    ]);
    // In from.source the CRD's maxItems reports it instead.
    expect(only(ap(`  rules:\n  - from:\n    - source: {serviceAccounts: [${many}]}\n`), 'ML3020')).toEqual([]);
  });
});

describe('PeerAuthentication', () => {
  it('leaves port-level mTLS to the schema layer (CEL and minProperties) and accepts a well-formed one', () => {
    expect(codes(pa(`  selector:\n    matchLabels: {app: a}\n  portLevelMtls: {}\n`))).toEqual([]);
    expect(codes(pa(`  selector:\n    matchLabels: {app: a}\n  portLevelMtls:\n    "8080": {mode: DISABLE}\n`))).toEqual([]);
  });

  it('shares the selector warning (ML3002)', () => {
    expect(codes(pa(`  selector: {matchLabels: {}}\n`))).toEqual(['ML3002']);
  });
});

describe('RequestAuthentication', () => {
  it('accepts a well-formed rule', () => {
    expect(codes(ra(`  jwtRules:\n  - issuer: foo.com\n    jwksUri: https://foo.com/jwks\n    outputPayloadToHeader: x-jwt-payload\n`))).toEqual([]);
  });

  it('ML3022: a rule needs an issuer or a jwksUri', () => {
    expect(only(ra(`  jwtRules:\n  - {audiences: [a]}\n`), 'ML3022')[0].message).toBe('issuer or jwksUri must be non-empty string.');
    expect(only(ra(`  jwtRules:\n  - {jwksUri: "https://x/jwks"}\n`), 'ML3022')).toEqual([]);
  });

  // Source: istio pkg/config/security/security.go ParseJwksURI (url.Parse, then strconv.Atoi of the port) and
  // security_test.go TestParseJwksURI; validation_test.go "bad JwksUri - invalid port".
  it.each([
    ['https://foo.com:not-a-number', 'parse "https://foo.com:not-a-number": invalid port ":not-a-number" after host.'],
    ['http://foo.bar.com:abc', 'parse "http://foo.bar.com:abc": invalid port ":abc" after host.'],
    ['https://foo.com:12a/keys', 'parse "https://foo.com:12a/keys": invalid port ":12a" after host.'],
    ['https://[::1]:x/keys', 'parse "https://[::1]:x/keys": invalid port ":x" after host.'],
    ['https://foo.com:99999999999999999999/keys', 'strconv.Atoi: parsing "99999999999999999999": value out of range.'],
    ['https://foo.bar.com:1234/secure/key', undefined],
    ['http://foo.bar.com', undefined],
    // An empty port is the scheme default; Atoi does not range-check 99999 (istiod accepts it).
    ['https://foo.com:/keys', undefined],
    ['https://foo.com:99999/keys', undefined],
    ['https://user:pw@foo.com/keys', undefined],
    ['https://foo.com/keys?a=b:c#x:y', undefined],
  ])('ML3027: jwksUri %s', (uri, expected) => {
    const text = ra(`  jwtRules:\n  - issuer: foo.com\n    jwksUri: "${uri}"\n`);
    expect(only(text, 'ML3027').map((f) => f.message)).toEqual(expected ? [expected] : []);
  });

  it('ML3023: inline jwks must parse as a key set', () => {
    expect(only(ra(`  jwtRules:\n  - {issuer: a, jwks: foo}\n`), 'ML3023')[0].message).toContain('jwks parse error');
    expect(only(ra(`  jwtRules:\n  - {issuer: a, jwks: '{"keys":[{"e":"AQAB"}]}'}\n`), 'ML3023')).toHaveLength(1);
    expect(only(ra(`  jwtRules:\n  - {issuer: a, jwks: '{"keys":[{"kty":"RSA","e":"AQAB","n":"abc"}]}'}\n`), 'ML3023')).toEqual([]);
  });

  it('ML3024: warns about private key material in an inline jwks', () => {
    const found = only(ra(`  jwtRules:\n  - {issuer: a, jwks: '{"keys":[{"kty":"RSA","e":"AQAB","n":"abc","d":"secret"}]}'}\n`), 'ML3024');
    expect(found.map((f) => f.severity)).toEqual(['warning']);
  });

  it('ML3025: warns about two rules with the same issuer', () => {
    const found = only(ra(`  jwtRules:\n  - {issuer: a.com, jwksUri: "https://a.com/1"}\n  - {issuer: b.com}\n  - {issuer: a.com, jwksUri: "https://a.com/2"}\n`), 'ML3025');
    expect(found.map((f) => f.message)).toEqual(['issuer a.com is already used by jwtRules[0]; merge the two rules.']);
  });

  it('ML3026: warns about an invalid outputPayloadToHeader name', () => {
    expect(only(ra(`  jwtRules:\n  - {issuer: a, outputPayloadToHeader: "x jwt"}\n`), 'ML3026').map((f) => f.text)).toEqual(['"x jwt"']);
  });

  it('checks targetRef kinds too (ML3001)', () => {
    expect(codes(ra(`  targetRef: {group: wrong-group, kind: Gateway, name: g}\n`))).toEqual(['ML3001']);
  });
});

describe('istio code registry', () => {
  it('every ML3xxx code registered has a test above', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(`${process.cwd()}/test/unit/dialects/istio/istioChecks.test.ts`, 'utf8');
    const untested = istioCodes.map((c) => c.code).filter((code) => !source.includes(`'${code}'`));
    expect(untested).toEqual([]);
  });

  it('never throws on odd shapes', () => {
    const odd = [ap(`  rules: [null, 3, {from: [null, {source: null}], to: {}, when: [null, {key: 5}]}]\n`), ap(`  - not a map\n`), ra(`  jwtRules: [null, {jwks: 5}]\n`), pa(`  portLevelMtls: []\n`)];
    for (const text of odd) expect(() => analyzeText(text)).not.toThrow();
  });
});
