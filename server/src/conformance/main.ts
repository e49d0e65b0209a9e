// CLI entry of the conformance runner: `npm run conformance -- <corpus-dir> [--json FILE]`.
// Prints one line per category; exits 0 whenever it ran (thresholds are asserted by the tests).
import { writeFileSync } from 'node:fs';
import { runConformance } from './runConformance';
import { formatSummary } from './scoreConformance';
import { formatConnectivityLine, runConnectivity } from './connectivityRun';
import { formatDiffLine, runDiffCases } from './connectivityDiff';

const USAGE = 'usage: conformance <corpus-dir> [--json FILE]';

function main(argv: readonly string[]): number {
  let corpus: string | undefined;
  let jsonFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      jsonFile = argv[++i];
      if (!jsonFile) return usage('--json needs a file name');
    } else if (arg.startsWith('--json=')) {
      jsonFile = arg.slice('--json='.length);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      return usage(`unknown option ${arg}`);
    } else if (corpus === undefined) {
      corpus = arg;
    } else {
      return usage(`unexpected argument ${arg}`);
    }
  }
  if (corpus === undefined) return usage('missing corpus folder');
  let report;
  try {
    report = runConformance(corpus);
  } catch (error) {
    console.error(`conformance: cannot read ${corpus}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const lines = formatSummary(report.summary);
  const connectivity = runConnectivity(corpus);
  lines.push(formatConnectivityLine(connectivity));
  const diff = runDiffCases(corpus);
  lines.push(formatDiffLine(diff));
  for (const line of lines) console.log(line);
  if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ version: 1, ...report, connectivity, diff }, null, 2)}\n`);
  return 0;
}

function usage(problem: string): number {
  console.error(`conformance: ${problem}\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
