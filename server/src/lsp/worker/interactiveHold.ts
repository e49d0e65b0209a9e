// Background work gives way while the user is pointing and typing: hover and completion come in bursts (the
// mouse moves, a completion list filters), each answered in well under a millisecond from the current snapshot,
// but one that arrives during a step of the settle pass waits for that step, and for the scavenges the pass's
// allocations cause (tens of milliseconds on a 5,000-document file). So the settle pass does not run until the
// interactive requests have been quiet for a moment; it is held at most a bounded time in a row, so a client that
// never stops asking still gets its settled diagnostics.

/** Quiet time after the last hover or completion before the settle pass goes on. */
export const INTERACTIVE_QUIET_MS = 50;
/** The longest the settle pass is held in a row; then one slice runs before it can be held again. */
export const MAX_HOLD_MS = 300;

export class InteractiveHold {
  private lastRequest = Number.NEGATIVE_INFINITY;
  private heldSince: number | undefined;

  constructor(
    private readonly quietMs = INTERACTIVE_QUIET_MS,
    private readonly maxHoldMs = MAX_HOLD_MS,
  ) {}

  /** A request the user waits on (hover, completion) arrived at `at`. */
  noteRequest(at: number): void {
    this.lastRequest = at;
  }

  /** How long background work should still wait now; 0: run a slice now. The clock is read only after a request. */
  waitAt(now: () => number): number {
    if (this.lastRequest === Number.NEGATIVE_INFINITY) return 0;
    const at = now();
    const quietLeft = this.lastRequest + this.quietMs - at;
    if (quietLeft <= 0) {
      this.heldSince = undefined;
      return 0;
    }
    this.heldSince ??= at;
    const holdLeft = this.heldSince + this.maxHoldMs - at;
    if (holdLeft <= 0) {
      // Held long enough: this slice runs, and a new hold may start after it.
      this.heldSince = undefined;
      return 0;
    }
    return Math.min(quietLeft, holdLeft);
  }
}
