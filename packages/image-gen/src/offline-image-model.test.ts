import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { inspectImage } from './inspect-image.ts';
import { createOfflineImageModel, sparePixels } from './offline-image-model.ts';

describe('offline image model', () => {
  it('draws a decodable PNG of the requested size', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'concept art for a steampunk airship', size: '640x384' });
    const metadata = await sharp(image.bytes).metadata();
    expect(metadata.format).toBe('png');
    expect([metadata.width, metadata.height]).toEqual([640, 384]);
    expect(image.metadata).toMatchObject({ offlinePreview: true, label: 'Offline preview', kind: 'concept-art', subject: 'zeppelin' });
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

  it('draws each picture on a clean page: one drawn after another, or beside it, is the same as drawn alone', async () => {
    const model = createOfflineImageModel();
    const sprite = { model, prompt: 'a four-frame walk cycle sprite sheet', size: '256x256' } as const;
    const alone = await generateImage(sprite);
    // A full, opaque picture of the same size in between: none of it may show through the sprite's clear background.
    await generateImage({ model, prompt: 'concept art for a lighthouse at dusk', size: '256x256' });
    const after = await generateImage(sprite);
    expect(Buffer.from(after.bytes).equals(Buffer.from(alone.bytes))).toBe(true);
    const [left, right] = await Promise.all([generateImage(sprite), generateImage({ model, prompt: 'concept art for a lighthouse at dusk', size: '256x256' })]);
    expect(Buffer.from(left.bytes).equals(Buffer.from(alone.bytes))).toBe(true);
    expect(Buffer.from(right.bytes).equals(Buffer.from(left.bytes))).toBe(false);
  });

  it('keeps the pixels of a picture it drew for the next one, but never an edited picture\'s', async () => {
    const model = createOfflineImageModel();
    const size = 96 * 64 * 4;
    await generateImage({ model, prompt: 'a red fox', size: '96x64' });
    expect(sparePixels.holds(size)).toBe(true);
    // Taken by someone else: an edit (its pixels come from the input image) gives nothing back.
    sparePixels.take(size, { zeroed: true });
    const parent = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c84040' } }).png().toBuffer();
    await generateImage({ model, prompt: 'make it bluer', inputImages: [parent] });
    expect(sparePixels.holds(size)).toBe(false);
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

  it.each(['jpeg', 'webp'] as const)('honours %s output with the requested size', async (outputFormat) => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'a neon city street at night', size: '512x320', outputFormat, outputCompression: 60 });
    const metadata = await sharp(image.bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual([outputFormat, 512, 320]);
    expect(image.mediaType).toBe(`image/${outputFormat}`);
    expect(image.warnings).toEqual([]);
  });

  it('streams the requested number of partial previews, each a full-size image, before the final one', async () => {
    const events: string[] = [];
    await generateImage({
      model: createOfflineImageModel(),
      prompt: 'a ringed planet in deep space',
      size: '320x200',
      partialImages: 3,
      onEvent: (event) => {
        if (event.type !== 'partial') events.push(event.type);
        else {
          const info = inspectImage(event.bytes);
          events.push(`partial ${event.index} ${info.width}x${info.height}`);
        }
      },
    });
    expect(events).toEqual(['started', 'partial 0 320x200', 'partial 1 320x200', 'partial 2 320x200', 'completed']);
  });

  it('leaves the sky transparent when asked for a transparent background', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'green hills under a sky', size: '200x200', background: 'transparent' });
    const { data, info } = await sharp(image.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect(data[(0 * 200 + 199) * 4 + 3]).toBe(0);
    expect(data[(150 * 200 + 100) * 4 + 3]).toBe(255);
  });

  it('gives a different picture for another seed, and the same one for the same seed', async () => {
    const model = createOfflineImageModel();
    const [first, again, other] = await Promise.all([1, 1, 2].map((seed) => generateImage({ model, prompt: 'a cozy cabin', size: '128x128', seed })));
    expect(Buffer.from(again!.bytes).equals(Buffer.from(first!.bytes))).toBe(true);
    expect(Buffer.from(other!.bytes).equals(Buffer.from(first!.bytes))).toBe(false);
  });

  it('writes the prompt as a caption: longer prompts light more text pixels in the caption band', async () => {
    async function captionPixels(prompt: string): Promise<number> {
      const image = await generateImage({ model: createOfflineImageModel(), prompt, size: '512x512' });
      const { data } = await sharp(image.bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      let white = 0;
      for (let y = 470; y < 512; y += 1) {
        for (let x = 0; x < 512; x += 1) {
          const offset = (y * 512 + x) * 3;
          if (data[offset]! >= 245 && data[offset + 1]! >= 245 && data[offset + 2]! >= 245) white += 1;
        }
      }
      return white;
    }
    // Prompts that name no UI element, sprite or known subject get the generic poster and its caption.
    const short = await captionPixels('dawn');
    const long = await captionPixels('dawn over a misty valley');
    expect(short).toBeGreaterThan(20);
    expect(long).toBeGreaterThan(short * 3);
  });

  it('clamps an oversized request and says so', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'a wide banner', size: '9000x16' });
    expect([image.width, image.height]).toEqual([4096, 16]);
    expect(image.warnings).toEqual([expect.objectContaining({ type: 'adjusted-option', option: 'size' })]);
  });

  it('warns about options it cannot honour instead of failing', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'a fox', size: '64x64', quality: 'high', moderation: 'low' });
    expect(image.warnings.map((warning) => warning.option)).toEqual(['quality', 'moderation']);
  });
});

