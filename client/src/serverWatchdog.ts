// Detects a language server that stopped answering (a stuck thread does not exit, so the client's own restart
// on exit never fires): every `intervalMs` it sends `meshlens/ping`, which the server answers without touching
// any analysis; no answer within `timeoutMs` → one line in the output channel and a restart. Restarts are
// rate-limited (at most `maxRestarts` per `windowMs`); past that it says so once and waits for a manual restart,
// so a server that hangs on every start gives a few log lines, never a storm of popups. No `vscode` import.

export interface WatchdogOptions {
  /** Sends `meshlens/ping`; resolves when the server answers. */
  readonly ping: () => Promise<unknown>;
  /** Stops the unresponsive server (killing it if it ignores shutdown) and starts a new one. */
  readonly restart: () => Promise<void>;
  /** Whether the client is running (no ping while it starts or stops). */
  readonly isRunning: () => boolean;
  /** A line in the meshlens output channel. */
  readonly log: (message: string) => void;
  readonly now: () => number;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly maxRestarts: number;
  readonly windowMs: number;
}

export const defaultWatchdogTiming = {
  intervalMs: 15_000,
  /** Long enough for a slow first analysis on a busy machine; a healthy server answers a ping in milliseconds. */
  timeoutMs: 30_000,
  maxRestarts: 3,
  windowMs: 10 * 60_000,
} as const;

export class ServerWatchdog {
  private tick: ReturnType<typeof setInterval> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private waiting = false;
  private restarting = false;
  private restarts: number[] = [];
  private gaveUp = false;

  constructor(private readonly options: WatchdogOptions) {}

  start(): void {
    if (this.tick === undefined) this.tick = setInterval(() => this.probe(), this.options.intervalMs);
  }

  /** After a manual restart: the restart budget is new. */
  reset(): void {
    this.restarts = [];
    this.gaveUp = false;
  }

  dispose(): void {
    if (this.tick !== undefined) clearInterval(this.tick);
    if (this.deadline !== undefined) clearTimeout(this.deadline);
    this.tick = undefined;
    this.deadline = undefined;
  }

  private probe(): void {
    if (this.waiting || this.restarting || this.gaveUp || !this.options.isRunning()) return;
    this.waiting = true;
    let answered = false;
    this.deadline = setTimeout(() => {
      this.deadline = undefined;
      if (!answered) void this.unresponsive();
    }, this.options.timeoutMs);
    this.options.ping().then(
      () => this.settle(() => (answered = true)),
      // A rejected ping (connection closed, server restarting) is not a hang: the client's exit handling owns that.
      () => this.settle(() => (answered = true)),
    );
  }

  private settle(mark: () => void): void {
    mark();
    if (this.deadline !== undefined) clearTimeout(this.deadline);
    this.deadline = undefined;
    this.waiting = false;
  }

  private async unresponsive(): Promise<void> {
    const seconds = Math.round(this.options.timeoutMs / 1000);
    const now = this.options.now();
    this.restarts = this.restarts.filter((t) => now - t < this.options.windowMs);
    if (this.restarts.length >= this.options.maxRestarts) {
      this.gaveUp = true;
      this.waiting = false;
      this.options.log(`[watchdog] the meshlens language server has not answered for ${seconds} s again, after ${this.restarts.length} restarts in ${Math.round(this.options.windowMs / 60_000)} min; not restarting it again. Run "meshlens: Restart Language Server" once the cause (a file it cannot analyse?) is closed.`);
      return;
    }
    this.restarts.push(now);
    this.restarting = true;
    this.options.log(`[watchdog] the meshlens language server has not answered for ${seconds} s; restarting it (restart ${this.restarts.length} of at most ${this.options.maxRestarts} per ${Math.round(this.options.windowMs / 60_000)} min).`);
    try {
      await this.options.restart();
      this.options.log('[watchdog] the meshlens language server was restarted.');
    } catch (error) {
      this.options.log(`[watchdog] restarting the meshlens language server failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.restarting = false;
      this.waiting = false;
    }
  }
}
