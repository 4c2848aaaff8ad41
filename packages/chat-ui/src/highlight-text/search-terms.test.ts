import { describe, expect, test } from 'vitest';

import { excerpt, searchTerms, splitByTerms, termsPattern } from './search-terms.ts';

describe('searchTerms', () => {
  test('splits on any white space, drops repeats whatever their case, longest first', () => {
    expect(searchTerms('  brass\tAirship brass  AIRSHIP\nsky ')).toEqual(['Airship', 'brass', 'sky']);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('splitByTerms', () => {
  test('marks every occurrence of every word, case-insensitively, and keeps the rest as it is', () => {
    const segments = splitByTerms('An Airship over the airfield; air.', termsPattern(searchTerms('air airship')));
    expect(segments).toEqual([
      { text: 'An ', match: false },
      { text: 'Airship', match: true },
      { text: ' over the ', match: false },
      { text: 'air', match: true },
      { text: 'field; ', match: false },
      { text: 'air', match: true },
      { text: '.', match: false },
    ]);
  });

  test('treats the characters of a search as characters, not a pattern', () => {
    expect(splitByTerms('cost (a+b) * 2', termsPattern(['(a+b)', '*']))).toEqual([
      { text: 'cost ', match: false },
      { text: '(a+b)', match: true },
      { text: ' ', match: false },
      { text: '*', match: true },
      { text: ' 2', match: false },
    ]);
  });

  test('gives plain text without a search and nothing for an empty text', () => {
    expect(splitByTerms('<b>hi</b>', undefined)).toEqual([{ text: '<b>hi</b>', match: false }]);
    expect(splitByTerms('', termsPattern(['x']))).toEqual([]);
  });
});

describe('excerpt', () => {
  const long = `${'lorem ipsum '.repeat(40)}the brass airship ${'dolor sit '.repeat(40)}`;

  test('leaves a short text alone', () => {
    expect(excerpt('a short prompt', termsPattern(['prompt']), 20)).toBe('a short prompt');
  });

  test('cuts a long text at the end when the match is near the start', () => {
    expect(excerpt(long, termsPattern(['lorem']), 30)).toBe(`${long.slice(0, 30)}…`);
  });

  test('starts a little before a match that would be cut off, at a word', () => {
    const shown = excerpt(long, termsPattern(['airship']), 60);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).toContain('the brass airship');
    expect(shown.length).toBe(62);
    expect(shown.slice(1, 2)).not.toBe(' ');
  });

  test('finds the match again on every call (the pattern keeps no position)', () => {
    const pattern = termsPattern(['airship']);
    expect(excerpt(long, pattern, 60)).toBe(excerpt(long, pattern, 60));
  });
});
