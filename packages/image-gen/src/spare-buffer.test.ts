import { describe, expect, it, vi } from 'vitest';

import { SpareBuffer } from './spare-buffer.ts';

describe('SpareBuffer', () => {
  it('hands back the buffer given, zeroed when asked, and a new one when it is taken or another size', () => {
    const spare = new SpareBuffer();
    const first = spare.take(16, { zeroed: true });
    expect([...first]).toEqual(new Array(16).fill(0));
    first.fill(7);
    spare.give(first);
    const again = spare.take(16, { zeroed: true });
    expect(again).toBe(first);
    expect([...again]).toEqual(new Array(16).fill(0));
    // Taken: the next caller gets its own.
    const other = spare.take(16, { zeroed: true });
    expect(other).not.toBe(first);
    spare.give(again);
    expect(spare.take(32, { zeroed: true })).not.toBe(first);
    // Not zeroed when the caller writes every byte anyway.
    again.fill(9);
    spare.give(again);
    const raw = spare.take(16, { zeroed: false });
    expect(raw).toBe(first);
    expect(raw[0]).toBe(9);
    expect(spare.take(16, { zeroed: false })).toHaveLength(16);
  });

  it('lets the buffer go a while after its last use', () => {
    vi.useFakeTimers();
    try {
      const spare = new SpareBuffer(1_000);
      const buffer = spare.take(8, { zeroed: true });
      spare.give(buffer);
      vi.advanceTimersByTime(600);
      expect(spare.take(8, { zeroed: true })).toBe(buffer);
      spare.give(buffer);
      // Each use starts the wait again.
      vi.advanceTimersByTime(600);
      spare.give(spare.take(8, { zeroed: true }));
      vi.advanceTimersByTime(999);
      expect(spare.take(8, { zeroed: true })).toBe(buffer);
      spare.give(buffer);
      vi.advanceTimersByTime(1_000);
      expect(spare.take(8, { zeroed: true })).not.toBe(buffer);
    } finally {
      vi.useRealTimers();
    }
  });
});
