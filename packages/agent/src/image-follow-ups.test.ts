// Refine, references and the composer's options, on the offline backend and on the OpenAI
// backend against the fake server (which records what arrived: the test checks the image and
// the options reach the API as it takes them).
import { createHash } from 'node:crypto';

import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { checkGeneratedImage, createOfflineImageModel, generateImage, inspectImage } from '@forge/image-gen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AgentBackend, AgentInputImage, AgentTurnEvent, RunTurnOptions } from './agent-backend-spec.ts';
import { backendImageSupport, supportedImageOptions } from './agent-image-support.ts';
import { createCodexBackend } from './codex/codex-backend.ts';
import { createOfflineBackend } from './offline/offline-backend.ts';
import { createOpenAIBackend } from './openai/openai-backend.ts';

const apiKey = 'sk-test-forge-0123456789abcdef';

async function completedImages(backend: AgentBackend, turn: Omit<RunTurnOptions, 'threadId' | 'mode'>): Promise<Uint8Array[]> {
  const images: Uint8Array[] = [];
  const events: AgentTurnEvent[] = [];
  for await (const event of backend.runTurn({ threadId: 't1', mode: 'agent', ...turn })) {
    events.push(event);
    if (event.type === 'image' && event.event.type === 'completed') images.push(event.event.bytes);
  }
  const failed = events.find((event) => event.type === 'turn-failed');
  if (failed !== undefined) throw new Error(JSON.stringify(failed));
  return images;
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let parent: AgentInputImage;
beforeAll(async () => {
  const drawn = await generateImage({ model: createOfflineImageModel(), prompt: 'a red steampunk airship', size: '1024x1024' });
  parent = { bytes: drawn.bytes, mediaType: 'image/png', role: 'parent', relativePath: '.forge/generated/airship.png' };
});

describe('offline: refine and options', () => {
  it('"make it bluer" with the image to refine edits that image (same size, different pixels), deterministically', async () => {
    const backend = createOfflineBackend();
    const [edited] = await completedImages(backend, { input: { text: 'make it bluer', images: [parent] } });
    if (edited === undefined) throw new Error('no image');
    expect(inspectImage(edited)).toMatchObject({ width: 1024, height: 1024 });
    expect(sha(edited)).not.toBe(sha(parent.bytes));
    const [again] = await completedImages(backend, { input: { text: 'make it bluer', images: [parent] } });
    expect(sha(again ?? new Uint8Array())).toBe(sha(edited));
  });

  it('without an image, "make it bluer" draws nothing (it is not a picture request)', async () => {
    expect(await completedImages(createOfflineBackend(), { input: { text: 'make it bluer' } })).toEqual([]);
  });

  it('count 3 and a transparent square: three different images, each with see-through pixels at the size asked', async () => {
    const images = await completedImages(createOfflineBackend(), {
      input: { text: 'make me a sprite of a knight', imageOptions: { count: 3, background: 'transparent', size: '1024x1024' } },
    });
    expect(images).toHaveLength(3);
    expect(new Set(images.map(sha)).size).toBe(3);
    for (const image of images) {
      const check = await checkGeneratedImage(image, { size: '1024x1024', background: 'transparent' });
      expect(check).toMatchObject({ width: 1024, height: 1024, hasTransparency: true, warnings: [] });
    }
  });
});

describe('OpenAI backend on the fake server: refine and options', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('hands the image to refine as an input_image and the options to the image tool; the fake edits it', async () => {
    fake.clearRequests();
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'] });
    const images = await completedImages(backend, {
      input: { text: 'make it bluer', images: [parent], imageOptions: { size: '1024x1024', quality: 'low', background: 'transparent' } },
    });
    expect(images).toHaveLength(1);
    const request = fake.requests.find((candidate) => candidate.path.endsWith('/responses'));
    expect(request?.inputImages).toEqual([expect.objectContaining({ mediaType: 'image/png', sha256: sha(parent.bytes), width: 1024, height: 1024 })]);
    expect(request?.body).toMatchObject({ tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low', background: 'transparent' }] });
    const check = await checkGeneratedImage(images[0] ?? new Uint8Array(), { size: '1024x1024', background: 'transparent' });
    expect(check).toMatchObject({ hasTransparency: true, warnings: [] });
  });

  it('count 2 asks for two variants and gets two images', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'] });
    expect(await completedImages(backend, { input: { text: 'a castle icon', imageOptions: { count: 2 } } })).toHaveLength(2);
  });

  it('a result that ignored the transparent background is caught by the check', async () => {
    fake.setScenario('opaque-background');
    try {
      const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'] });
      const [image] = await completedImages(backend, { input: { text: 'a sprite of a slime', imageOptions: { background: 'transparent' } } });
      const check = await checkGeneratedImage(image ?? new Uint8Array(), { background: 'transparent' });
      expect(check.warnings.map((warning) => warning.message)).toEqual(['Asked for a transparent background, but every pixel of this image is opaque.']);
    } finally {
      fake.setScenario('ok');
    }
  });
});

describe('what each backend takes', () => {
  it('Codex: refine and every option disabled, each with a reason; offline and OpenAI take them', () => {
    const codex = backendImageSupport(createCodexBackend({ codexHome: '/nonexistent' }));
    expect(codex.imageInput.supported ? '' : codex.imageInput.reason).toMatch(/^Codex's image tool cannot take an image/);
    for (const option of Object.values(codex.imageOptions)) expect(option.supported ? '' : option.reason).toMatch(/\w{3,}/);
    expect(backendImageSupport(createOpenAIBackend({ apiKey })).imageInput).toEqual({ supported: true });
    const offline = backendImageSupport(createOfflineBackend());
    expect(offline.imageOptions.quality).toEqual({ supported: false, reason: 'The offline model has one quality.' });
    expect(supportedImageOptions(offline, { quality: 'high', count: 2 })).toEqual({ count: 2 });
  });
});
