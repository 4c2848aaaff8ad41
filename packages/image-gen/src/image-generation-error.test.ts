import { describe, expect, it } from 'vitest';

import { ImageGenerationError } from './image-generation-error.ts';

describe('ImageGenerationError', () => {
  it('is recognised across copies of the package by its Symbol.for marker', () => {
    const fromAnotherCopy = { [Symbol.for('forge.image-gen.error')]: true, code: 'network' };
    expect(ImageGenerationError.isInstance(fromAnotherCopy)).toBe(true);
    expect(ImageGenerationError.isInstance(new Error('plain'))).toBe(false);
  });

  it('serialises what a host shows (no cause, no stack) and derives retryable from the code', () => {
    const error = new ImageGenerationError({ code: 'quota_exceeded', message: 'Quota used up.', resetsAt: new Date('2026-12-01T00:00:00Z'), requestId: 'req_1', cause: new Error('secret detail') });
    expect(error.toJSON()).toEqual({ name: 'ImageGenerationError', code: 'quota_exceeded', message: 'Quota used up.', retryable: false, requestId: 'req_1', resetsAt: '2026-12-01T00:00:00.000Z' });
    expect(new ImageGenerationError({ code: 'rate_limited', message: 'x' }).retryable).toBe(true);
  });

  it.each([null, undefined, 'ImageGenerationError', 0, {}])('does not take %o for one (a thrown non-error is mapped, not crashed on)', (value) => {
    expect(ImageGenerationError.isInstance(value)).toBe(false);
  });

  it.each([
    ['a default retry decision from the code', 'server', undefined, true],
    ['a default no-retry from the code', 'content_policy', undefined, false],
    ['an explicit no-retry over a retryable code', 'server', false, false],
    ['an explicit retry over a final code', 'invalid_output', true, true],
  ] as const)('takes %s', (_name, code, retryable, expected) => {
    const error = new ImageGenerationError({ code, message: 'x', ...(retryable === undefined ? {} : { retryable }) });
    expect(error.retryable).toBe(expected);
    expect(error.toJSON().retryable).toBe(expected);
  });

  it('keeps the underlying failure as its cause for logs, and has none when there was none', () => {
    const cause = new Error('socket hang up');
    expect(new ImageGenerationError({ code: 'network', message: 'x', cause }).cause).toBe(cause);
    expect(new ImageGenerationError({ code: 'network', message: 'x' })).not.toHaveProperty('cause');
  });

  it('carries the wait and the status a host needs to offer a retry', () => {
    const error = new ImageGenerationError({ code: 'rate_limited', message: 'Slow down.', retryAfterMs: 2_000, status: 429 });
    expect(error).toMatchObject({ status: 429, retryAfterMs: 2_000, message: 'Slow down.' });
    expect(error.toJSON()).toEqual({ name: 'ImageGenerationError', code: 'rate_limited', message: 'Slow down.', retryable: true, retryAfterMs: 2_000 });
  });
});
