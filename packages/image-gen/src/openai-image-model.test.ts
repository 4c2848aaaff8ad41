import { type FakeOpenAI, type FakeScenario, startFakeOpenAI } from '@forge/fake-openai';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { ImageGenerationError } from './image-generation-error.ts';
import type { ImageGenerationEvent } from './image-model-spec.ts';
import { createOpenAIImageModel, type OpenAIImageModelOptions } from './openai-image-model.ts';

const apiKey = 'sk-test-forge-0123456789abcdef';
let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.setScenario('ok');
  fake.clearRequests();
});

function model(options: OpenAIImageModelOptions = {}) {
  return createOpenAIImageModel({ apiKey, baseURL: fake.url, ...options });
}

async function failure(promise: Promise<unknown>): Promise<ImageGenerationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!ImageGenerationError.isInstance(error)) throw new Error(`expected an ImageGenerationError, got ${String(error)}`);
  return error;
}

describe('OpenAI image model: success', () => {
  it('streams partial previews in order, each before the final image, and returns a decodable image', async () => {
    fake.setScenario({ name: 'slow', delayMs: 40 });
    const events: Array<{ type: string; index?: number; at: number }> = [];
    const image = await generateImage({
      model: model(),
      prompt: 'concept art for a steampunk airship',
      size: '1024x1024',
      partialImages: 2,
      onEvent: (event) => events.push({ type: event.type, ...(event.type === 'partial' ? { index: event.index } : {}), at: performance.now() }),
    });
    expect(events.map((event) => (event.index === undefined ? event.type : `${event.type}:${event.index}`))).toEqual(['started', 'partial:0', 'partial:1', 'completed']);
    const completedAt = events[3]!.at;
    expect(events[1]!.at).toBeLessThan(completedAt - 20);
    expect(events[2]!.at).toBeLessThan(completedAt - 20);
    const metadata = await sharp(image.bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1024, 1024]);
    expect(image).toMatchObject({ mediaType: 'image/png', width: 1024, height: 1024, model: 'gpt-image-2', warnings: [] });
    expect(image.usage?.totalTokens).toBeGreaterThan(0);
  });

  it('sends every gpt-image option with n = 1 and returns the requested format', async () => {
    const image = await generateImage({
      model: model({ model: 'gpt-image-2' }),
      prompt: 'a UI button in three states',
      size: '1536x864',
      quality: 'high',
      background: 'opaque',
      outputFormat: 'webp',
      outputCompression: 70,
      moderation: 'low',
      partialImages: 1,
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toEqual({
      model: 'gpt-image-2',
      prompt: 'a UI button in three states',
      n: 1,
      size: '1536x864',
      quality: 'high',
      background: 'opaque',
      output_format: 'webp',
      output_compression: 70,
      moderation: 'low',
      stream: true,
      partial_images: 1,
    });
    expect([image.mediaType, image.width, image.height]).toEqual(['image/webp', 1536, 864]);
    expect((await sharp(image.bytes).metadata()).format).toBe('webp');
  });

  it('works without streaming against servers that cannot stream, warning that partials were skipped', async () => {
    const image = await generateImage({ model: model({ stream: false }), prompt: 'a red fox', size: '1024x1024', partialImages: 2 });
    expect(fake.requests[0]!.body).not.toHaveProperty('stream');
    expect(image.width).toBe(1024);
    expect(image.warnings.map((warning) => warning.option)).toEqual(['partialImages']);
  });

  it('edits with input images through /images/edits as multipart', async () => {
    const reference = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } }).png().toBuffer();
    const events: ImageGenerationEvent['type'][] = [];
    const image = await generateImage({
      model: model(),
      prompt: 'make it night',
      size: '1024x1024',
      inputImages: [new Uint8Array(reference)],
      partialImages: 1,
      onEvent: (event) => events.push(event.type),
    });
    expect(events).toEqual(['started', 'partial', 'completed']);
    expect(fake.requests[0]!.path).toBe('/v1/images/edits');
    expect(fake.requests[0]!.body).toMatchObject({ prompt: 'make it night', model: 'gpt-image-2', 'image[]': { type: 'image/png', size: reference.length } });
    expect(image.width).toBe(1024);
  });

  it('warns about a seed instead of failing', async () => {
    const image = await generateImage({ model: model(), prompt: 'a red fox', seed: 7 });
    expect(image.warnings).toEqual([expect.objectContaining({ type: 'unsupported-option', option: 'seed' })]);
  });

  it('lists only the image models the key can see', async () => {
    await expect(model().listModels()).resolves.toEqual(['gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2']);
  });

  it('refuses a custom size gpt-image-2 cannot draw, naming one it can, without calling the API', async () => {
    const error = await failure(generateImage({ model: model(), prompt: 'a banner', size: '1000x100' }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/multiples of 16.*aspect ratio.*Try \d+x\d+/);
    expect(fake.requests).toHaveLength(0);
  });
});

interface MappingRow {
  scenario: FakeScenario;
  code: ImageGenerationError['code'];
  retryable: boolean;
  requests: number;
  options?: OpenAIImageModelOptions;
  /** Faults inside a stream exist only when streaming. */
  streamOnly?: boolean;
}

const mapping: Record<string, MappingRow> = {
  '429 insufficient_quota': { scenario: 'quota', code: 'quota_exceeded', retryable: false, requests: 1 },
  '429 rate limit asking for longer than the cap': { scenario: { name: 'rate-limit', retryAfterMs: 3_600_000 }, code: 'rate_limited', retryable: true, requests: 1 },
  '429 rate limit on every retry': { scenario: { name: 'rate-limit', retryAfterMs: 10 }, code: 'rate_limited', retryable: true, requests: 3 },
  '400 moderation_blocked': { scenario: 'moderation', code: 'content_policy', retryable: false, requests: 1 },
  '400 invalid value': { scenario: 'bad-request', code: 'invalid_request', retryable: false, requests: 1 },
  '401 bad key': { scenario: 'unauthorized', code: 'authentication', retryable: false, requests: 1 },
  '403 not allowed': { scenario: 'forbidden', code: 'permission', retryable: false, requests: 1 },
  '404 model': { scenario: 'model-not-found', code: 'model_unavailable', retryable: false, requests: 1 },
  '500 on every retry': { scenario: 'server-error', code: 'server', retryable: true, requests: 3, options: { sleep: () => Promise.resolve() } },
  '503 without retries': { scenario: { name: 'server-error', status: 503 }, code: 'server', retryable: true, requests: 1, options: { maxRetries: 0 } },
  'connection reset': { scenario: 'disconnect', code: 'network', retryable: true, requests: 2, options: { maxRetries: 1, sleep: () => Promise.resolve() } },
  'disconnect mid-stream (after a partial: no retry)': { scenario: 'disconnect-mid-stream', code: 'network', retryable: true, requests: 1, streamOnly: true },
  'error event mid-stream': { scenario: 'stream-error', code: 'server', retryable: true, requests: 1, streamOnly: true },
  'hang until the deadline': { scenario: 'hang', code: 'timeout', retryable: true, requests: 1, options: { timeoutMs: 150, maxRetries: 0 } },
  'garbage body': { scenario: 'garbage', code: 'invalid_output', retryable: false, requests: 1 },
  'HTML page with status 200': { scenario: 'html', code: 'invalid_output', retryable: false, requests: 1 },
  'not an image': { scenario: 'invalid-image', code: 'invalid_output', retryable: false, requests: 1 },
  'truncated base64': { scenario: 'truncated-image', code: 'invalid_output', retryable: false, requests: 1 },
  'empty result': { scenario: 'empty', code: 'invalid_output', retryable: false, requests: 1 },
};

describe('OpenAI image model: every failure maps to one code', () => {
  for (const [name, row] of Object.entries(mapping)) {
    for (const streaming of row.streamOnly === true ? [true] : [true, false]) {
      it(`${name} (${streaming ? 'streaming' : 'plain JSON'})`, async () => {
        fake.setScenario(row.scenario);
        const error = await failure(generateImage({ model: model({ stream: streaming, ...row.options }), prompt: 'a red fox', partialImages: 1 }));
        expect({ code: error.code, retryable: error.retryable }).toEqual({ code: row.code, retryable: row.retryable });
        expect(fake.requests).toHaveLength(row.requests);
        expect(error.message).not.toContain(apiKey);
        expect(JSON.stringify(error)).not.toContain(apiKey);
      });
    }
  }

  it('reports when a spent ChatGPT-style quota resets', async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 7200;
    fake.setScenario({ name: 'usage-limit', resetsAt });
    const error = await failure(generateImage({ model: model(), prompt: 'a red fox' }));
    expect(error.code).toBe('quota_exceeded');
    expect(error.resetsAt?.getTime()).toBe(resetsAt * 1000);
    expect(error.message).toContain(new Date(resetsAt * 1000).toISOString());
    expect(fake.requests).toHaveLength(1);
  });

  it('tells how long to wait when the rate limit asks for longer than it will sit through', async () => {
    fake.setScenario({ name: 'rate-limit', retryAfterSeconds: 120 });
    const error = await failure(generateImage({ model: model(), prompt: 'a red fox' }));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 120_000 });
    expect(error.message).toContain('Try again in 2 min');
  });

  it('never puts the API key in the message, JSON or recorded headers of a 401', async () => {
    fake.setScenario('unauthorized');
    const error = await failure(generateImage({ model: model(), prompt: 'a red fox' }));
    expect(error.message).toMatch(/Settings → Account/);
    expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toMatch(/sk-/);
    expect(JSON.stringify(fake.requests)).not.toContain(apiKey);
  });
});

describe('OpenAI image model: retries and cancellation', () => {
  it('retries a rate limit after the wait the server asked for, then succeeds', async () => {
    fake.script({ name: 'rate-limit', retryAfterMs: 60 }, { name: 'rate-limit', retryAfterMs: 60 });
    const startedAt = performance.now();
    const image = await generateImage({ model: model(), prompt: 'a red fox', size: '1024x1024' });
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(115);
    expect(fake.requests.map((request) => request.scenario.name)).toEqual(['rate-limit', 'rate-limit', 'ok']);
    expect(image.width).toBe(1024);
  });

  it('sends a quota failure exactly once even with retries allowed', async () => {
    fake.setScenario('quota');
    await failure(generateImage({ model: model({ maxRetries: 5 }), prompt: 'a red fox' }));
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a server error and succeeds', async () => {
    fake.script('server-error');
    const image = await generateImage({ model: model({ sleep: () => Promise.resolve() }), prompt: 'a red fox' });
    expect(fake.requests).toHaveLength(2);
    expect(image.bytes.length).toBeGreaterThan(0);
  });

  it('cancels mid-stream: no completed event, a cancelled error, and the connection is closed', async () => {
    fake.setScenario('hang-mid-stream');
    const controller = new AbortController();
    const events: string[] = [];
    const pending = generateImage({
      model: model(),
      prompt: 'a red fox',
      partialImages: 2,
      abortSignal: controller.signal,
      onEvent: (event) => {
        events.push(event.type);
        if (event.type === 'partial') controller.abort();
      },
    });
    const error = await failure(pending);
    expect(error.code).toBe('cancelled');
    expect(events).toEqual(['started', 'partial', 'failed']);
    await expect.poll(() => fake.requests[0]?.closedByClient, { timeout: 2000 }).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('cancels while waiting to retry', async () => {
    fake.setScenario({ name: 'rate-limit', retryAfterMs: 5_000 });
    const controller = new AbortController();
    const pending = generateImage({ model: model(), prompt: 'a red fox', abortSignal: controller.signal });
    await expect.poll(() => fake.requests.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(fake.requests).toHaveLength(1);
  });

  it('needs an API key', () => {
    expect(() => createOpenAIImageModel({ baseURL: fake.url })).toThrow(expect.objectContaining({ code: 'authentication' }));
  });
});
