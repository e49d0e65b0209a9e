// meshlens/visibleRanges over real LSP: with the lines the editor shows, the first diagnostics answer of a
// large file comes when the YAML documents under them are analysed (their own findings, nothing else yet), and
// a refresh brings the final answer, which is exactly what a client that never says what it shows gets.
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { generatePolicies } from '../../bench/generatePolicies';
import { visibleRangesMethod, type VisibleRangesParams } from '../../server/src/protocol/visibleRanges';
import { repoRoot, startLspTestClient } from './lspTestClient';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

const uri = 'file:///work/viewport.yaml';
/** Generated policies with a wrong protocol in every third port: a schema finding per such document. */
let n = 0;
const text = generatePolicies(300).replace(/protocol: TCP/g, (m) => (n++ % 3 === 0 ? 'protocol: TPC' : m));
const lines = text.split('\n');
const shown = (() => {
  const at = lines.findIndex((l) => l.trim() === 'name: cnp-150');
  return { start: at, end: at + 40 };
})();
/** The lines of the YAML documents under the shown lines: from the `---` before them to the one after. */
const underShown = (() => {
  let start = shown.start;
  while (start > 0 && lines[start] !== '---') start--;
  let end = shown.end;
  while (end < lines.length - 1 && lines[end + 1] !== '---') end++;
  return { start, end };
})();
const workspaceCode = (d: Diagnostic) => /^ML[45]/.test(String(d.code));

/** Opens the file (telling the shown lines first, if any) and pulls: the first answer, then the one after the refresh. */
async function openAndSettle(visible: boolean): Promise<{ first: Diagnostic[]; final: Diagnostic[] }> {
  const client = await startLspTestClient({ pullDiagnostics: true, timeoutMs: 120_000 });
  try {
    const refreshed = client.nextDiagnosticRefresh();
    if (visible) await client.connection.sendNotification(visibleRangesMethod, { uri, ranges: [shown] } satisfies VisibleRangesParams);
    await client.open(uri, text, 1);
    const first = await client.pullDiagnostics(uri);
    await refreshed;
    return { first, final: await client.pullDiagnostics(uri) };
  } finally {
    await client.stop();
  }
}

describe('meshlens/visibleRanges', () => {
  it('answers first for the shown documents, and ends with the same diagnostics as without it', async () => {
    const withRanges = await openAndSettle(true);
    const without = await openAndSettle(false);
    expect(withRanges.final).toEqual(without.final);
    expect(withRanges.final.some(workspaceCode)).toBe(true);

    // The first answer: the shown documents' own findings, all of them, and nothing from elsewhere in the file.
    const expected = withRanges.final.filter((d) => !workspaceCode(d) && d.range.start.line >= underShown.start && d.range.start.line <= underShown.end);
    expect(expected.length).toBeGreaterThan(0);
    expect(withRanges.first).toEqual(expected);
    expect(withRanges.first.length).toBeLessThan(without.first.length);
  }, 240_000);

  it('ignores a malformed notification', async () => {
    const client = await startLspTestClient({ pullDiagnostics: true, timeoutMs: 60_000 });
    try {
      await client.connection.sendNotification(visibleRangesMethod, { uri, ranges: [{ start: -1, end: 'x' }] });
      await client.open(uri, generatePolicies(3), 1);
      expect(Array.isArray(await client.pullDiagnostics(uri))).toBe(true);
      expect(client.isAlive()).toBe(true);
    } finally {
      await client.stop();
    }
  }, 120_000);
});
