// A large buffer kept a little while between uses. The offline model draws one 1536×1024
// picture after another: reusing its ~6 MB of pixels and ~5 MB of scanlines saves allocating
// (and collecting) megabytes per image, which otherwise sets off a full garbage collection
// in the middle of the next save. Kept `keepMs` after its last use, then let go.

export class SpareBuffer {
  readonly #keepMs: number;
  #spare: Uint8Array | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(keepMs = 30_000) {
    this.#keepMs = keepMs;
  }

  /**
   * A buffer of `length` bytes, the spare one when it fits (zeroed when asked), else a new one.
   * Whoever takes it owns it until it is given back: two callers never share one.
   */
  take(length: number, options: { zeroed: boolean }): Uint8Array {
    const spare = this.#spare;
    if (spare === undefined || spare.length !== length) return options.zeroed ? new Uint8Array(length) : Buffer.allocUnsafe(length);
    this.#spare = undefined;
    if (options.zeroed) spare.fill(0);
    return spare;
  }

  /** Whether a buffer of `length` bytes is kept for the next `take`. */
  holds(length: number): boolean {
    return this.#spare?.length === length;
  }

  /** Keeps `buffer` for the next `take`; its owner must not touch it again. */
  give(buffer: Uint8Array): void {
    this.#spare = buffer;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#spare = undefined;
    }, this.#keepMs);
    this.#timer.unref();
  }
}
