// Summarises a V8 .cpuprofile (from `node --cpu-prof`) of an esbuild bundle: self time per function, with
// the source file esbuild noted above each module (`// server/src/...ts`), so a profile reads in repo terms.
// Samples taken inside the inspector's own calls (the bench starting and stopping the profiler through
// `node:inspector`'s post, e.g. V8 logging every compiled function on Profiler.start) are not the measured code:
// they are left out of the shares and their total printed on its own line.
import fs from 'node:fs';

export function summariseProfile(profilePath, top = 25) {
  const profile = JSON.parse(fs.readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n);
  const inProfilerCall = new Map();
  const isProfilerCall = (node) => {
    if (!node) return false;
    let known = inProfilerCall.get(node);
    if (known === undefined) {
      known = node.callFrame.url === 'node:inspector' || isProfilerCall(parentOf.get(node.id));
      inProfilerCall.set(node, known);
    }
    return known;
  };
  const self = new Map();
  let profilerUs = 0;
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (isProfilerCall(node)) profilerUs += dt[i] ?? 0;
    else self.set(node, (self.get(node) ?? 0) + (dt[i] ?? 0));
  }
  const bundles = new Map();
  const moduleOf = (url, line) => {
    if (!url.startsWith('file://')) return url || '(native)';
    let marks = bundles.get(url);
    if (!marks) {
      marks = [];
      const lines = fs.readFileSync(new URL(url), 'utf8').split('\n');
      lines.forEach((l, i) => {
        const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(l);
        if (m) marks.push([i, m[1]]);
      });
      bundles.set(url, marks);
    }
    let found = url.split('/').pop();
    for (const [at, file] of marks) if (at <= line) found = file; else break;
    return found;
  };
  const totals = new Map();
  let all = 0;
  for (const [node, us] of self) {
    all += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}  ${moduleOf(url, lineNumber)}`;
    totals.set(key, (totals.get(key) ?? 0) + us);
  }
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { totalMs: all / 1000, profilerMs: profilerUs / 1000, rows: rows.map(([name, us]) => ({ ms: us / 1000, share: us / all, name })) };
}

export function printProfile(profilePath, top) {
  const { totalMs, profilerMs, rows } = summariseProfile(profilePath, top);
  const leftOut = profilerMs > 0 ? ` (${profilerMs.toFixed(0)} ms inside the profiler's own start/stop calls left out)` : '';
  console.log(`  CPU profile ${profilePath}: ${totalMs.toFixed(0)} ms sampled${leftOut}; self time by function:`);
  for (const r of rows) console.log(`  ${r.ms.toFixed(0).padStart(7)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.name}`);
}

if (process.argv[1] && process.argv[1].endsWith('profileSummary.mjs')) printProfile(process.argv[2], Number(process.argv[3] ?? 25));
