// Runs every connectivity case of a corpus folder (connectivity/: netpol-analyzer connlist directories,
// cyclonus probe and query-traffic directories, policy-verdicts/v1 files) and tallies them. The only IO of the connectivity
// runner lives here; scoring is pure (connectivityConnlist/Cyclonus/PolicyVerdicts.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { scoreConnlist } from './connectivityConnlist';
import { scoreCyclonusProbe, scoreCyclonusQueryTraffic } from './connectivityCyclonus';
import { scorePolicyVerdicts, type ConnectivityCaseResult } from './connectivityPolicyVerdicts';

export interface ConnectivityReport {
  readonly passed: number;
  readonly failed: number;
  readonly cases: readonly ConnectivityCaseResult[];
}

export function runConnectivity(corpusDir: string): ConnectivityReport {
  const folder = path.join(corpusDir, 'connectivity');
  if (!existsSync(folder)) return { passed: 0, failed: 0, cases: [] };
  const cases: ConnectivityCaseResult[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const full = path.join(folder, entry);
    cases.push(guarded(entry, () => scoreEntry(entry, full)));
  }
  const passed = cases.filter((c) => c.passed).length;
  return { passed, failed: cases.length - passed, cases };
}

/** `connectivity: N passed, M failed`, the line the conformance runner prints. */
export function formatConnectivityLine(report: ConnectivityReport): string {
  return `connectivity: ${report.passed} passed, ${report.failed} failed`;
}

function scoreEntry(entry: string, full: string): ConnectivityCaseResult {
  if (statSync(full).isFile()) return scorePolicyVerdicts(entry, readFileSync(full, 'utf8'));
  const input = path.join(full, 'input');
  const expected = path.join(full, 'expected');
  if (existsSync(path.join(input, 'probe.json'))) {
    const policyDir = path.join(input, 'policies');
    return scoreCyclonusProbe({
      name: entry,
      probeJson: readFileSync(path.join(input, 'probe.json'), 'utf8'),
      policies: filesUnder(policyDir).map((file) => ({ file, text: readFileSync(file, 'utf8') })),
      expected: readFileSync(path.join(expected, 'analyze-probe.txt'), 'utf8'),
    });
  }
  if (existsSync(path.join(input, 'traffic.json'))) {
    return scoreCyclonusQueryTraffic({
      name: entry,
      trafficJson: readFileSync(path.join(input, 'traffic.json'), 'utf8'),
      policies: filesUnder(path.join(input, 'policies')).map((file) => ({ file, text: readFileSync(file, 'utf8') })),
      expected: readFileSync(path.join(expected, 'analyze-query-traffic.txt'), 'utf8'),
    });
  }
  const connlist = readdirSync(expected).find((f) => f.endsWith('_connlist_output.txt'));
  if (!connlist) return { name: entry, format: 'connlist', passed: false, checked: 0, mismatches: ['no supported expected output'] };
  return scoreConnlist({
    name: entry,
    files: filesUnder(input).map((file) => ({ file: path.relative(full, file), text: readFileSync(file, 'utf8') })),
    expected: readFileSync(path.join(expected, connlist), 'utf8'),
  });
}

export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const full = path.join(dir, f);
      return statSync(full).isDirectory() ? filesUnder(full) : /\.(ya?ml|json)$/i.test(f) ? [full] : [];
    });
}

/** A case that throws fails visibly instead of stopping the run. */
function guarded(name: string, run: () => ConnectivityCaseResult): ConnectivityCaseResult {
  try {
    return run();
  } catch (error) {
    return { name, format: 'connlist', passed: false, checked: 0, mismatches: [`threw: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
