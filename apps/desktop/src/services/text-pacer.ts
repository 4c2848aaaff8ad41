// Streamed text reaches the page at most once per interval per message. A model streams a token
// every few milliseconds, and each update sends the whole message and has the page render it
// again: a reply of a few hundred tokens would be as many renders, competing with the picture
// that finishes beside it for the same cores. The first words after a quiet moment go at once;
// words that follow within the interval go together when it ends. Anything else published for
// the message (an image, a proposal, the end of the turn) carries the text written so far.

export interface TextPacerOptions {
  /** The least time (ms) between two updates of one message for its text alone. */
  intervalMs: number;
  /** Milliseconds on a monotonic clock (tests). */
  now?: () => number;
}

export class TextPacer {
  private readonly intervalMs: number;
  private readonly now: () => number;
  /** When each message in flight was last published. */
  private readonly lastPublished = new Map<string, number>();
  /** Messages whose text waits for their interval to end. */
  private readonly waiting = new Map<string, NodeJS.Timeout>();

  constructor(options: TextPacerOptions) {
    this.intervalMs = options.intervalMs;
    this.now = options.now ?? (() => performance.now());
  }

  /** New text in message `id`: `publish` runs now, or once when the message's interval ends. */
  text(id: string, publish: () => void): void {
    if (this.waiting.has(id)) return;
    const last = this.lastPublished.get(id);
    const wait = last === undefined ? 0 : last + this.intervalMs - this.now();
    if (wait <= 0) {
      publish();
      return;
    }
    const timer = setTimeout(() => {
      this.waiting.delete(id);
      publish();
    }, wait);
    // A reply still streaming never holds a closing Forge open: the turn's end publishes it.
    timer.unref();
    this.waiting.set(id, timer);
  }

  /** Message `id` was just published, text and all: nothing of it waits any more. */
  published(id: string): void {
    this.cancel(id);
    this.lastPublished.set(id, this.now());
  }

  /** Message `id` is finished: its pacing is forgotten. */
  finished(id: string): void {
    this.cancel(id);
    this.lastPublished.delete(id);
  }

  private cancel(id: string): void {
    const timer = this.waiting.get(id);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.waiting.delete(id);
  }
}
