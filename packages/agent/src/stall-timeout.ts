// Makes every turn end. Runs a backend's turn under a stall watchdog: any event or reported
// activity (a stream chunk, a Codex notification, a reconnect note) resets it; when the backend
// stays silent for the timeout, the turn ends with a `timeout` failure and the backend's own
// work is aborted through its signal. A cancelled turn that does not wind down in time is ended
// too. Whatever the backend says afterwards never reaches the caller; the turn's stream closes
// once the backend has wound down, or after a few seconds if it does not.
import type { AgentBackend, AgentTurnEvent, RunTurnOptions } from './agent-backend-spec.ts';
import { AgentError } from './agent-error.ts';
import { createStallWatchdog, systemWatchdogClock, type WatchdogClock } from './stall-watchdog.ts';

/** How long a backend may stay silent mid-turn before the turn fails (two minutes). */
export const defaultStallTimeoutMs = 120_000;

export interface StallTimeoutOptions {
  /** Silence (ms) after which the turn fails with `timeout`; default two minutes. */
  stallTimeoutMs?: number;
  /** How long a cancelled turn may take to end on its own before it is ended anyway (default 10 s). */
  cancelGraceMs?: number;
  /**
   * After the turn was ended from outside, how long to wait for the backend to wind down (Codex
   * interrupting its turn) before giving up on it, so the next turn of the thread finds it idle (default 5 s).
   */
  windDownMs?: number;
  clock?: WatchdogClock;
}

/** "2 minutes", "90 seconds", "1 second": the timeout as a person says it. */
export function describeStallTimeout(milliseconds: number): string {
  if (milliseconds >= 60_000 && milliseconds % 60_000 === 0) {
    const minutes = milliseconds / 60_000;
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const seconds = Math.max(1, Math.round(milliseconds / 1000));
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

export function stallTimeoutError(milliseconds: number): AgentError {
  return new AgentError({
    code: 'timeout',
    message: `The model stopped answering for ${describeStallTimeout(milliseconds)}, so Forge ended the turn. Retry, or check the connection.`,
    retryable: true,
  });
}

type Settled = { kind: 'event'; result: IteratorResult<AgentTurnEvent> } | { kind: 'forced'; event: AgentTurnEvent };

/** `backend.runTurn(turn)`, guaranteed to end: with the backend's own last event, or `timeout` / `cancelled`. */
export async function* runTurnWithStallTimeout(backend: AgentBackend, turn: RunTurnOptions, options: StallTimeoutOptions = {}): AsyncGenerator<AgentTurnEvent> {
  const timeoutMs = options.stallTimeoutMs ?? defaultStallTimeoutMs;
  const clock = options.clock ?? systemWatchdogClock;
  const inner = new AbortController();
  let force: (event: AgentTurnEvent) => void = () => undefined;
  const forced = new Promise<Settled>((resolve) => {
    force = (event) => resolve({ kind: 'forced', event });
  });
  const watchdog = createStallWatchdog({
    timeoutMs,
    clock,
    onStall: () => {
      const error = stallTimeoutError(timeoutMs);
      force({ type: 'turn-failed', error });
      inner.abort(error);
    },
  });
  let graceTimer: unknown;
  const onCancel = (): void => {
    inner.abort(turn.abortSignal?.reason);
    watchdog.stop();
    graceTimer ??= clock.setTimeout(
      () => force({ type: 'turn-failed', error: new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' }) }),
      options.cancelGraceMs ?? 10_000,
    );
  };
  if (turn.abortSignal?.aborted === true) onCancel();
  else turn.abortSignal?.addEventListener('abort', onCancel, { once: true });

  const events = backend.runTurn({
    ...turn,
    abortSignal: inner.signal,
    onActivity: () => {
      watchdog.touch();
      turn.onActivity?.();
    },
  });
  const iterator = events[Symbol.asyncIterator]();
  let drained = false;
  try {
    for (;;) {
      const settled = await Promise.race([iterator.next().then((result): Settled => ({ kind: 'event', result })), forced]);
      if (settled.kind === 'forced') {
        yield settled.event;
        return;
      }
      if (settled.result.done === true) {
        drained = true;
        return;
      }
      // Time the caller spends on the event (saving an image) is not the backend's silence.
      watchdog.pause();
      yield settled.result.value;
      watchdog.touch();
    }
  } finally {
    watchdog.stop();
    if (graceTimer !== undefined) clock.clearTimeout(graceTimer);
    turn.abortSignal?.removeEventListener('abort', onCancel);
    // The backend was cut off (or the caller left): it winds down out of sight, for a bounded time.
    if (!drained) {
      inner.abort(new AgentError({ code: 'cancelled', message: 'The turn was ended.' }));
      let timer: unknown;
      await Promise.race([
        Promise.resolve(iterator.return?.(undefined)).then(
          () => undefined,
          () => undefined,
        ),
        new Promise<void>((resolve) => {
          timer = clock.setTimeout(resolve, options.windDownMs ?? 5_000);
        }),
      ]);
      clock.clearTimeout(timer);
    }
  }
}
