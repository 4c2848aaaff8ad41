import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { inspectImage } from './inspect-image.ts';
import { encodePng, spareScanlines } from './png-encoder.ts';

const run = promisify(execFile);

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
    // Each of the four pixels a word-at-a-time pass reads together, and the row's last one after them.
    for (const seeThrough of [0, 37 * 3 + 1, 37 * 4 + 6, 200, 37 * 11 - 1]) {
      const rgba = pattern(37, 11, (index) => (index === seeThrough ? 128 : 255));
      const png = encodePng(37, 11, rgba);
      expect(colourType(png)).toBe(6);
      const image = await decoded(png);
      expect(image.channels).toBe(4);
      expect(image.pixels).toEqual(rgba);
    }
  });

  it('stores every width as it was, whole groups of four pixels or not', async () => {
    for (const width of [1, 2, 3, 4, 5, 6, 7, 8, 9]) {
      const rgba = pattern(width, 3);
      const png = encodePng(width, 3, rgba);
      expect(colourType(png)).toBe(2);
      expect((await decoded(png)).pixels).toEqual(rgba);
    }
  });

  it('keeps its scanline buffer for the next picture, whether or not the last was opaque', () => {
    const rgbSize = 13 * (13 * 3 + 1);
    spareScanlines.take(rgbSize, { zeroed: false });
    expect(spareScanlines.holds(rgbSize)).toBe(false);
    encodePng(13, 13, pattern(13, 13));
    expect(spareScanlines.holds(rgbSize)).toBe(true);
    spareScanlines.take(rgbSize, { zeroed: false });
    encodePng(13, 13, pattern(13, 13, (index) => (index === 100 ? 0 : 255)));
    expect(spareScanlines.holds(rgbSize)).toBe(true);
    // A see-through pixel at a row's end, after its groups of four.
    spareScanlines.take(rgbSize, { zeroed: false });
    encodePng(13, 13, pattern(13, 13, (index) => (index === 13 * 5 + 12 ? 0 : 255)));
    expect(spareScanlines.holds(rgbSize)).toBe(true);
  });

  it('lets a script that drew a picture end at once (the kept buffer holds nothing open)', async () => {
    const script = `const { encodePng } = await import(${JSON.stringify(new URL('./png-encoder.ts', import.meta.url).href)}); encodePng(8, 8, new Uint8Array(256).fill(255)); console.log('drawn');`;
    const started = Date.now();
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { timeout: 20_000 });
    expect(stdout.trim()).toBe('drawn');
    // The buffer is kept 30 s; a process waiting on it would take that long.
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

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
