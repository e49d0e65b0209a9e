// Imported first by the server's entry (server.ts), for its side effect: V8 flags are process-wide, and the analysis
// worker's isolate must start with this one. V8 hands a function to its optimising compiler (TurboFan, on V8's
// background threads) once it has run long enough. Opening a large policy file runs each analysis function over
// thousands of documents, once: with V8's default threshold about half of the server's CPU from didOpen to the
// settled diagnostics went to compiling them (5,000 documents, Node 20: ~600 of ~1,150 ms on V8's threads, the worker
// thread ~510 ms), much of it for code that had little left to run. Three times the default threshold roughly halves
// that compile work while the worker thread runs about as long (bench/openLsp.mjs: server CPU ~1,150 → ~850 ms).
// Functions that stay hot are still optimised, only later, so a long session runs the same code.
import { setFlagsFromString } from 'node:v8';

/** How many times V8's default threshold a function runs before it is optimised. */
export const TIER_UP_FACTOR = 3;

/**
 * The flag for this V8: up to V8 11 the threshold is a bytecode budget (`--interrupt-budget`, default 66 KiB); from
 * V8 12 a count of invocations (`--invocation-count-for-turbofan`, default 3000; the budget is that times the
 * function's size). An unknown flag is only complained about on stderr, so the wrong one would do nothing.
 */
export function tierUpFlag(v8Version: string): string {
  const major = Number(v8Version.split('.')[0]);
  return major >= 12 ? `--invocation-count-for-turbofan=${TIER_UP_FACTOR * 3000}` : `--interrupt-budget=${TIER_UP_FACTOR * 66 * 1024}`;
}

setFlagsFromString(tierUpFlag(process.versions.v8));
