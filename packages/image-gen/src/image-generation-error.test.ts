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
});
