// `meshlens explain --header 'Name: value'` (repeatable): the request headers Cilium HTTP `headers` and
// `headerMatches` test (cilium pkg/policy/api/http.go PortRuleHTTP, HeaderMatch; pkg/envoy/xds_server.go getHTTPRule).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { parseHeaderArgument } from '../../server/src/protocol/explainFlow';
import { runCli } from '../../server/src/cli/main';

const workspace = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-http, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: api}}]
      toPorts:
        - ports: [{port: "80", protocol: TCP}]
          rules:
            http:
              - method: GET
                headers: ["X-Token: abc", "X-Trace"]
                headerMatches: [{name: x-env, value: prod, mismatch: REPLACE}]
`;

async function explain(...extra: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'meshlens-headers-'));
  writeFileSync(path.join(dir, 'shop.yaml'), workspace);
  const io = memoryIo();
  const code = await runCli(['explain', '--from', 'shop/api', '--to', 'shop/db', '--port', '80', ...extra, dir], io);
  return { code, out: io.out, err: io.err };
}

describe('--header', () => {
  const table: [string, string[], number, RegExp][] = [
    ['all required headers → allowed, and the REPLACE rewrite is named', ['--header', 'X-Token: abc', '--header', 'X-Trace'], 0, /^ALLOW .*\[X-Token: abc\] \[X-Trace: \][\s\S]*header x-env is set to "prod"/],
    ['a header alone makes it an HTTP request (GET /)', ['--header', 'X-Token: abc'], 1, /^DENY .*GET \/ \[X-Token: abc\][\s\S]*HTTP 403\): header X-Trace is missing/],
    ['a wrong value → 403', ['--method', 'GET', '--header', 'X-Token: nope', '--header', 'X-Trace'], 1, /HTTP 403\): header X-Token is "nope", not "abc"/],
    ['the step lists the rule with its source and the header constraints', ['--header', 'X-Trace'], 1, /CiliumNetworkPolicy shop\/db-http spec\.ingress\[0\]\.toPorts\[0\] {2}\(.*shop\.yaml:\d+:\d+\)\n\s+L7 http: GET \[header X-Token: abc\] \[header X-Trace\] \[headerMatch x-env = prod \(mismatch REPLACE\)\]/],
  ];
  it.each(table)('%s', async (_name, args, code, text) => {
    const result = await explain(...args);
    expect(result.err).toBe('');
    expect(result.code).toBe(code);
    expect(result.out).toMatch(text);
  });

  it('refuses a header without a name', async () => {
    const result = await explain('--header', ': abc');
    expect(result.code).toBe(2);
    expect(result.err).toContain(`--header takes 'Name: value' or 'Name'`);
  });

  it.each([
    ['X-Token: abc', { name: 'X-Token', value: 'abc' }],
    ['X-Token:abc', { name: 'X-Token', value: 'abc' }],
    ['X-Token', { name: 'X-Token', value: '' }],
    ['Authorization: Bearer a:b', { name: 'Authorization', value: 'Bearer a:b' }],
  ])('reads %s as curl does', (text, parsed) => {
    expect(parseHeaderArgument(text)).toEqual(parsed);
  });
});
