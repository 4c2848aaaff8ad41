import { describe, expect, it } from 'vitest';

import { generateImage, streamImage } from './generate-image.ts';
import type { ImageGenerationEvent, ImageModel } from './image-model-spec.ts';
import { drawOfflinePicture } from './offline-picture.ts';

const png = drawOfflinePicture('a red fox', 64, 48);

function scriptedModel(events: ImageGenerationEvent[], options: { hangAfter?: number } = {}): ImageModel {
  return {
    specificationVersion: 'v1',
    provider: 'test',
    modelId: 'scripted',
    async *generate() {
      for (const [index, event] of events.entries()) {
        if (index === options.hangAfter) await new Promise(() => undefined);
        yield event;
      }
      if (options.hangAfter === events.length) await new Promise(() => undefined);
    },
  };
}

const completed = (bytes: Uint8Array): ImageGenerationEvent => ({ type: 'completed', bytes, mediaType: 'image/png', width: 1, height: 1, model: 'scripted', warnings: [] });

async function collect(stream: AsyncIterable<ImageGenerationEvent>): Promise<ImageGenerationEvent[]> {
  const events: ImageGenerationEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('generateImage / streamImage', () => {
  it('reports the real type and size read from the bytes, not what the model claimed', async () => {
    const image = await generateImage({ model: scriptedModel([completed(png)]), prompt: 'a red fox' });
    expect([image.mediaType, image.width, image.height]).toEqual(['image/png', 64, 48]);
  });

  it('adds a started event when a model forgets it, so hosts always see the same order', async () => {
    const events = await collect(streamImage({ model: scriptedModel([completed(png)]), prompt: 'a red fox' }));
    expect(events.map((event) => event.type)).toEqual(['started', 'completed']);
  });

  it('fails with invalid_output when the model returns an HTML page instead of an image', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Sign in</body></html>');
    const events = await collect(streamImage({ model: scriptedModel([completed(html)]), prompt: 'a red fox' }));
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { code: 'invalid_output' } });
    expect(events.some((event) => event.type === 'completed')).toBe(false);
  });

  it('fails with invalid_output when the model ends without an image', async () => {
    await expect(generateImage({ model: scriptedModel([{ type: 'started', model: 'scripted', prompt: 'x' }]), prompt: 'x' })).rejects.toMatchObject({
      code: 'invalid_output',
    });
  });

  it('drops a broken partial preview with a warning and still delivers the image', async () => {
    const events: string[] = [];
    const image = await generateImage({
      model: scriptedModel([
        { type: 'partial', index: 0, bytes: new Uint8Array([1, 2, 3]), mediaType: 'image/png' },
        { type: 'partial', index: 1, bytes: png, mediaType: 'image/png' },
        completed(png),
      ]),
      prompt: 'a red fox',
      onEvent: (event) => events.push(event.type === 'partial' ? `partial:${event.index}` : event.type),
    });
    expect(events).toEqual(['started', 'partial:1', 'completed']);
    expect(image.warnings).toEqual([expect.objectContaining({ option: 'partialImages', message: expect.stringContaining('Partial preview 0') })]);
  });

  it('warns when the model drew another size than asked', async () => {
    const image = await generateImage({ model: scriptedModel([completed(png)]), prompt: 'a red fox', size: '1024x1024' });
    expect(image.warnings).toEqual([expect.objectContaining({ type: 'adjusted-option', option: 'size', message: 'Asked for 1024x1024, the model drew 64x48.' })]);
  });

  it('rejects bad input before the model runs, saying what to change', async () => {
    let called = false;
    const model: ImageModel = { specificationVersion: 'v1', provider: 'test', modelId: 'spy', generate: () => ((called = true), (async function* () {})()) };
    await expect(generateImage({ model, prompt: 'a fox', partialImages: 5 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('0 to 3') });
    await expect(generateImage({ model, prompt: 'a fox', size: '1024' as '1x1' })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringContaining('WIDTHxHEIGHT') });
    await expect(generateImage({ model, prompt: 'a fox', background: 'transparent', outputFormat: 'jpeg' })).rejects.toMatchObject({ code: 'invalid_request' });
    expect(called).toBe(false);
  });

  it('cancels promptly even when a model ignores the abort signal', async () => {
    const controller = new AbortController();
    const pending = generateImage({ model: scriptedModel([{ type: 'started', model: 'scripted', prompt: 'x' }, completed(png)], { hangAfter: 1 }), prompt: 'x', abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('turns a model that throws a plain error into a server error with the detail', async () => {
    const model: ImageModel = {
      specificationVersion: 'v1',
      provider: 'test',
      modelId: 'broken',
      // eslint-disable-next-line require-yield
      async *generate() {
        await Promise.resolve();
        throw new Error('disk on fire');
      },
    };
    await expect(generateImage({ model, prompt: 'x' })).rejects.toMatchObject({ code: 'server', message: expect.stringContaining('disk on fire') });
  });
});
