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

test('a failure of the whole reply is not called an image failure', () => {
  const server = { code: 'server', message: 'OpenAI had a problem (HTTP 500).', retryable: true };
  expect(describeImageError(server, now).title).toBe('The image service had a problem');
  expect(describeImageError(server, now, 'reply').title).toBe('The model service had a problem');
  expect(describeImageError({ code: 'mystery', message: '?', retryable: false }, now, 'reply').title).toBe('The reply failed');
  expect(describeImageError({ code: 'timeout', message: 'The model stopped answering for 2 minutes.', retryable: true }, now, 'reply')).toMatchObject({ title: 'Timed out', showMessage: true });
});

test('every spelling of a failed save reads as a failed save', () => {
  for (const code of ['save_failed', 'storage', 'save_permission_denied', 'no_space']) {
    expect(describeImageError({ code, message: 'Could not write /tmp/x.png', retryable: true }, now).title).toBe(
      "Couldn't save the image",
    );
  }
});

test('a missing Codex says so, and shows what to install', () => {
  const description = describeImageError(
    { code: 'codex_missing', message: 'The Codex backend needs the optional package @openai/codex: install it (npm install @openai/codex), or pass binaryPath.', retryable: false },
    now,
  );
  expect(description.title).toBe('Codex is not installed');
  expect(description.showMessage).toBe(true);
});
