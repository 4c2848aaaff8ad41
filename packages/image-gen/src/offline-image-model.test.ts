import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { createOfflineImageModel } from './offline-image-model.ts';

describe('offline image model', () => {
  it('draws a decodable PNG of the requested size', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'concept art for a steampunk airship', size: '640x384' });
    const metadata = await sharp(image.bytes).metadata();
    expect(metadata.format).toBe('png');
    expect([metadata.width, metadata.height]).toEqual([640, 384]);
    expect(image.metadata).toEqual({ offlinePreview: true });
  });

  it('gives identical bytes for the same prompt and different pictures for different prompts', async () => {
    const model = createOfflineImageModel();
    const first = await generateImage({ model, prompt: 'a red fox', size: '256x256' });
    const again = await generateImage({ model, prompt: 'a red fox', size: '256x256' });
    const other = await generateImage({ model, prompt: 'a UI button in three states', size: '256x256' });
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const [foxPixels, otherPixels] = await Promise.all([first, other].map((image) => sharp(image.bytes).raw().toBuffer()));
    let differing = 0;
    for (let index = 0; index < foxPixels!.length; index += 4) {
      if (Math.abs(foxPixels![index]! - otherPixels![index]!) > 24) differing += 1;
    }
    expect(differing / (256 * 256)).toBeGreaterThan(0.3);
  });

  it('rejects an empty prompt with a clear invalid_request error', async () => {
    await expect(generateImage({ model: createOfflineImageModel(), prompt: '   ' })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('reports cancellation as a cancelled error and emits no completed event', async () => {
    const controller = new AbortController();
    const events: string[] = [];
    const pending = generateImage({
      model: createOfflineImageModel({ delayMs: 200 }),
      prompt: 'slow',
      abortSignal: controller.signal,
      onEvent: (event) => events.push(event.type),
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(events).toEqual(['started', 'failed']);
  });
});
