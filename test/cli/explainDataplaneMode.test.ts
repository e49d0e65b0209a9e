// `--dataplane-mode` on `meshlens explain` and `meshlens graph`, as meshlens.istio.dataplaneMode in the editor:
// 'auto' reads labels (payments runs sidecars; data/postgres is outside the mesh), a forced mode is assumed for
// every workload, exactly as hover and inlay hints assume it (one owner: server/src/analysis/workspace/meshMode.ts).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';

const examples = path.resolve(__dirname, '../../examples');

async function meshlens(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

const explain = (...extra: string[]) => meshlens('explain', '--format', 'json', ...extra, examples);
const enforcers = (out: string): string[] => (JSON.parse(out) as { steps: { enforcer: string }[] }).steps.map((s) => s.enforcer);

describe('--dataplane-mode', () => {
  it('moves Istio authorization of a sidecar workload to ztunnel when forced to ambient', async () => {
    const flow = ['--from', 'storefront/frontend', '--to', 'payments/payments-api', '--port', '8443'];
    expect(enforcers((await explain(...flow)).out)).toContain('istio-sidecar');
    const ambient = enforcers((await explain('--dataplane-mode', 'ambient', ...flow)).out);
    expect(ambient).toContain('istio-ztunnel');
    expect(ambient).not.toContain('istio-sidecar');
  });

  it('reads labels under auto and assumes the forced mode for every workload otherwise', async () => {
    const flow = ['--from', 'payments/payments-api', '--to', 'data/postgres', '--port', '5432'];
    const istioSteps = async (mode: string) => enforcers((await explain('--dataplane-mode', mode, ...flow)).out).filter((e) => e.startsWith('istio-'));
    expect(await istioSteps('auto')).toEqual([]);
    expect(await istioSteps('ambient')).toContain('istio-ztunnel');
  });

  it('changes the graph the same way', async () => {
    const graph = async (mode: string) => JSON.parse((await meshlens('graph', '--quiet', '--dataplane-mode', mode, examples)).out) as { nodes: { id: string; meshMode?: string }[] };
    const modeOf = (g: { nodes: { id: string; meshMode?: string }[] }, id: string) => g.nodes.find((n) => n.id === id)?.meshMode;
    expect(modeOf(await graph('auto'), 'payments/payments-api')).toBe('sidecar');
    const ambient = await graph('ambient');
    expect(modeOf(ambient, 'payments/payments-api')).toBe('ambient');
    expect(modeOf(ambient, 'data/postgres')).toBe('ambient');
    expect(modeOf(await graph('auto'), 'data/postgres')).toBe('none');
  });

  it('refuses an unknown mode', async () => {
    for (const args of [['explain', '--from', 'a/b', '--to', 'c/d', '--port', '1'], ['graph']]) {
      const { code, err } = await meshlens(...args, '--dataplane-mode', 'mesh', examples);
      expect(code).toBe(2);
      expect(err).toContain('--dataplane-mode must be auto, sidecar or ambient; got "mesh"');
    }
  });
});
