// Where an edit's time goes (`npm run bench` full mode calls it; or `node bench/editProfile.mjs [docs]`): drives the
// analysis worker's service in-process (bench/serviceDriver.ts: open a generated file, type 30 characters, pulling
// diagnostics after each), with a V8 CPU profile of the edits only, and prints self time by function.
import { bundleBenchModule, repoRoot } from './runInFreshProcess.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import path from 'node:path';
import { printProfile } from './profileSummary.mjs';

export async function runEditProfile(count = 5000) {
  const bundle = await bundleBenchModule('editProfile', `export { driveService } from './bench/serviceDriver';`);
  const { driveService } = createRequire(import.meta.url)(bundle);
  const session = new inspector.Session();
  session.connect();
  const out = path.join(repoRoot, 'dist', 'profiles', `edits-${count}.cpuprofile`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const figures = await driveService(count, 30, 0, {
    beforeEdits: async () => {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    afterEdits: async () => {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(out, JSON.stringify(profile));
    },
  });
  session.disconnect();
  const sorted = [...figures.editMs].sort((a, b) => a - b);
  console.log(`\nedit profile, ${count} documents in-process: edit→diagnostics median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms (CPU profile of the 30 edits)`);
  printProfile(out, 15);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runEditProfile(Number(process.argv[2] ?? 5000));
