// Cilium HTTP `headers` and `headerMatches` in the graph and explain.
// Upstream: cilium pkg/policy/api/http.go (PortRuleHTTP.Headers: "Name: value" or "Name", all must match;
// HeaderMatch{name, value, secret, mismatch}; MismatchAction: absent = fail the match and drop, LOG keeps
// checking, ADD adds the value, DELETE removes the header, REPLACE replaces or adds it),
// pkg/envoy/xds_server.go getHTTPRule (headers split on the first space, trailing ':' trimmed, exact value or
// presence; FAIL_ON_MISMATCH with a value → exact match, without → presence; other actions and Secret values
// → cilium HeaderMatch / SDS secret), Documentation/security/policy/language.rst (HTTP 403 when no rule matches).
import { describe, expect, it } from 'vitest';
import { matchCiliumHttpRule, parseHeaderEntry } from '../../../server/src/analysis/graph/ciliumHttpMatch';
import type { L7Constraint } from '../../../server/src/analysis/graph/trafficGraphModel';
import { explainFlow, resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { edgeLabel } from '../../../server/src/analysis/graph/output/graphDot';
import { cnp, deployment, flow, modelOf, namespace, type K8sObject } from './trafficFixture';

describe('a `headers` entry as cilium translates it (getHTTPRule)', () => {
  const table: [string, { name: string; value?: string }][] = [
    ['X-Token: abc', { name: 'X-Token', value: 'abc' }],
    ['X-Token abc', { name: 'X-Token', value: 'abc' }],
    ['X-Token: a b c', { name: 'X-Token', value: 'a b c' }],
    ['X-Token', { name: 'X-Token' }],
    // An empty exact value matches any value in Envoy: presence.
    ['X-Token: ', { name: 'X-Token' }],
    // No space: the whole word is a header name that must be present.
    ['X-Token:abc', { name: 'X-Token:abc' }],
  ];
  it.each(table)('%s', (entry, parsed) => {
    expect(parseHeaderEntry(entry)).toEqual(parsed);
  });
});

describe('one HTTP rule against one request', () => {
  const get = (headers: Record<string, string>) => ({ method: 'GET', path: '/', headers });
  const table: [string, L7Constraint, Record<string, string>, 'yes' | 'no' | 'unknown', RegExp | undefined][] = [
    ['exact header value present', { kind: 'http', headers: ['X-Token: abc'] }, { 'x-token': 'abc' }, 'yes', undefined],
    ['header names are case-insensitive', { kind: 'http', headers: ['x-token: abc'] }, { 'X-TOKEN': 'abc' }, 'yes', undefined],
    ['values are case-sensitive', { kind: 'http', headers: ['X-Token: abc'] }, { 'x-token': 'ABC' }, 'no', /not "abc"/],
    ['presence-only header', { kind: 'http', headers: ['X-Token'] }, { 'x-token': '' }, 'yes', undefined],
    ['missing header', { kind: 'http', headers: ['X-Token'] }, {}, 'no', /missing/],
    ['every header must hold', { kind: 'http', headers: ['A: 1', 'B: 2'] }, { a: '1' }, 'no', /header B is missing/],
    ['headerMatch value, no mismatch: must equal', { kind: 'http', headerMatches: [{ name: 'x-env', value: 'prod' }] }, { 'x-env': 'dev' }, 'no', /not "prod"/],
    ['headerMatch without value: presence', { kind: 'http', headerMatches: [{ name: 'x-env' }] }, { 'x-env': 'anything' }, 'yes', undefined],
    ['headerMatch LOG: mismatch still matches', { kind: 'http', headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'LOG' }] }, { 'x-env': 'dev' }, 'yes', undefined],
    ['headerMatch REPLACE on a missing header matches', { kind: 'http', headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'REPLACE' }] }, {}, 'yes', undefined],
    ['secret-backed value is unknowable', { kind: 'http', headerMatches: [{ name: 'x-key', secret: 'shop/api-key' }] }, { 'x-key': 'guess' }, 'unknown', /Secret shop\/api-key/],
    ['secret-backed value with mismatch ADD still matches', { kind: 'http', headerMatches: [{ name: 'x-key', secret: 'shop/api-key', mismatch: 'ADD' }] }, {}, 'yes', undefined],
    ['a failing header decides before an unknown secret', { kind: 'http', headers: ['X-Token'], headerMatches: [{ name: 'x-key', secret: 'shop/k' }] }, {}, 'no', /X-Token is missing/],
  ];
  it.each(table)('%s', (_name, rule, headers, match, reason) => {
    const result = matchCiliumHttpRule(rule, get(headers));
    expect(result.match).toBe(match);
    if (reason) expect(result.reason).toMatch(reason);
  });

  const effects: [string, 'LOG' | 'ADD' | 'DELETE' | 'REPLACE', RegExp][] = [
    ['LOG', 'LOG', /logged/],
    ['ADD', 'ADD', /"prod" is added to header x-env/],
    ['DELETE', 'DELETE', /header x-env is removed/],
    ['REPLACE', 'REPLACE', /header x-env is set to "prod"/],
  ];
  it.each(effects)('mismatch %s says what happens to the request', (_name, mismatch, effect) => {
    const result = matchCiliumHttpRule({ kind: 'http', headerMatches: [{ name: 'x-env', value: 'prod', mismatch }] }, get({ 'x-env': 'dev' }));
    expect(result.effects.join('; ')).toMatch(effect);
    expect(matchCiliumHttpRule({ kind: 'http', headerMatches: [{ name: 'x-env', value: 'prod', mismatch }] }, get({ 'x-env': 'prod' })).effects).toEqual([]);
  });
});

describe('headers in the flow verdict, explain and graph', () => {
  const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api' }), deployment('shop', 'db', { app: 'db' })];
  const withHttp = (http: K8sObject[]): K8sObject =>
    cnp('shop', 'db-http', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http } }] }] });
  const table: [string, K8sObject[], Record<string, string>, string, RegExp][] = [
    ['required header present', [{ method: 'GET', headers: ['X-Token: abc'] }], { 'X-Token': 'abc' }, 'allow', /matches an L7 HTTP rule/],
    ['required header missing → 403', [{ method: 'GET', headers: ['X-Token: abc'] }], {}, 'deny', /HTTP 403\): header X-Token is missing/],
    ['no rule matches → 403', [{ method: 'GET', headers: ['X-Token: abc'] }, { method: 'GET', path: '/health' }], {}, 'deny', /HTTP 403/],
    ['headerMatch without mismatch drops', [{ headerMatches: [{ name: 'x-env', value: 'prod' }] }], { 'x-env': 'dev' }, 'deny', /HTTP 403/],
    ['headerMatch LOG passes and says so', [{ headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'LOG' }] }], { 'x-env': 'dev' }, 'allow', /logged/],
    ['headerMatch REPLACE passes and rewrites', [{ headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'REPLACE' }] }], {}, 'allow', /set to "prod"/],
    ['Secret value → unknown', [{ headerMatches: [{ name: 'x-key', secret: { name: 'api-key' } }] }], { 'x-key': 'k' }, 'unknown', /Secret shop\/api-key/],
    ['Secret value, but another rule matches', [{ headerMatches: [{ name: 'x-key', secret: { name: 'api-key' } }] }, { method: 'GET' }], {}, 'allow', /matches/],
  ];
  it.each(table)('%s', (_name, http, headers, expected, reason) => {
    const result = flow(modelOf([...shop, withHttp(http)]), 'shop/api', 'shop/db', 80, 'TCP', { method: 'GET', path: '/', headers });
    const ingress = result.steps.find((s) => s.direction === 'ingress');
    expect(result.verdict).toBe(expected);
    expect(ingress).toMatchObject({ enforcer: 'cilium-envoy', verdict: expected });
    expect(ingress?.reason).toMatch(reason);
  });

  it('explain names the rule and its source range for a header step, with the header constraints', () => {
    const model = modelOf([...shop, withHttp([{ method: 'GET', headers: ['X-Token: abc'], headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'LOG' }] }])]);
    const from = resolveEndpoint(model, 'shop/api');
    const to = resolveEndpoint(model, 'shop/db');
    if ('error' in from || 'error' in to) throw new Error('endpoints');
    const result = explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: 'TCP', port: 80, request: { method: 'GET', path: '/', headers: {} } });
    const ingress = result.steps.find((s) => s.direction === 'ingress');
    expect(ingress?.verdict).toBe('deny');
    expect(ingress?.rules[0]).toMatchObject({ policy: 'shop/db-http', path: 'spec.ingress[0].toPorts[0]' });
    expect(ingress?.rules[0].range.start.line).toBeGreaterThanOrEqual(0);
    expect(ingress?.l7?.[0]).toMatchObject({ headers: ['X-Token: abc'], headerMatches: [{ name: 'x-env', value: 'prod', mismatch: 'LOG' }] });
  });

  it('graph edges carry the header constraints and label them', () => {
    const model = modelOf([...shop, withHttp([{ method: 'GET', headers: ['X-Token: abc'], headerMatches: [{ name: 'x-env', mismatch: 'LOG' }, { name: 'x-key', secret: { name: 'k' } }] }])]);
    const edge = buildTrafficGraph(model).graph.edges.find((e) => e.from === 'shop/api' && e.to === 'shop/db' && e.port === 80);
    expect(edge?.l7[0]).toMatchObject({ headers: ['X-Token: abc'], headerMatches: [{ name: 'x-env', mismatch: 'LOG' }, { name: 'x-key', secret: 'shop/k' }] });
    expect(edgeLabel(edge!)).toBe('TCP 80 [GET +X-Token=abc ~x-env +x-key=secret]');
  });
});
