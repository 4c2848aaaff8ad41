import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { checkGeneratedImage } from './image-result-check.ts';

function png(width: number, height: number, alpha: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 10, g: 120, b: 200, alpha } } }).png().toBuffer();
}

describe('checkGeneratedImage', () => {
  it('passes a transparent image of the asked size without a warning', async () => {
    expect(await checkGeneratedImage(await png(64, 32, 0), { size: '64x32', background: 'transparent' })).toEqual({ width: 64, height: 32, hasTransparency: true, warnings: [] });
  });

  it('warns when a "transparent" image has no transparent pixel, even though it has an alpha channel', async () => {
    const result = await checkGeneratedImage(await png(16, 16, 1), { background: 'transparent' });
    expect(result.hasTransparency).toBe(false);
    expect(result.warnings).toEqual([{ type: 'other', option: 'background', message: 'Asked for a transparent background, but every pixel of this image is opaque.' }]);
  });

  it('says nothing about opacity when transparency was not asked for', async () => {
    expect((await checkGeneratedImage(await png(16, 16, 1), { background: 'opaque' })).warnings).toEqual([]);
    expect((await checkGeneratedImage(await png(16, 16, 1), { background: 'auto' })).warnings).toEqual([]);
    expect((await checkGeneratedImage(await png(16, 16, 0.5))).hasTransparency).toBe(true);
  });

  it('warns when the size differs from the one asked for, either side', async () => {
    expect((await checkGeneratedImage(await png(64, 32, 1), { size: '32x32' })).warnings).toEqual([
      { type: 'adjusted-option', option: 'size', message: 'Asked for 32 × 32; the model drew 64 × 32.' },
    ]);
    expect((await checkGeneratedImage(await png(32, 64, 1), { size: '32x32' })).warnings).toHaveLength(1);
    expect((await checkGeneratedImage(await png(64, 32, 1), { size: 'auto' })).warnings).toEqual([]);
  });

  it('reports both problems at once', async () => {
    const { warnings } = await checkGeneratedImage(await sharp({ create: { width: 20, height: 10, channels: 3, background: '#fff' } }).jpeg().toBuffer(), { size: '10x10', background: 'transparent' });
    expect(warnings.map((warning) => warning.option)).toEqual(['size', 'background']);
  });

  it('finds one see-through pixel in the last row of an otherwise opaque image', async () => {
    const pixels = Buffer.alloc(300 * 200 * 4, 255);
    pixels[pixels.length - 1] = 254;
    const image = await sharp(pixels, { raw: { width: 300, height: 200, channels: 4 } }).png().toBuffer();
    expect((await checkGeneratedImage(image)).hasTransparency).toBe(true);
  });

  it('reads a palette PNG whose transparency is in tRNS, and an image with no alpha channel as opaque', async () => {
    const pixels = Buffer.alloc(8 * 8 * 4, 255);
    pixels[3] = 0;
    const palette = await sharp(pixels, { raw: { width: 8, height: 8, channels: 4 } }).png({ palette: true }).toBuffer();
    expect(palette.includes(Buffer.from('tRNS'))).toBe(true);
    expect((await checkGeneratedImage(palette)).hasTransparency).toBe(true);
    const rgb = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).png().toBuffer();
    expect(await checkGeneratedImage(rgb, { background: 'transparent' })).toMatchObject({ hasTransparency: false, warnings: [{ option: 'background' }] });
  });

  it('refuses bytes that are not an image', async () => {
    await expect(checkGeneratedImage(new TextEncoder().encode('<html>'))).rejects.toMatchObject({ code: 'invalid_output' });
  });
});
