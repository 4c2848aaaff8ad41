import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeBase64Image } from './decode-base64-image.ts';

describe('decodeBase64Image', () => {
  it('decodes whatever bytes were encoded', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), (bytes) => {
        expect([...decodeBase64Image(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
      }),
    );
  });

  it('refuses base64 cut off mid-way, junk characters and emptiness', () => {
    const text = Buffer.from('a complete picture, honestly').toString('base64');
    expect(() => decodeBase64Image(text.slice(0, text.length - 3))).toThrow(expect.objectContaining({ code: 'invalid_output' }));
    expect(() => decodeBase64Image(`${text.slice(0, 8)}$$$$${text.slice(12)}`)).toThrow(expect.objectContaining({ code: 'invalid_output' }));
    expect(() => decodeBase64Image('')).toThrow(expect.objectContaining({ code: 'invalid_output', message: expect.stringContaining('empty') }));
    expect(() => decodeBase64Image(undefined)).toThrow(expect.objectContaining({ code: 'invalid_output' }));
  });
});
