// A clock for watchdog tests: time moves only when the test says so, and timers fire in order.
import type { WatchdogClock } from '../stall-watchdog.ts';

export interface ManualClock extends WatchdogClock {
  /** Moves time forward, firing every timer that falls due on the way. */
  advance(milliseconds: number): void;
  /** Timers armed so far (to check the watchdog does not churn them). */
  readonly timersArmed: number;
  readonly pendingTimers: number;
}

export function createManualClock(start = 0): ManualClock {
  let now = start;
  let nextId = 0;
  let armed = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, milliseconds) {
      nextId += 1;
      armed += 1;
      timers.set(nextId, { at: now + milliseconds, callback });
      return nextId;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(milliseconds) {
      const target = now + milliseconds;
      for (;;) {
        const due = [...timers.entries()].filter(([, timer]) => timer.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = target;
    },
    get timersArmed() {
      return armed;
    },
    get pendingTimers() {
      return timers.size;
    },
  };
}
