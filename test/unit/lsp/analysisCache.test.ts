// The server's analysis cache: results per uri+version, time-sliced analysis that an edit can overtake,
// and the size limit. Clock and pause are injected, so the slicing is driven deterministically.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../../server/src/lsp/analysisCache';

const policy = (name: string) => `apiVersion: cilium.io/v9\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n`;
const file = [policy('a'), policy('b'), policy('c')].join('---\n');

describe('AnalysisCache', () => {
  it('answers a repeated request for the same version from the cache', async () => {
    const cache = new AnalysisCache(10, () => 0, async () => {});
    const doc = TextDocument.create('file:///a.yaml', 'yaml', 1, file);
    const first = await cache.analysisOf(doc, 1e6);
    expect(first.findings.map((f) => f.code)).toEqual(['ML0007', 'ML0007', 'ML0007']);
    expect(await cache.analysisOf(doc, 1e6)).toBe(first);
  });

  it('an edit arriving during a sliced analysis supersedes it: the old request gets the new result', async () => {
    let clock = 0;
    let pauses = 0;
    const doc = TextDocument.create('file:///b.yaml', 'yaml', 1, file);
    // Every step looks slow, so the cache pauses after each document; during the first pause the user types.
    const cache = new AnalysisCache(10, () => (clock += 100), async () => {
      pauses += 1;
      if (pauses === 1) TextDocument.update(doc, [{ text: policy('only') }], 2);
    });
    const result = await cache.analysisOf(doc, 1e6);
    expect(result.version).toBe(2);
    expect(result.analysis?.documents).toHaveLength(1);
    expect(result.analysis?.documents[0].summary.name).toBe('only');
    expect(pauses).toBeGreaterThan(0);
  });

  it('files above the limit get one ML0006 and no analysis', async () => {
    const cache = new AnalysisCache(10, () => 0, async () => {});
    const result = await cache.analysisOf(TextDocument.create('file:///c.yaml', 'yaml', 1, file), 100);
    expect(result.analysis).toBeUndefined();
    expect(result.findings.map((f) => f.code)).toEqual(['ML0006']);
  });

  it('clear() forgets results so the next request re-analyses', async () => {
    const cache = new AnalysisCache(10, () => 0, async () => {});
    const doc = TextDocument.create('file:///d.yaml', 'yaml', 1, file);
    const first = await cache.analysisOf(doc, 1e6);
    cache.clear();
    const second = await cache.analysisOf(doc, 1e6);
    expect(second).not.toBe(first);
    expect(second.findings).toEqual(first.findings);
  });
});
