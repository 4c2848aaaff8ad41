import { describe, expect, it } from 'vitest';

import { createManualClock } from './__fixtures__/manual-clock.ts';
import { createStallWatchdog } from './stall-watchdog.ts';

describe('stall watchdog', () => {
  it('fires once when the backend has been silent for the whole timeout', () => {
    const clock = createManualClock();
    const stalls: number[] = [];
    const watchdog = createStallWatchdog({ timeoutMs: 120_000, clock, onStall: (quiet) => stalls.push(quiet) });
    clock.advance(119_999);
    expect(stalls).toEqual([]);
    expect(watchdog.stalled).toBe(false);
    clock.advance(1);
    expect(stalls).toEqual([120_000]);
    expect(watchdog.stalled).toBe(true);
    clock.advance(600_000);
    expect(stalls).toHaveLength(1);
  });

  it('counts the silence from the last activity, not from the start', () => {
    const clock = createManualClock();
    let stalledAt: number | undefined;
    const watchdog = createStallWatchdog({ timeoutMs: 120_000, clock, onStall: () => (stalledAt = clock.now()) });
    clock.advance(100_000);
    watchdog.touch();
    clock.advance(100_000);
    watchdog.touch();
    clock.advance(119_000);
    expect(stalledAt).toBeUndefined();
    clock.advance(1_000);
    expect(stalledAt).toBe(320_000);
  });

  it('keeps one timer however much activity streams in', () => {
    const clock = createManualClock();
    const watchdog = createStallWatchdog({ timeoutMs: 120_000, clock, onStall: () => undefined });
    for (let step = 0; step < 10_000; step += 1) {
      clock.advance(10);
      watchdog.touch();
    }
    // 100 s of deltas every 10 ms: the first timer, nothing re-armed yet.
    expect(clock.timersArmed).toBe(1);
    clock.advance(30_000);
    expect(clock.timersArmed).toBe(2);
    expect(clock.pendingTimers).toBe(1);
    expect(watchdog.stalled).toBe(false);
  });

  it('never fires after stop, and ignores activity once stalled', () => {
    const clock = createManualClock();
    let fired = 0;
    const stopped = createStallWatchdog({ timeoutMs: 1_000, clock, onStall: () => (fired += 1) });
    stopped.stop();
    clock.advance(5_000);
    expect(fired).toBe(0);
    expect(clock.pendingTimers).toBe(0);

    const stalled = createStallWatchdog({ timeoutMs: 1_000, clock, onStall: () => (fired += 1) });
    clock.advance(1_000);
    stalled.touch();
    clock.advance(5_000);
    expect(fired).toBe(1);
    expect(stalled.stalled).toBe(true);
  });

  it('refuses a timeout that is not a positive number', () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createStallWatchdog({ timeoutMs, onStall: () => undefined, clock: createManualClock() })).toThrow(RangeError);
    }
  });
});

describe('stall watchdog while the caller is busy', () => {
  it('does not count a pause as silence; the next activity starts the count again', () => {
    const clock = createManualClock();
    let fired = 0;
    const watchdog = createStallWatchdog({ timeoutMs: 120_000, clock, onStall: () => (fired += 1) });
    clock.advance(60_000);
    watchdog.pause();
    clock.advance(600_000);
    expect(fired).toBe(0);
    watchdog.touch();
    clock.advance(119_999);
    expect(fired).toBe(0);
    clock.advance(1);
    expect(fired).toBe(1);
  });
});
