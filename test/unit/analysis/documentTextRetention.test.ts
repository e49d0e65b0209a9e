// A cached document analysis must hold only its document's text, not the whole text it was cut from: JavaScript
// engines keep a string alive for as long as any slice of it lives, so a parsed scalar or a cache key made from a
// slice of the file would keep every revision's whole text in memory (analyzeFile.ts analyzeChunkCached). Strings
// cannot be held weakly, so this measures the heap: a small document cut from a 64 MiB text, analysed into a
// cache that stays alive, must not keep the 64 MiB once the text is dropped.
import { describe, expect, it } from 'vitest';
import { isCollected } from '../../support/garbageCollection';
import { analyzeChunkCached, type DocumentAnalysis } from '../../../server/src/analysis/analyzeFile';

const MiB = 2 ** 20;

/** Heap in use after full collections. */
async function heapAfterCollection(): Promise<number> {
  await isCollected(new WeakRef({}));
  return process.memoryUsage().heapUsed;
}

describe('a cached document analysis keeps only its own text', () => {
  it('neither the analysis nor its cache key holds the whole text the document was cut from', async () => {
    const document = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: a, namespace: default}\nspec:\n  endpointSelector: {}\n';
    const before = await heapAfterCollection();
    let whole: string | undefined = document + `# ${'x'.repeat(64 * MiB)}\n`;
    const cache = new Map<string, DocumentAnalysis>();
    const analysis = analyzeChunkCached({ start: 0, text: whole.slice(0, document.length) }, 0, cache);
    whole = undefined;
    const kept = (await heapAfterCollection()) - before;
    // Both still alive, and still right: the document's text, one cache entry.
    expect(analysis.yaml.text).toBe(document);
    expect([...cache.values()]).toEqual([analysis]);
    expect(kept).toBeLessThan(16 * MiB);
  });
});
