// Value syntax that istiod validates with Go's libraries: net/netip for IPs/CIDRs and its path-template rules.
import { describe, expect, it } from 'vitest';
import { ipOrCidrProblem } from '../../../../server/src/analysis/dialects/istio/ipSyntax';
import { pathTemplateProblem } from '../../../../server/src/analysis/dialects/istio/pathTemplate';
import { conditionKeyProblem } from '../../../../server/src/analysis/dialects/istio/conditionAttributes';
import { jwksProblem } from '../../../../server/src/analysis/dialects/istio/jwksContent';

describe('ipOrCidrProblem (netip.ParseAddr / ParsePrefix)', () => {
  it.each(['1.2.3.4', '0.0.0.0/0', '10.1.2.3/16', '::', '::1', '2001:db8::/32', 'fe80::1%eth0', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4'])('accepts %s', (value) => {
    expect(ipOrCidrProblem(value)).toBeUndefined();
  });

  it.each(['ip1', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.4/33', '1.2.3.4/', '1.2.3.4/08', '::/129', '1:2:3:4:5:6:7:8:9', '1::2::3', '1:2:3:4:5:6:7::8', 'fe80::1%eth0/64', 'fe80::1%', 'g::1'])('rejects %s', (value) => {
    expect(ipOrCidrProblem(value)).toMatch(value.includes('/') ? /^bad CIDR range/ : /^bad IP address/);
  });
});

describe('pathTemplateProblem', () => {
  it('accepts plain paths and supported templates', () => {
    for (const path of ['/', '/api/v1', '/api/*', '*/suffix', '/{*}/x', '/a/{*}/{**}', '/a/b.c~d:e@f/{**}']) expect(pathTemplateProblem(path, 'Paths')).toBeUndefined();
  });

  it('rejects {**} before another operator, stray braces and invalid literals next to a template', () => {
    expect(pathTemplateProblem('/{**}/{*}', 'Paths')).toContain('{**} is not the last operator');
    expect(pathTemplateProblem('/users/{id}', 'NotPaths')).toContain("Contains '{' or '}'");
    expect(pathTemplateProblem('/a b/{*}', 'Paths')).toContain('invalid string literal');
  });
});

describe('conditionKeyProblem', () => {
  it('knows map attributes need a non-empty [name]', () => {
    expect(conditionKeyProblem('request.headers[x-id]')).toBeUndefined();
    expect(conditionKeyProblem('request.headers[]')).toContain('should have format a[b]');
    expect(conditionKeyProblem('experimental.envoy.filters.network.mysql_proxy[db.table]')).toBeUndefined();
    expect(conditionKeyProblem('destination.labels[app]')).toContain('replaced by the workload selector');
    expect(conditionKeyProblem('destination.user')).toContain('only supported in v1alpha1');
  });

  it('suggests the nearest attribute for a typo, and nothing for an unrelated key', () => {
    expect(conditionKeyProblem('source.principals')).toBe('unknown attribute: source.principals; did you mean source.principal?');
    expect(conditionKeyProblem('request.header[x-id]')).toBe('unknown attribute: request.header[x-id]; did you mean request.headers[...]?');
    expect(conditionKeyProblem('key1')).toBe('unknown attribute: key1');
  });
});

describe('jwksProblem', () => {
  it('accepts a public key set and a single key, flags private material and non-key JSON', () => {
    expect(jwksProblem('{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}')).toBeUndefined();
    expect(jwksProblem('{"kty":"RSA","n":"a","e":"AQAB"}')).toBeUndefined();
    expect(jwksProblem('{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}')?.kind).toBe('private');
    expect(jwksProblem('[1,2]')?.kind).toBe('parse');
    expect(jwksProblem('{"keys":{}}')?.kind).toBe('parse');
  });
});
