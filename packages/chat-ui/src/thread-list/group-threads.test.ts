import { describe, expect, it } from 'vitest';

import { groupThreads, shortTitle, shortWhen } from './group-threads.ts';

const now = new Date(2026, 2, 12, 15, 30).getTime();
const at = (daysAgo: number, hour = 10): string => new Date(2026, 2, 12 - daysAgo, hour, 0).toISOString();
const thread = (threadId: string, updatedAt: string) => ({ threadId, title: threadId, updatedAt, messageCount: 2 });

describe('groupThreads', () => {
  it('puts the newest first, under Today, Yesterday, Previous 7 days and Older', () => {
    const groups = groupThreads([thread('old', at(40)), thread('today', at(0)), thread('week', at(3)), thread('yesterday', at(1)), thread('later-today', at(0, 14))], now);
    expect(groups.map((group) => [group.label, group.threads.map((item) => item.threadId)])).toEqual([
      ['Today', ['later-today', 'today']],
      ['Yesterday', ['yesterday']],
      ['Previous 7 days', ['week']],
      ['Older', ['old']],
    ]);
  });

  it('counts a thread whose time cannot be read as the oldest', () => {
    const groups = groupThreads([thread('broken', 'not a date'), thread('today', at(0))], now);
    expect(groups.map((group) => group.label)).toEqual(['Today', 'Older']);
  });
});

describe('shortWhen', () => {
  it('says the time today, the weekday this week and the date before', () => {
    expect(shortWhen(at(0, 9), now, 'en-GB')).toBe('09:00');
    expect(shortWhen(at(2), now, 'en-GB')).toBe('Tue');
    expect(shortWhen(at(30), now, 'en-GB')).toBe('10 Feb');
    expect(shortWhen(new Date(2024, 4, 2).toISOString(), now, 'en-GB')).toBe('2 May 2024');
    expect(shortWhen('garbage', now)).toBe('');
    // Each locale and style keeps its own formatter.
    expect(shortWhen(at(2), now, 'de-DE')).toBe('Di');
    expect(shortWhen(at(2), now, 'en-GB')).toBe('Tue');
    expect(shortWhen(at(30), now, 'de-DE')).toBe('10. Feb.');
  });
});

describe('shortTitle', () => {
  it('folds whitespace and cuts long titles at a character, not half a surrogate pair', () => {
    expect(shortTitle('  a\n\tb  ')).toBe('a b');
    expect(shortTitle('🚀'.repeat(100), 3)).toBe('🚀🚀🚀…');
    expect(shortTitle('   ')).toBe('Untitled');
  });
});
