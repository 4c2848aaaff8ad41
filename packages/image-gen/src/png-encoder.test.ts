import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { inspectImage } from './inspect-image.ts';
import { encodePng } from './png-encoder.ts';

/** A width × height picture whose every pixel differs (so a swapped channel or row shows). */
function pattern(width: number, height: number, alphaAt: (index: number) => number = () => 255): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let index = 0; index < width * height; index += 1) {
    rgba[index * 4] = (index * 7) % 256;
    rgba[index * 4 + 1] = (index * 13 + 50) % 256;
    rgba[index * 4 + 2] = (index * 29 + 100) % 256;
    rgba[index * 4 + 3] = alphaAt(index);
  }
  return rgba;
}

async function decoded(png: Uint8Array) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data), channels: (await sharp(png).metadata()).channels, width: info.width, height: info.height };
}

/** The PNG colour type (IHDR byte 25): 2 is RGB, 6 is RGBA. */
const colourType = (png: Uint8Array) => png[25];

describe('encodePng', () => {
  it('stores an opaque picture as RGB, every pixel where it was', async () => {
    const rgba = pattern(37, 11);
    const png = encodePng(37, 11, rgba);
    expect(colourType(png)).toBe(2);
    const image = await decoded(png);
    expect([image.width, image.height, image.channels]).toEqual([37, 11, 3]);
    expect(image.pixels).toEqual(rgba);
  });

  it('keeps the alpha channel when one pixel is see-through, wherever it is', async () => {
    for (const seeThrough of [0, 200, 37 * 11 - 1]) {
      const rgba = pattern(37, 11, (index) => (index === seeThrough ? 128 : 255));
      const png = encodePng(37, 11, rgba);
      expect(colourType(png)).toBe(6);
      const image = await decoded(png);
      expect(image.channels).toBe(4);
      expect(image.pixels).toEqual(rgba);
    }
  });

  it('encodes pixels that start at any byte of their buffer', async () => {
    const rgba = pattern(9, 5);
    const shifted = new Uint8Array(rgba.length + 3);
    shifted.set(rgba, 1);
    const png = encodePng(9, 5, shifted.subarray(1, 1 + rgba.length));
    expect(png).toEqual(encodePng(9, 5, rgba));
    expect((await decoded(png)).pixels).toEqual(rgba);
  });

  it('writes the text chunks, and compresses harder when asked', () => {
    const rgba = pattern(256, 256);
    const png = encodePng(256, 256, rgba, { text: { Software: 'forge-offline-1', Pièce: 'café' } });
    expect(Buffer.from(png).includes(Buffer.from('tEXtSoftware\0forge-offline-1', 'latin1'))).toBe(true);
    // Latin-1, a byte a character, as PNG's tEXt is.
    expect(Buffer.from(png).includes(Buffer.from('tEXtPièce\0café', 'latin1'))).toBe(true);
    expect(inspectImage(png)).toMatchObject({ mediaType: 'image/png', width: 256, height: 256 });
    expect(encodePng(256, 256, rgba, { compressionLevel: 9 }).length).toBeLessThan(encodePng(256, 256, rgba, { compressionLevel: 1 }).length);
  });
});
