import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { checkOpenAIImageSize, nearestCustomSize } from './openai-image-size.ts';

describe('OpenAI image size rules', () => {
  it('accepts the custom sizes gpt-image-2 documents', () => {
    for (const size of ['1024x1024', '1536x864', '3840x2160', '1024x640', '2048x688', 'auto']) {
      expect(() => checkOpenAIImageSize('gpt-image-2', size)).not.toThrow();
    }
  });

  it.each([
    ['1000x1000', /multiples of 16/],
    ['3072x768', /aspect ratio/],
    ['4096x2048', /3840/],
    ['512x512', /at least/],
  ])('refuses %s for gpt-image-2 and says why', (size, reason) => {
    expect(() => checkOpenAIImageSize('gpt-image-2', size)).toThrow(expect.objectContaining({ code: 'invalid_request', message: expect.stringMatching(reason) }));
  });

  it('holds older models to their three sizes, and leaves unknown models alone', () => {
    expect(() => checkOpenAIImageSize('gpt-image-1.5', '1536x1024')).not.toThrow();
    expect(() => checkOpenAIImageSize('gpt-image-1.5', '1536x864')).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    expect(() => checkOpenAIImageSize('my-local-diffusion', '777x333')).not.toThrow();
  });

  it('always suggests a size gpt-image-2 accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9000 }), fc.integer({ min: 1, max: 9000 }), (width, height) => {
        expect(() => checkOpenAIImageSize('gpt-image-2', nearestCustomSize(width, height))).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });
});
