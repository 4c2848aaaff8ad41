import { expect, test } from 'vitest';

import { resetText, tightestWindow, usedText, windowName } from './describe-quota.ts';

const now = Date.parse('2026-11-23T12:00:00Z');

test('names a window by its length', () => {
  expect(windowName({ usedPercent: 0, windowMinutes: 300 })).toBe('5-hour limit');
  expect(windowName({ usedPercent: 0, windowMinutes: 10_080 })).toBe('Weekly limit');
  expect(windowName({ usedPercent: 0, windowMinutes: 1_440 })).toBe('Daily limit');
  expect(windowName({ usedPercent: 0, windowMinutes: 45 })).toBe('45-minute limit');
  expect(windowName({ usedPercent: 0 })).toBe('Plan limit');
});

test('says how much is used, whole percent, within 0–100', () => {
  expect(usedText({ usedPercent: 41.6 })).toBe('42% used');
  expect(usedText({ usedPercent: 130 })).toBe('100% used');
  expect(usedText({ usedPercent: -3 })).toBe('0% used');
});

test('says when it resets: the time within a day, the weekday after', () => {
  expect(resetText({ usedPercent: 1, resetsAt: new Date(now + 2 * 3_600_000).toISOString() }, now)).toMatch(/^resets \d{1,2}:\d{2}/);
  expect(resetText({ usedPercent: 1, resetsAt: new Date(now + 50 * 3_600_000).toISOString() }, now)).toMatch(/^resets [A-Z][a-z]{2}/);
  expect(resetText({ usedPercent: 1, resetsAt: new Date(now - 1_000).toISOString() }, now)).toBeUndefined();
  expect(resetText({ usedPercent: 1 }, now)).toBeUndefined();
  expect(resetText({ usedPercent: 1, resetsAt: 'soon' }, now)).toBeUndefined();
});

test('shows the window closest to running out', () => {
  expect(tightestWindow({ primary: { usedPercent: 20 }, secondary: { usedPercent: 80 } })).toEqual({ usedPercent: 80 });
  expect(tightestWindow({ primary: { usedPercent: 20 } })).toEqual({ usedPercent: 20 });
  expect(tightestWindow(undefined)).toBeUndefined();
});
