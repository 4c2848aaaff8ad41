import { describe, expect, it, vi } from 'vitest';

import { titleFromText, untitled } from './thread-title.ts';

describe('titleFromText', () => {
  it('takes the first line with words, whitespace folded', () => {
    expect(titleFromText('\n  \n  Concept art   for a\tsteampunk airship  \nwith brass')).toBe('Concept art for a steampunk airship');
    expect(titleFromText('first\r\nsecond')).toBe('first');
    expect(titleFromText('first\rsecond')).toBe('first');
  });

  it('says "New chat" when there are no words', () => {
    expect(titleFromText('')).toBe(untitled);
    expect(titleFromText(' \n\t\n ')).toBe(untitled);
    expect(untitled).toBe('New chat');
  });

  it('keeps a title of up to 60 characters whole, and cuts a longer one at a word with an ellipsis', () => {
    const sixty = 'a'.repeat(60);
    expect(titleFromText(sixty)).toBe(sixty);
    expect(titleFromText('Sprite-sheet reference for a four-frame walk cycle of a knight in armour')).toBe('Sprite-sheet reference for a four-frame walk cycle of a…');
    expect(titleFromText(`${'x'.repeat(70)} end`)).toBe(`${'x'.repeat(60)}…`);
    // A space too early in the line is not worth cutting at.
    expect(titleFromText(`ab ${'y'.repeat(80)}`)).toBe(`ab ${'y'.repeat(57)}…`);
  });

  it('never cuts an emoji or an accented letter in half', () => {
    const family = '👩‍👩‍👧‍👦';
    expect(titleFromText(family.repeat(61))).toBe(`${family.repeat(60)}…`);
    expect(titleFromText('é'.repeat(59) + 'e\u0301'.repeat(2))).toBe(`${'é'.repeat(59)}e\u0301…`);
  });

  it('titles a short first line without loading the grapheme rules (their first load is ~10 ms of the first save)', async () => {
    vi.resetModules();
    const built = vi.spyOn(Intl, 'Segmenter');
    try {
      const fresh = await import('./thread-title.ts');
      expect(fresh.titleFromText('Concept art for a lighthouse at dusk, warm light')).toBe('Concept art for a lighthouse at dusk, warm light');
      expect(fresh.titleFromText('👩‍👩‍👧‍👦'.repeat(5))).toBe('👩‍👩‍👧‍👦'.repeat(5));
      expect(built).not.toHaveBeenCalled();
      // A longer line is counted by grapheme, with one segmenter kept for the next.
      fresh.titleFromText('x'.repeat(61));
      fresh.titleFromText('y'.repeat(61));
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });
});
