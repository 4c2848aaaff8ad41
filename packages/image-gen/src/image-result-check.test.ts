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

  it('refuses bytes that are not an image', async () => {
    await expect(checkGeneratedImage(new TextEncoder().encode('<html>'))).rejects.toMatchObject({ code: 'invalid_output' });
  });
});
