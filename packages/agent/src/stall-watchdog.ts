// A watchdog for a turn that may go silent: it fires once when no activity has been reported for
// `timeoutMs`. Activity only records a time; one timer re-arms itself for the quiet time left, so a
// stream of thousands of deltas costs no timer churn. The clock is injected for tests.

/** Time and timers, replaceable in tests. `now()` must not go backwards (a monotonic clock). */
export interface WatchdogClock {
  now(): number;
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemWatchdogClock: WatchdogClock = {
  now: () => performance.now(),
  setTimeout: (callback, milliseconds) => {
    // A watchdog never keeps the process alive on its own.
    const timer = setTimeout(callback, milliseconds);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface StallWatchdogOptions {
  /** How long the backend may stay silent before the turn counts as stalled (ms, > 0). */
  timeoutMs: number;
  /** Called once, with how long it has been quiet, when the timeout passes without activity. */
  onStall: (quietMs: number) => void;
  clock?: WatchdogClock;
}

export interface StallWatchdog {
  /** Something arrived from the backend: the quiet time starts again (and a pause ends). Ignored once stalled or stopped. */
  touch(): void;
  /** The caller is busy with what arrived (saving an image): its time is not the backend's silence, until the next `touch()`. */
  pause(): void;
  /** The turn ended: never fire. */
  stop(): void;
  readonly stalled: boolean;
}

export function createStallWatchdog(options: StallWatchdogOptions): StallWatchdog {
  const { timeoutMs, onStall } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`A stall timeout must be a positive number of milliseconds, not ${String(timeoutMs)}.`);
  const clock = options.clock ?? systemWatchdogClock;
  let lastActivity = clock.now();
  let state: 'watching' | 'stalled' | 'stopped' = 'watching';
  let paused = false;
  let handle: unknown;

  function check(): void {
    handle = undefined;
    if (state !== 'watching') return;
    if (paused) {
      handle = clock.setTimeout(check, timeoutMs);
      return;
    }
    const quiet = clock.now() - lastActivity;
    if (quiet >= timeoutMs) {
      state = 'stalled';
      onStall(quiet);
      return;
    }
    handle = clock.setTimeout(check, timeoutMs - quiet);
  }

  handle = clock.setTimeout(check, timeoutMs);
  return {
    touch() {
      if (state !== 'watching') return;
      paused = false;
      lastActivity = clock.now();
    },
    pause() {
      if (state === 'watching') paused = true;
    },
    stop() {
      if (state === 'watching') state = 'stopped';
      if (handle !== undefined) clock.clearTimeout(handle);
      handle = undefined;
    },
    get stalled() {
      return state === 'stalled';
    },
  };
}
