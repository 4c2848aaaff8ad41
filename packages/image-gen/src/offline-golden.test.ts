import { readFile } from 'node:fs/promises';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { createOfflineImageModel } from './offline-image-model.ts';
import { goldenRequests, goldenSize } from './offline-golden.ts';

/** A pixel differs when any channel (alpha included) moves by more than this. */
const channelTolerance = 8;
/** The share of pixels that may differ: room for floating-point noise across platforms, not for a changed picture. */
const maxDifferingShare = 0.002;

describe('offline model golden pictures (redraw with `pnpm --filter @forge/image-gen goldens`)', () => {
  it.each(goldenRequests)('draws $name as its golden PNG', async ({ name, prompt }) => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt, size: `${goldenSize.width}x${goldenSize.height}` });
    const golden = await readFile(new URL(`./__fixtures__/golden/${name}.png`, import.meta.url));
    const [drawn, expected] = await Promise.all([image.bytes, golden].map((bytes) => sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true })));
    expect([drawn?.info.width, drawn?.info.height]).toEqual([expected?.info.width, expected?.info.height]);
    const left = drawn?.data ?? Buffer.alloc(0);
    const right = expected?.data ?? Buffer.alloc(0);
    let differing = 0;
    for (let offset = 0; offset < right.length; offset += 4) {
      for (let channel = 0; channel < 4; channel += 1) {
        if (Math.abs((left[offset + channel] ?? 0) - (right[offset + channel] ?? 0)) > channelTolerance) {
          differing += 1;
          break;
        }
      }
    }
    expect(differing / (right.length / 4)).toBeLessThanOrEqual(maxDifferingShare);
  });
});
