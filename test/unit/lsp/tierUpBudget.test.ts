// The server raises V8's tier-up threshold before its analysis worker starts (lsp/tierUpBudget.ts): the flag must be
// one this V8 knows (an unknown one is only complained about on stderr and does nothing), and the server's entry
// must set it before it starts the worker thread, whose isolate reads it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tierUpFlag } from '../../../server/src/lsp/tierUpBudget';

describe("the server's tier-up budget", () => {
  it('is four times the bytecode budget up to V8 11 and three times the invocation count from V8 12', () => {
    expect(tierUpFlag('11.3.244.8-node.38')).toBe('--interrupt-budget=270336');
    expect(tierUpFlag('12.4.254.21-node.33')).toBe('--invocation-count-for-turbofan=9000');
    expect(tierUpFlag('13.6.233.10-node.18')).toBe('--invocation-count-for-turbofan=9000');
  });

  it("names a flag this Node's V8 has", () => {
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    const name = tierUpFlag(process.versions.v8).split('=')[0];
    expect(options).toMatch(new RegExp(`^\\s+${name} \\(`, 'm'));
  });

  it("is set by the server's entry before anything else, so before the worker thread starts", () => {
    const entry = readFileSync(resolve(__dirname, '../../../server/src/server.ts'), 'utf8');
    const imports = [...entry.matchAll(/^import (?:.* from )?'([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.slice(0, 2)).toEqual(['./lsp/tierUpBudget', './lsp/startWorkerEarly']);
  });
});
