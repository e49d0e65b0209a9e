// The fast path for document values against the yaml library, same run, alternating: over the generated policy
// file of the open bench (bench/generatePolicies.ts), splitDocuments + readBlockYamlValue per chunk versus
// splitDocuments + the yaml library's Parser + Composer + toJS per chunk (what parseYamlChunk runs for a value).
// Declined chunks are read by the library inside the fast path's time, as the caller would.
//   node bench/blockYamlValue.mjs [documents, default 5000] [--runs=7]
import { createRequire } from 'node:module';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { bundleBenchModule } from './runInFreshProcess.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '7' } } });
const documents = Number(positionals[0] ?? 5000);
const runs = Number(values.runs);

const bundle = await bundleBenchModule(
  'blockYamlValue',
  "export { generatePolicies } from './bench/generatePolicies'; export { splitDocuments } from './server/src/analysis/yaml/parseYamlDocuments'; export { readBlockYamlValue, DECLINED } from './server/src/analysis/yaml/blockYamlValue'; export { Composer, Parser } from 'yaml';",
);
const { generatePolicies, splitDocuments, readBlockYamlValue, DECLINED, Composer, Parser } = createRequire(import.meta.url)(bundle);
const load = (when) => console.log(`machine load ${when}: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

function libraryValue(text) {
  const composer = new Composer({ uniqueKeys: true, prettyErrors: false, keepSourceTokens: false });
  let value;
  for (const doc of composer.compose(new Parser().parse(text), true, text.length)) {
    value = doc.toJS({ maxAliasCount: 100 });
    break;
  }
  return value;
}

/** Returns how many chunks the reader declined (read by the library instead). */
function fastPath(text) {
  let declined = 0;
  for (const chunk of splitDocuments(text)) {
    if (readBlockYamlValue(chunk.text) === DECLINED) {
      declined += 1;
      libraryValue(chunk.text);
    }
  }
  return declined;
}

function library(text) {
  for (const chunk of splitDocuments(text)) libraryValue(chunk.text);
}

/** Wall and CPU milliseconds of one call. */
function timed(run) {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = run();
  const wall = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, result };
}

load('before');
const text = generatePolicies(documents);
// Warm both paths (JIT) on a smaller file first.
const warm = generatePolicies(500);
for (let i = 0; i < 3; i++) {
  fastPath(warm);
  library(warm);
}
console.log(`document values, ${documents} documents (${(text.length / 1e6).toFixed(1)} MB), ${runs} runs alternating, Node ${process.version}`);
const fast = [];
const slow = [];
let declined = 0;
for (let r = 0; r < runs; r++) {
  const a = timed(() => fastPath(text));
  declined = a.result;
  const b = timed(() => library(text));
  fast.push(a);
  slow.push(b);
  console.log(`  run ${r + 1}: readBlockYamlValue ${a.wall.toFixed(0)} ms (CPU ${a.cpu.toFixed(0)})   yaml Parser+Composer+toJS ${b.wall.toFixed(0)} ms (CPU ${b.cpu.toFixed(0)})   ratio ${(a.wall / b.wall).toFixed(3)}`);
}
const fastWall = median(fast.map((x) => x.wall));
const slowWall = median(slow.map((x) => x.wall));
const fastCpu = median(fast.map((x) => x.cpu));
const slowCpu = median(slow.map((x) => x.cpu));
console.log(`median: splitDocuments + readBlockYamlValue ${fastWall.toFixed(0)} ms (CPU ${fastCpu.toFixed(0)}), declined ${declined}/${splitDocuments(text).length} chunks`);
console.log(`median: splitDocuments + yaml Parser+Composer+toJS ${slowWall.toFixed(0)} ms (CPU ${slowCpu.toFixed(0)})`);
console.log(`ratio (target <= 0.15): wall ${(fastWall / slowWall).toFixed(3)}, CPU ${(fastCpu / slowCpu).toFixed(3)}`);
load('after');
