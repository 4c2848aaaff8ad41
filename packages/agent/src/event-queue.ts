// A push-to-pull bridge: callbacks push events, the turn's async generator pulls them in order.
export interface EventQueue<T> {
  push(...items: T[]): void;
  /** No more items; the iterator finishes once the buffer is drained. */
  end(): void;
  next(): Promise<IteratorResult<T, undefined>>;
}

export function createEventQueue<T>(): EventQueue<T> {
  const buffer: T[] = [];
  let ended = false;
  let waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;

  function wake(): void {
    const resolve = waiting;
    if (resolve === undefined) return;
    if (buffer.length > 0) {
      waiting = undefined;
      resolve({ done: false, value: buffer.shift() as T });
    } else if (ended) {
      waiting = undefined;
      resolve({ done: true, value: undefined });
    }
  }

  return {
    push(...items) {
      if (ended) return;
      buffer.push(...items);
      wake();
    },
    end() {
      ended = true;
      wake();
    },
    next() {
      if (buffer.length > 0) return Promise.resolve({ done: false, value: buffer.shift() as T });
      if (ended) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
  };
}
