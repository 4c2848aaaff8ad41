// Work a close must wait for: promises under way, each forgotten once it settles.

export class PendingWork {
  readonly #pending = new Set<Promise<unknown>>();

  /** How many are still under way. */
  get size(): number {
    return this.#pending.size;
  }

  /** Keeps `work` until it settles, and hands it back. */
  track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    const forget = (): void => void this.#pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once nothing is under way, work started meanwhile included; never rejects. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
