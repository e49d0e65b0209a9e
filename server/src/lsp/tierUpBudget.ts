// Imported first by the server's entry (server.ts), for its side effect: V8 flags are process-wide, and the analysis
// worker's isolate must start with this one. V8 hands a function to its optimising compiler (TurboFan, on V8's
// background threads) once it has run long enough. Opening a large policy file runs each analysis function over
// thousands of documents, once: with V8's default threshold about half of the server's CPU from didOpen to the
// settled diagnostics went to compiling them (5,000 documents, Node 20: ~600 of ~1,150 ms on V8's threads, the worker
// thread ~510 ms), much of it for code that had little left to run. A few times the default threshold cuts that
// compile work by more than half while the worker thread runs about as long (bench/openLsp.mjs: server CPU ~1,150 →
// ~800 ms on Node 20, ~930 → ~770 ms on Node 22). Functions that stay hot are still optimised, only later, so a long
// session runs the same code.
import { setFlagsFromString } from 'node:v8';

/**
 * The flag for this V8, and how many times its default it is (each the lowest CPU of an open measured without the
 * worker thread's own time growing). Up to V8 11 the threshold is a bytecode budget (`--interrupt-budget`, default
 * 66 KiB): four times. From V8 12 it is a count of invocations (`--invocation-count-for-turbofan`, default 3000; the
 * budget is that times the function's size): three times, as four made the worker thread itself slower to the first
 * answer there. An unknown flag is only complained about on stderr and does nothing, so the version decides.
 */
export function tierUpFlag(v8Version: string): string {
  const major = Number(v8Version.split('.')[0]);
  return major >= 12 ? `--invocation-count-for-turbofan=${3 * 3000}` : `--interrupt-budget=${4 * 66 * 1024}`;
}

setFlagsFromString(tierUpFlag(process.versions.v8));
