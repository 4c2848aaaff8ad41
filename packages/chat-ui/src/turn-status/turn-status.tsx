// The line under a reply being written: "Thinking… 3 s" from the first second (or Codex's
// reconnect note instead of "Thinking…"), so a slow turn never looks like a dead one. The
// elapsed time comes from the same clock as an image's; the reply hides this line while an
// image shows its own, so there is one clock on screen.
import { formatElapsed, useElapsedSeconds } from '../generating-indicator/use-elapsed-seconds.ts';
import { SpinnerIcon } from '../icons/icons.tsx';

export interface TurnStatusProps {
  /** When the assistant started (ms since the epoch); without it, when this line appeared. */
  startedAt?: number | undefined;
  /** A passing note that replaces "Thinking…", e.g. "Connection lost. Reconnecting… (attempt 2 of 5)". */
  status?: string | undefined;
  /** Show the elapsed time (default); off while an image in the reply shows its own. */
  elapsed?: boolean | undefined;
  /** The clock, injectable for tests and stories. */
  now?: (() => number) | undefined;
}

export function TurnStatus({ startedAt, status, elapsed = true, now = Date.now }: TurnStatusProps) {
  const seconds = useElapsedSeconds(startedAt, now);
  const reconnecting = status !== undefined;
  return (
    <div className="forge-turn-status" data-reconnecting={reconnecting || undefined}>
      {reconnecting ? <span className="forge-turn-status__dot" aria-hidden="true" /> : <SpinnerIcon />}
      <span className="forge-turn-status__label" role="status">
        {status ?? 'Thinking…'}
      </span>
      {elapsed && (
        <>
          {' '}
          <span className="forge-turn-status__elapsed" title="Elapsed time">
            {formatElapsed(seconds)}
          </span>
        </>
      )}
    </div>
  );
}
