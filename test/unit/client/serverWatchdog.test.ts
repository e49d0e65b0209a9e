// The client's hang detection: a server that stops answering meshlens/ping is restarted, once per hang, with a
// line in the output channel; a server that hangs again and again is restarted a bounded number of times.
// Fake timers drive the clock, so nothing here depends on the machine's speed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerWatchdog } from '../../../client/src/serverWatchdog';

const timing = { intervalMs: 1000, timeoutMs: 5000, maxRestarts: 2, windowMs: 60_000 };

function harness(answer: () => Promise<unknown>, running = () => true) {
  const lines: string[] = [];
  const restart = vi.fn(async () => {});
  const ping = vi.fn(answer);
  const watchdog = new ServerWatchdog({ ...timing, ping, restart, isRunning: running, log: (m) => lines.push(m), now: () => vi.getMockedSystemTime()!.getTime() });
  watchdog.start();
  return { watchdog, lines, restart, ping };
}

const never = () => new Promise<never>(() => {});

describe('ServerWatchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('leaves a server that answers alone', async () => {
    const { watchdog, restart, ping, lines } = harness(async () => ({ alive: true }));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(ping.mock.calls.length).toBeGreaterThanOrEqual(25);
    expect(restart).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    watchdog.dispose();
  });

  it('restarts a server that leaves a ping unanswered past the timeout, and says so in the log', async () => {
    let hung = true;
    const { watchdog, restart, ping, lines } = harness(() => (hung ? never() : Promise.resolve({ alive: true })));
    restart.mockImplementation(async () => { hung = false; });
    await vi.advanceTimersByTimeAsync(timing.intervalMs + timing.timeoutMs - 1);
    expect(restart).not.toHaveBeenCalled();
    // One ping outstanding at a time: no pile-up of requests on a stuck server.
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(lines[0]).toMatch(/has not answered for 5 s; restarting it/);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(restart).toHaveBeenCalledTimes(1);
    expect(lines).toHaveLength(2);
    watchdog.dispose();
  });

  it('restarts at most maxRestarts times per window, then says once that it stopped', async () => {
    const { watchdog, restart, lines } = harness(never);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(restart).toHaveBeenCalledTimes(timing.maxRestarts);
    expect(lines.filter((l) => l.includes('not restarting it again'))).toHaveLength(1);
    const logged = lines.length;
    await vi.advanceTimersByTimeAsync(200_000);
    expect(lines).toHaveLength(logged);
    // A manual restart gives the watchdog a new budget.
    watchdog.reset();
    await vi.advanceTimersByTimeAsync(timing.intervalMs + timing.timeoutMs);
    expect(restart).toHaveBeenCalledTimes(timing.maxRestarts + 1);
    watchdog.dispose();
  });

  it('does not treat a rejected ping (connection closing) or a stopped client as a hang', async () => {
    const rejected = harness(() => Promise.reject(new Error('connection got disposed')));
    const stopped = harness(never, () => false);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(rejected.restart).not.toHaveBeenCalled();
    expect(stopped.ping).not.toHaveBeenCalled();
    expect(stopped.restart).not.toHaveBeenCalled();
    rejected.watchdog.dispose();
    stopped.watchdog.dispose();
  });
});
