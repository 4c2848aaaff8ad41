// The host's events, applied to the page in the order they came. A finished image's message
// brings its thumbnail's bytes: it waits (briefly) for that picture to be decoded, so the
// message is laid out with its picture drawn in the same frame rather than an empty box first
// and the picture a frame or two later. Events behind a waiting one wait their turn.

export interface OrderedEventsOptions {
  /** The longest an event waits for its picture; then it goes without (the picture is drawn when ready). */
  maxWaitMs: number;
  /** Told when applying an event that had waited throws (one applied at once throws to its sender). */
  onError: (error: unknown) => void;
}

/**
 * Returns `deliver(event, picture?)`: applies `event` at once unless an earlier event still
 * waits; with `picture` (a decode under way) it waits for that to settle, at most `maxWaitMs`.
 * A failed decode does not hold the event, nor does an `apply` that throws hold the ones after it.
 */
export function orderedEvents<Event>(apply: (event: Event) => void, options: OrderedEventsOptions): (event: Event, picture?: Promise<unknown>) => void {
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  return (event, picture) => {
    if (picture === undefined && waiting === 0) {
      apply(event);
      return;
    }
    waiting += 1;
    const settled = picture === undefined ? undefined : settledWithin(picture, options.maxWaitMs);
    queue = queue
      .then(() => settled)
      .then(() => {
        waiting -= 1;
        try {
          apply(event);
        } catch (error) {
          options.onError(error);
        }
      });
  };
}

/** Settles when `picture` does, or after `ms`, whichever comes first; never rejects. */
function settledWithin(picture: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((done) => (timer = setTimeout(done, ms)));
  return Promise.race([picture.then(noop, noop), late]).finally(() => clearTimeout(timer));
}

function noop(): void {
  // Settled either way.
}
