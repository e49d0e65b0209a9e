// `meshlens graph` and `meshlens explain` in-process: formats, output file, focus, exit codes and usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../server/src/cli/cliIo';
import { runCli } from '../../../server/src/cli/main';
import type { ExplainResult, TrafficGraph } from '../../../server/src/protocol/trafficGraph';
import { cnp, deployment, namespace, yamlOf } from './trafficFixture';

let dir: string;
let workloadsFile: string;
let policyFile: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'meshlens-graph-cli-'));
  workloadsFile = path.join(dir, 'workloads.yaml');
  policyFile = path.join(dir, 'policy.yaml');
  writeFileSync(workloadsFile, yamlOf([namespace('shop'), deployment('shop', 'api', { app: 'api' }), deployment('shop', 'db', { app: 'db' }), deployment('shop', 'web', { app: 'web' })]));
  writeFileSync(policyFile, yamlOf([cnp('shop', 'db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }] })]));
});

async function cli(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

describe('meshlens graph', () => {
  it('prints the JSON graph of the files given', async () => {
    const { code, out, err } = await cli('graph', dir);
    expect(code).toBe(0);
    expect(err).toBe('');
    const graph = JSON.parse(out) as TrafficGraph;
    expect(graph.edges.map((e) => `${e.from}->${e.to} ${e.verdict} ${e.protocol}/${e.port}`)).toEqual(['shop/api->shop/db allow TCP/5432']);
    expect(graph.edges[0].rules[0].file).toBe(policyFile);
  });

  it('renders DOT and Mermaid, and writes to a file with -o', async () => {
    expect((await cli('graph', '--format', 'dot', dir)).out).toContain('"shop/api" -> "shop/db" [label="TCP 5432"');
    expect((await cli('graph', '-f', 'mermaid', dir)).out).toMatch(/^flowchart LR\n/);
    const written = await cli('graph', '-o', path.join(dir, 'out.json'), dir);
    expect(written.out).toBe('');
    expect(JSON.parse(written.files.get(path.join(dir, 'out.json'))!).version).toBe(1);
  });

  it('focuses on the workloads one policy file selects', async () => {
    const focused = JSON.parse((await cli('graph', '--focus', policyFile, dir)).out) as TrafficGraph;
    expect(focused.nodes.filter((n) => n.kind === 'workload').map((n) => n.id).sort()).toEqual(['shop/api', 'shop/db']);
  });

  it('rejects unknown formats and missing inputs with exit 2', async () => {
    expect((await cli('graph', '--format', 'svg', dir)).code).toBe(2);
    expect((await cli('graph')).code).toBe(2);
    const missing = await cli('graph', path.join(dir, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });
});

describe('meshlens explain', () => {
  it('prints the verdict and the deciding rule per enforcement point, exit 0 when allowed', async () => {
    const { code, out } = await cli('explain', '--from', 'shop/api', '--to', 'shop/db', '--port', '5432', dir);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('ALLOW  shop/api -> shop/db TCP/5432');
    expect(out).toContain('ingress cilium-bpf       allow   allowed by rule');
    expect(out).toContain(`CiliumNetworkPolicy shop/db spec.ingress[0].toPorts[0]  (${policyFile}:1:`);
  });

  it('explains a default deny in JSON, exit 1', async () => {
    const { code, out } = await cli('explain', '--from', 'shop/web', '--to', 'shop/db', '--port', '5432', '--format', 'json', dir);
    expect(code).toBe(1);
    const result = JSON.parse(out) as ExplainResult;
    expect(result.verdict).toBe('deny');
    expect(result.steps.map((s) => `${s.direction} ${s.enforcer} ${s.verdict}`)).toEqual(['egress cilium-bpf allow', 'ingress cilium-bpf deny']);
    expect(result.steps[1].reason).toMatch(/^default deny/);
    expect(result.steps[1].rules[0]).toMatchObject({ policy: 'shop/db', kind: 'CiliumNetworkPolicy', path: 'spec.ingress[0].toPorts[0]' });
  });

  it('accepts entities, CIDRs and FQDNs as endpoints', async () => {
    expect((await cli('explain', '--from', 'world', '--to', 'shop/db', '--port', '5432', dir)).code).toBe(1);
    expect((await cli('explain', '--from', 'shop/db', '--to', '10.1.2.3', '--port', '443', dir)).code).toBe(0);
    expect((await cli('explain', '--from', 'shop/db', '--to', 'api.example.com', '--port', '443', dir)).code).toBe(0);
  });

  it('reports unknown workloads and bad options with exit 2', async () => {
    const unknown = await cli('explain', '--from', 'shop/apii', '--to', 'shop/db', '--port', '5432', dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('no workload "shop/apii"');
    expect((await cli('explain', '--from', 'shop/api', '--to', 'shop/db', dir)).code).toBe(2);
    expect((await cli('explain', '--from', 'shop/api', '--to', 'shop/db', '--port', '80', '--protocol', 'GRE', dir)).code).toBe(2);
  });
});
