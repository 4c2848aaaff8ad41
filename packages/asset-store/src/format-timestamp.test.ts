import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { formatTimestamp, parseTimestamp } from './format-timestamp.ts';

describe('formatTimestamp', () => {
  it('writes UTC as YYYYMMDD-HHMMSS-mmm', () => {
    expect(formatTimestamp(new Date('2026-11-23T19:51:30.042Z'))).toBe('20261123-195130-042');
    expect(formatTimestamp(new Date('2026-01-02T03:04:05.006+02:00'))).toBe('20260102-010405-006');
    expect(formatTimestamp(new Date('0999-12-31T23:59:59.999Z'))).toBe('09991231-235959-999');
  });

  it('refuses an invalid date', () => {
    expect(() => formatTimestamp(new Date('not a date'))).toThrow(RangeError);
  });

  it('sorts like time and reads back to the same millisecond (property)', () => {
    const dates = fc.date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true });
    fc.assert(
      fc.property(dates, dates, (left, right) => {
        expect(parseTimestamp(formatTimestamp(left))?.getTime()).toBe(left.getTime());
        expect(Math.sign(formatTimestamp(left).localeCompare(formatTimestamp(right)))).toBe(Math.sign(left.getTime() - right.getTime()));
      }),
    );
  });

  it('parses only real timestamps', () => {
    expect(parseTimestamp('20261323-195130-042')).toBeUndefined();
    expect(parseTimestamp('20261123-195160-042')).toBeUndefined();
    expect(parseTimestamp('20261123-195130')).toBeUndefined();
  });
});
