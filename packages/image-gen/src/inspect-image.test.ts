import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { ImageGenerationError } from './image-generation-error.ts';
import { inspectImage } from './inspect-image.ts';
import { drawOfflinePicture } from './offline-picture.ts';

async function encoded(format: 'png' | 'jpeg' | 'webp', width: number, height: number): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: 3, background: '#c0ffee' } });
  return new Uint8Array(await (format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.webp()).toBuffer());
}

function code(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return ImageGenerationError.isInstance(error) ? error.code : 'not an ImageGenerationError';
  }
}

describe('inspectImage', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('reads the type and size of a real %s', async (format, mediaType) => {
    expect(inspectImage(await encoded(format, 300, 170))).toEqual({ mediaType, width: 300, height: 170 });
  });

  it.each(['png', 'jpeg', 'webp'] as const)('rejects a truncated %s', async (format) => {
    const bytes = await encoded(format, 300, 170);
    expect(code(() => inspectImage(bytes.subarray(0, Math.floor(bytes.length * 0.6))))).toBe('invalid_output');
  });

  it('rejects an empty result, an HTML page and text', () => {
    expect(code(() => inspectImage(new Uint8Array()))).toBe('invalid_output');
    expect(code(() => inspectImage(new TextEncoder().encode('<!DOCTYPE html><html></html>')))).toBe('invalid_output');
    expect(code(() => inspectImage(new TextEncoder().encode('{"error": "nope"}')))).toBe('invalid_output');
  });

  it('rejects a PNG whose header claims an absurd size', () => {
    const bytes = drawOfflinePicture('a fox', 32, 32).slice();
    new DataView(bytes.buffer).setUint32(16, 100_000);
    expect(code(() => inspectImage(bytes))).toBe('invalid_output');
  });

  it('answers any bytes with a result or invalid_output, never another error', () => {
    const png = drawOfflinePicture('a fox', 16, 16);
    const prefixes = [new Uint8Array(), png.subarray(0, 8), new Uint8Array([0xff, 0xd8, 0xff]), new TextEncoder().encode('RIFF\0\0\0\0WEBP')];
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 200 }), (prefix, tail) => {
        const result = code(() => inspectImage(new Uint8Array([...prefix, ...tail])));
        expect([undefined, 'invalid_output']).toContain(result);
      }),
      { numRuns: 500 },
    );
  });
});
