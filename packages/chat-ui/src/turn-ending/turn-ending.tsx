// The foot of a reply that ended early or badly: "Stopped" or "Interrupted" (what was written
// stays above it), and Retry, which sends the same request again as a new reply. A failed reply
// shows only Retry: its error notice above says what went wrong.
import { AlertIcon, RetryIcon, StopIcon } from '../icons/icons.tsx';
import type { TurnEndingKind } from './turn-ending-of.ts';

export interface TurnEndingProps {
  ending: TurnEndingKind;
  /** Shown as Retry when given. */
  onRetry?: (() => void) | undefined;
}

const labels: Record<Exclude<TurnEndingKind, 'failed'>, { text: string; title: string }> = {
  stopped: { text: 'Stopped', title: 'You stopped this reply. What was written so far is kept.' },
  interrupted: { text: 'Interrupted', title: 'Forge closed before this reply finished. What was written so far is kept.' },
};

export function TurnEnding({ ending, onRetry }: TurnEndingProps) {
  const label = ending === 'failed' ? undefined : labels[ending];
  if (label === undefined && onRetry === undefined) return null;
  return (
    <div className="forge-turn-ending" data-ending={ending}>
      {label !== undefined && (
        <span className="forge-turn-ending__label" title={label.title}>
          {ending === 'stopped' ? <StopIcon /> : <AlertIcon />}
          {label.text}
        </span>
      )}
      {onRetry !== undefined && (
        <button type="button" className="forge-button forge-button--small forge-turn-ending__retry" onClick={onRetry}>
          <RetryIcon />
          Retry
        </button>
      )}
    </div>
  );
}
