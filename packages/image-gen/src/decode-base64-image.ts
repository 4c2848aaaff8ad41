// Decodes the base64 image text a backend returns, refusing text that is not whole base64
// (junk characters, a payload cut off mid-way) instead of silently decoding part of it.
import { ImageGenerationError } from './image-generation-error.ts';

/** Strict base64 → bytes; anything malformed, truncated or empty is `invalid_output`. */
export function decodeBase64Image(text: unknown, what = 'image'): Uint8Array {
  if (typeof text !== 'string' || text.length === 0) {
    throw new ImageGenerationError({ code: 'invalid_output', message: `The ${what} the model returned is empty.` });
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const expectedLength = (text.length / 4) * 3 - padding;
  const bytes = Buffer.from(text, 'base64');
  // Node skips characters outside the alphabet, so a short result means junk or a cut.
  if (text.length % 4 !== 0 || bytes.length !== expectedLength) {
    throw new ImageGenerationError({
      code: 'invalid_output',
      message: `The ${what} the model returned is not valid base64 (it is malformed or was cut off).`,
    });
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
