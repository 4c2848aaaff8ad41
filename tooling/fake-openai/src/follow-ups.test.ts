import { createHash } from 'node:crypto';

import OpenAI, { toFile } from 'openai';
import sharp, { type Metadata } from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type FakeOpenAI, startFakeOpenAI } from './fake-openai-server.ts';

let fake: FakeOpenAI;
let client: OpenAI;
let parent: Buffer;
let parentUrl: string;
const apiKey = 'sk-fake-test-key-000111222';

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey, baseURL: fake.url, maxRetries: 0 });
  parent = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#c04040' } }).png().toBuffer();
  parentUrl = `data:image/png;base64,${parent.toString('base64')}`;
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.setScenario('ok');
  fake.clearRequests();
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify(body) });
}

async function imageOf(response: Response): Promise<Metadata & { isOpaque: boolean }> {
  const body = (await response.json()) as { data: Array<{ b64_json: string }> };
  const bytes = Buffer.from(body.data[0]?.b64_json ?? '', 'base64');
  return { ...(await sharp(bytes).metadata()), isOpaque: (await sharp(bytes).stats()).isOpaque };
}

async function events(body: unknown): Promise<Array<Record<string, unknown>>> {
  const text = await (await post('/responses', body)).text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => JSON.parse(block.split('\n')[1]?.slice('data: '.length) ?? '{}') as Record<string, unknown>);
}

const doneItems = (stream: Array<Record<string, unknown>>, type: string): Array<Record<string, unknown>> =>
  stream.filter((event) => event.type === 'response.output_item.done').map((event) => event.item as Record<string, unknown>).filter((item) => item.type === type);

describe('fake OpenAI: input images, as the real API takes them', () => {
  it('takes an edit as JSON `images: [{ image_url }]` (how Codex sends it) and records the exact bytes that arrived', async () => {
    const response = await post('/images/edits', { images: [{ image_url: parentUrl }], prompt: 'make it bluer', background: 'transparent', model: 'gpt-image-2', quality: 'auto', size: 'auto' });
    expect(response.status).toBe(200);
    const image = await imageOf(response);
    expect([image.format, image.hasAlpha, image.isOpaque]).toEqual(['png', true, false]);
    expect(fake.requests[0]?.inputImages).toEqual([{ source: 'images', mediaType: 'image/png', claimedType: 'image/png', sha256: sha256(parent), size: parent.length, width: 48, height: 32 }]);
  });

  it('takes an edit as multipart files (how the SDK sends it), recording each file\'s hash', async () => {
    await client.images.edit({ model: 'gpt-image-2', prompt: 'bluer', image: [await toFile(parent, 'parent.png', { type: 'image/png' })] });
    expect(fake.requests[0]?.inputImages).toMatchObject([{ source: 'image', mediaType: 'image/png', sha256: sha256(parent), width: 48, height: 32 }]);
    expect(fake.requests[0]?.body).toMatchObject({ 'image[]': { file: 'parent.png', type: 'image/png', sha256: sha256(parent) } });
  });

  it('refuses an edit without an image, and an image that is not one, as the real API does', async () => {
    const missing = await post('/images/edits', { prompt: 'bluer' });
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([400, 'missing_required_parameter']);
    const html = `data:image/png;base64,${Buffer.from('<!DOCTYPE html><p>hi</p>').toString('base64')}`;
    const disguised = await post('/images/edits', { images: [{ image_url: html }], prompt: 'bluer' });
    expect(disguised.status).toBe(400);
    expect(await disguised.json()).toMatchObject({ error: { code: 'invalid_image', message: 'Invalid input image 1: The image data is not a PNG, JPEG, WebP or GIF file.' } });
    const remote = await post('/images/edits', { images: [{ image_url: 'https://example.com/x.png' }], prompt: 'bluer' });
    expect(remote.status).toBe(400);
    const mislabelled = await post('/images/edits', { images: [{ image_url: `data:image/jpeg;base64,${parent.toString('base64')}` }], prompt: 'bluer' });
    expect(await mislabelled.json()).toMatchObject({ error: { message: 'Invalid input image 1: The data URL says image/jpeg but holds image/png.' } });
  });

  it('draws a transparent background when asked, unless the opaque-background scenario ignores it; refuses transparent JPEG', async () => {
    const transparent = await imageOf(await post('/images/generations', { prompt: 'a sprite sheet', background: 'transparent', size: '256x128' }));
    expect([transparent.hasAlpha, transparent.isOpaque]).toEqual([true, false]);
    fake.setScenario('opaque-background');
    const ignored = await imageOf(await post('/images/generations', { prompt: 'a sprite sheet', background: 'transparent', size: '256x128' }));
    expect(ignored.isOpaque).toBe(true);
    fake.setScenario('ok');
    expect((await post('/images/generations', { prompt: 'x', background: 'transparent', output_format: 'jpeg' })).status).toBe(400);
  });

  it('wrong-size: draws another size than the one asked for, as some models do', async () => {
    fake.setScenario('wrong-size');
    const square = await imageOf(await post('/images/generations', { prompt: 'x', size: '256x256' }));
    expect([square.width, square.height]).toEqual([1536, 1024]);
    const wide = await imageOf(await post('/images/generations', { prompt: 'x', size: '320x160' }));
    expect([wide.width, wide.height]).toEqual([160, 320]);
  });
});

describe('fake OpenAI: the hosted image tool edits and makes variants', () => {
  const user = (content: unknown[]): unknown => ({ type: 'message', role: 'user', content });

  it('edits an input_image of the turn: the call says `action: edit`, and the request records the image', async () => {
    const stream = await events({
      model: 'gpt-5',
      stream: true,
      tools: [{ type: 'image_generation', background: 'transparent', size: '256x256', quality: 'high' }],
      input: [user([{ type: 'input_text', text: 'make it bluer' }, { type: 'input_image', image_url: parentUrl, detail: 'auto' }])],
    });
    const [call] = doneItems(stream, 'image_generation_call');
    expect(call).toMatchObject({ action: 'edit', background: 'transparent', quality: 'high', size: '256x256', revised_prompt: 'make it bluer, detailed illustration' });
    expect((await sharp(Buffer.from(call?.result as string, 'base64')).stats()).isOpaque).toBe(false);
    expect(fake.requests[0]?.inputImages).toMatchObject([{ source: 'input_image', sha256: sha256(parent) }]);
  });

  it('edits the image of the previous response on a follow-up in words, and generates on a new request', async () => {
    const first = await events({ model: 'gpt-5', stream: true, tools: [{ type: 'image_generation' }], input: 'concept art for an airship' });
    const firstId = (first.at(-1)?.response as { id: string }).id;
    expect(doneItems(first, 'image_generation_call')[0]).toMatchObject({ action: 'generate' });
    const followUp = await events({ model: 'gpt-5', stream: true, previous_response_id: firstId, tools: [{ type: 'image_generation' }], input: 'make it bluer' });
    expect(doneItems(followUp, 'image_generation_call')[0]).toMatchObject({ action: 'edit' });
    const fresh = await events({ model: 'gpt-5', stream: true, previous_response_id: firstId, tools: [{ type: 'image_generation' }], input: 'a new castle' });
    expect(doneItems(fresh, 'image_generation_call')[0]).toMatchObject({ action: 'generate' });
  });

  it('makes the variants a host note asks for, and keeps the note out of the prompt', async () => {
    const stream = await events({
      model: 'gpt-5',
      stream: true,
      tools: [{ type: 'image_generation', size: '256x256' }],
      input: [user([{ type: 'input_text', text: 'an airship icon' }, { type: 'input_text', text: '[Forge: the user asked for 3 variants: call the image tool 3 times.]' }])],
    });
    const calls = doneItems(stream, 'image_generation_call');
    expect(calls.map((call) => call.revised_prompt)).toEqual([1, 2, 3].map((index) => `an airship icon (variant ${index} of 3), detailed illustration`));
  });

  it('honours a transparent background asked in words when the tool leaves it to auto', async () => {
    const stream = await events({ model: 'gpt-5', stream: true, tools: [{ type: 'image_generation', size: '256x256' }], input: 'a sprite sheet on a transparent background' });
    expect(doneItems(stream, 'image_generation_call')[0]).toMatchObject({ background: 'transparent' });
  });
});

describe('fake OpenAI: Codex\'s image tool edits what the user attached', () => {
  const codexTools = [{ type: 'namespace', name: 'image_gen', tools: [{ type: 'function', name: 'imagegen' }] }];
  const argumentsOf = (stream: Array<Record<string, unknown>>): unknown[] => doneItems(stream, 'function_call').map((item) => JSON.parse(item.arguments as string) as unknown);

  it('passes the attached file\'s path in referenced_image_paths, and sets transparent_background when asked', async () => {
    const stream = await events({
      model: 'fake',
      stream: true,
      tools: codexTools,
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'make it bluer' },
            { type: 'input_text', text: '[Forge: refine Image #1; the user chose a transparent background.]' },
            { type: 'input_text', text: '<image name=[Image #1] path="/home/ada/p/.forge/generated/a.png">' },
            { type: 'input_image', image_url: parentUrl },
            { type: 'input_text', text: '</image>' },
          ],
        },
      ],
    });
    expect(argumentsOf(stream)).toEqual([{ prompt: 'make it bluer', referenced_image_paths: ['/home/ada/p/.forge/generated/a.png'], transparent_background: true }]);
  });

  it('edits the chat\'s latest image (named by a host note) on a follow-up, and calls the tool once per variant', async () => {
    const note = '[Forge: the latest image of this chat is saved at "/home/ada/p/.forge/generated/b.png"; to change it, pass that path in referenced_image_paths. The user asked for 2 variants.]';
    const stream = await events({ model: 'fake', stream: true, tools: codexTools, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'make it greener' }, { type: 'input_text', text: note }] }] });
    expect(argumentsOf(stream)).toEqual([
      { prompt: 'make it greener (variant 1 of 2)', referenced_image_paths: ['/home/ada/p/.forge/generated/b.png'] },
      { prompt: 'make it greener (variant 2 of 2)', referenced_image_paths: ['/home/ada/p/.forge/generated/b.png'] },
    ]);
    const fresh = await events({ model: 'fake', stream: true, tools: codexTools, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'draw a new castle' }, { type: 'input_text', text: note.replace(' The user asked for 2 variants.', '') }] }] });
    expect(argumentsOf(fresh)).toEqual([{ prompt: 'draw a new castle' }]);
  });
});
