// An image in flight: a shimmering placeholder (or the latest partial frame, blurred and
// dimmed), "Generating image…", the elapsed time, and Cancel when the host can cancel.
import type { GeneratingImage } from '../chat-types.ts';
import { SparkleIcon, SpinnerIcon } from '../icons/icons.tsx';
import { formatElapsed, useElapsedSeconds } from './use-elapsed-seconds.ts';

export interface GeneratingIndicatorProps {
  image: GeneratingImage;
  onCancel?: (() => void) | undefined;
  /** The clock, injectable for tests and stories. */
  now?: (() => number) | undefined;
}

export function GeneratingIndicator({ image, onCancel, now = Date.now }: GeneratingIndicatorProps) {
  const seconds = useElapsedSeconds(image.startedAt, now);
  const hasPartial = image.partialUrl !== undefined;
  return (
    <div className="forge-generating" aria-busy="true" data-partial={hasPartial || undefined}>
      <div className="forge-generating__preview">
        {hasPartial ? (
          <img className="forge-generating__partial" src={image.partialUrl} alt="Partial preview" draggable={false} />
        ) : (
          <span className="forge-generating__placeholder">
            <SparkleIcon size={28} />
          </span>
        )}
      </div>
      <div className="forge-generating__status">
        <SpinnerIcon />
        <span className="forge-generating__label" role="status">
          Generating image…
        </span>
        <span className="forge-generating__elapsed" title="Elapsed time">
          {formatElapsed(seconds)}
        </span>
        {onCancel !== undefined && (
          <button type="button" className="forge-button forge-button--small forge-generating__cancel" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p className="forge-generating__prompt" title={image.prompt}>
        {image.prompt}
      </p>
    </div>
  );
}
