import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { TextPacer } from './text-pacer.ts';

describe('TextPacer', () => {
  let now = 0;
  let pacer: TextPacer;
  let shown: string[];
  const show = (what: string) => () => shown.push(what);

  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000;
    shown = [];
    pacer = new TextPacer({ intervalMs: 50, now: () => now });
  });
  afterEach(() => vi.useRealTimers());

  /** Moves the pacer's clock and the timers together. */
  function wait(ms: number): void {
    now += ms;
    vi.advanceTimersByTime(ms);
  }

  it('shows the first words of a reply at once', () => {
    pacer.text('reply', show('first'));
    expect(shown).toEqual(['first']);
  });

  it('shows words after a quiet moment at once', () => {
    pacer.published('reply');
    wait(50);
    pacer.text('reply', show('later'));
    expect(shown).toEqual(['later']);
  });

  it('holds words that follow within the interval until it ends, then shows them once', () => {
    pacer.published('reply');
    wait(10);
    pacer.text('reply', show('second'));
    wait(5);
    pacer.text('reply', show('third'));
    expect(shown).toEqual([]);
    wait(34);
    expect(shown).toEqual([]);
    wait(1);
    expect(shown).toEqual(['second']);
    wait(500);
    expect(shown).toEqual(['second']);
  });

  it('goes on pacing once held words went out', () => {
    pacer.published('reply');
    pacer.text('reply', show('held'));
    wait(50);
    pacer.text('reply', show('next'));
    expect(shown).toEqual(['held', 'next']);
  });

  it('drops what waits once the message is published with its text', () => {
    pacer.published('reply');
    pacer.text('reply', show('waiting'));
    wait(20);
    pacer.published('reply');
    wait(100);
    expect(shown).toEqual([]);
    // The interval counts from the latest publish.
    pacer.published('reply');
    wait(10);
    pacer.text('reply', show('next'));
    wait(39);
    expect(shown).toEqual([]);
    wait(1);
    expect(shown).toEqual(['next']);
  });

  it('paces each message apart', () => {
    pacer.published('one');
    pacer.text('one', show('one'));
    pacer.text('two', show('two'));
    expect(shown).toEqual(['two']);
    wait(50);
    expect(shown).toEqual(['two', 'one']);
  });

  it('forgets a finished message: nothing of it waits, and new text shows at once', () => {
    pacer.published('reply');
    pacer.text('reply', show('waiting'));
    pacer.finished('reply');
    wait(100);
    expect(shown).toEqual([]);
    pacer.published('reply');
    pacer.finished('reply');
    pacer.text('reply', show('after'));
    expect(shown).toEqual(['after']);
  });

  it('never keeps a closing process alive for text still waiting', () => {
    vi.useRealTimers();
    const real = new TextPacer({ intervalMs: 10_000 });
    real.published('reply');
    const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
    real.text('reply', show('waiting'));
    // An unref'd timer is not an active resource.
    expect(process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length).toBe(before);
    real.finished('reply');
  });
});
