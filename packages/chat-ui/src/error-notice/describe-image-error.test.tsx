import { expect, test } from 'vitest';

import { describeImageError, formatDuration } from './describe-image-error.ts';

const now = Date.parse('2026-11-23T12:00:00Z');

test('durations read the way a person says them', () => {
  expect(formatDuration(400)).toBe('1 s');
  expect(formatDuration(20_000)).toBe('20 s');
  expect(formatDuration(90_000)).toBe('2 min');
  expect(formatDuration(3 * 3_600_000)).toBe('3 h');
  expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3 h 20 min');
  expect(formatDuration(5 * 86_400_000)).toBe('5 days');
});

test('a quota that has already reset says so instead of counting down', () => {
  const description = describeImageError(
    { code: 'quota_exceeded', message: 'Quota used.', retryable: false, resetsAt: '2026-11-23T11:00:00Z' },
    now,
  );
  expect(description.title).toBe("You've used your plan's image quota");
  expect(description.detail).toBe('It has reset; you can try again now.');
});

test('a rate limit with only a reset time still says when to retry', () => {
  const description = describeImageError(
    { code: 'rate_limited', message: 'Slow down.', retryable: true, resetsAt: '2026-11-23T12:02:00Z' },
    now,
  );
  expect(description.detail).toBe('Retry in 2 min.');
});

test('every spelling of a failed save reads as a failed save', () => {
  for (const code of ['save_failed', 'storage', 'save_permission_denied', 'no_space']) {
    expect(describeImageError({ code, message: 'Could not write /tmp/x.png', retryable: true }, now).title).toBe(
      "Couldn't save the image",
    );
  }
});
