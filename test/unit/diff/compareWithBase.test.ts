// The editor's compare mode, below the LSP: the analysis host holds the head (an open document's unsaved text
// over the disk), the client's base files replace theirs, and the diff is computed on the worker's base session.
import { describe, expect, it } from 'vitest';
import { BaseRevision } from '../../../server/src/analysis/diff/baseRevision';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { compareWithBase } from '../../../server/src/lsp/worker/compareWithBase';
import { readConnectivityDiffParams } from '../../../server/src/protocol/connectivityDiff';
import { deployment, netpol, yamlOf } from '../graph/trafficFixture';

const workloads = yamlOf([deployment('shop', 'a', { app: 'a' }), deployment('shop', 'b', { app: 'b' }), deployment('shop', 'web', { app: 'web' })]);
const allow = (peer: string) => yamlOf([netpol('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: peer } } }], ports: [{ port: 80 }] }] })]);

describe('compare with a base revision', () => {
  it('shows the edge an unsaved edit adds, and follows further edits live', () => {
    const host = new AnalysisHost();
    host.setWorkspaceFiles([{ uri: 'file:///w/workloads.yaml', text: workloads }, { uri: 'file:///w/web.yaml', text: allow('a') }]);
    const base = new BaseRevision();
    const params = { baseLabel: 'HEAD', baseFiles: [{ uri: 'file:///w/web.yaml', text: allow('a') }] };
    expect(compareWithBase(base, host.snapshot(), params).diff.changes).toEqual([]);
    // The user edits the open policy: b may now reach web, a no longer.
    host.applyChange('file:///w/web.yaml', allow('b'));
    const edited = compareWithBase(base, host.snapshot(), params);
    expect(edited.baseLabel).toBe('HEAD');
    expect(edited.diff.changes.map((c) => `${c.kind} ${c.from.id} > ${c.to.id}`)).toEqual(['added shop/b > shop/web', 'removed shop/a > shop/web']);
    expect(edited.diff.changes[0].head?.rules[0]).toMatchObject({ file: 'file:///w/web.yaml', path: 'spec.ingress[0]' });
    // A file the base does not have: everything its policy closes is removed.
    const added = compareWithBase(base, host.snapshot(), { baseLabel: 'HEAD', baseFiles: [{ uri: 'file:///w/web.yaml' }] });
    expect(added.diff.changes.some((c) => c.kind === 'removed' && c.from.id === 'shop/a')).toBe(true);
  });

  it('refuses malformed parameters', () => {
    expect(readConnectivityDiffParams({ baseLabel: 'HEAD', baseFiles: [{ uri: 'file:///a.yaml', text: 'x' }, { uri: 'file:///b.yaml' }] })).toEqual({ baseLabel: 'HEAD', baseFiles: [{ uri: 'file:///a.yaml', text: 'x' }, { uri: 'file:///b.yaml' }] });
    expect(readConnectivityDiffParams({ baseLabel: 'HEAD', baseFiles: [{ uri: 3 }] })).toBeUndefined();
    expect(readConnectivityDiffParams({ baseFiles: [] })).toBeUndefined();
    expect(readConnectivityDiffParams(null)).toBeUndefined();
  });
});
