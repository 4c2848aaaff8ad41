// Issue 17 end to end through the contract, on the offline backend and on the OpenAI backend
// against the fake server (which records what arrived): Refine twice → three files whose
// provenance and ASSETS.md entries name their parents by path and hash; a transparent sprite →
// an RGBA PNG under generated/sprites/; every bad input refused before a backend hears of it.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import { createOfflineBackend, createOpenAIBackend } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';
import { readAssetEntries } from '@forge/assets-memory';
import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { checkGeneratedImage, createOfflineImageModel, generateImage } from '@forge/image-gen';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { ChatImagePart, ContractInput } from '../contract/index.ts';
import { createForgeServices, type ForgeServices } from './forge-services.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ write: () => undefined });
type Completed = Extract<ChatImagePart, { status: 'completed' }>;

let projectDir: string;
let cacheDir: string;
beforeEach(async () => {
  projectDir = await mkdtemp(join(tmpdir(), 'forge-follow-ups-'));
  cacheDir = await mkdtemp(join(tmpdir(), 'forge-follow-ups-cache-'));
});
afterEach(async () => {
  await rm(projectDir, { recursive: true, force: true });
  await rm(cacheDir, { recursive: true, force: true });
});

async function open(backend: AgentBackend): Promise<ForgeServices> {
  return createForgeServices({ workspace: { mode: 'project', projectDir }, backend, assetUrl: (path) => `/files/${path}`, logger, cacheDir });
}

/** Sends, waits for the reply to end, approves its entries; returns its images. */
async function turn(services: ForgeServices, input: ContractInput<'sendMessage'>): Promise<Completed[]> {
  const { messageId } = await services.call('sendMessage', input);
  for (let attempt = 0; attempt < 1_500; attempt += 1) {
    const state = await services.call('getState', {});
    const message = state.messages.find((candidate) => candidate.id === messageId);
    if (message !== undefined && message.pending !== true && !state.busy) {
      const errors = message.parts.filter((part) => part.type === 'error');
      if (errors.length > 0) throw new Error(JSON.stringify(errors));
      for (const part of message.parts) if (part.type === 'proposal') await services.call('approveProposal', { proposalId: part.id });
      return message.parts.filter((part): part is Completed => part.type === 'image' && part.status === 'completed');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the turn did not end');
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const fileOf = (image: Completed): Promise<Buffer> => readFile(join(projectDir, image.relativePath));
const entryPath = (image: Completed): string => image.relativePath.replace(/^\.forge\//, '');

async function refineTwice(services: ForgeServices, options?: ContractInput<'sendMessage'>['imageOptions']): Promise<[Completed, Completed, Completed]> {
  const [first] = await turn(services, { text: 'concept art of a red steampunk airship' });
  if (first === undefined) throw new Error('no first image');
  // Refine puts the chip in the composer; a message that brings no chips of its own edits it.
  const chip = await services.call('refineImage', { imageId: first.id });
  expect(chip).toMatchObject({ relativePath: first.relativePath, role: 'parent' });
  expect((await services.call('getState', {})).composerAttachments).toEqual([chip]);
  const [second] = await turn(services, { text: 'make it bluer', ...(options === undefined ? {} : { imageOptions: options }) });
  if (second === undefined) throw new Error('no refined image');
  expect((await services.call('getState', {})).composerAttachments).toEqual([]);
  // The renderer's way: the chips sent with the message.
  const [third] = await turn(services, { text: 'same airship, from the side', attachments: [{ relativePath: second.relativePath }] });
  if (third === undefined) throw new Error('no second refinement');
  return [first, second, third];
}

async function expectLineage(services: ForgeServices, [first, second, third]: [Completed, Completed, Completed]): Promise<void> {
  const files = await readdir(join(projectDir, '.forge', 'generated'));
  expect(files.filter((name) => name.endsWith('.png'))).toHaveLength(3);
  for (const [child, parent] of [[second, first], [third, second]] as const) {
    const asset = await services.store.get(child.relativePath);
    expect(asset.provenance.derivedFrom).toEqual([{ relativePath: parent.relativePath, sha256: sha(await fileOf(parent)), role: 'parent' }]);
    expect(child.derivedFrom).toEqual([{ relativePath: parent.relativePath, role: 'parent', imageId: parent.id }]);
  }
  const entries = await readAssetEntries(join(projectDir, '.forge'));
  expect(entries.map((entry) => ({ file: entry.file, parents: entry.derivedFrom?.map((parent) => parent.file) }))).toEqual([
    { file: entryPath(first), parents: undefined },
    { file: entryPath(second), parents: [entryPath(first)] },
    { file: entryPath(third), parents: [entryPath(second)] },
  ]);
  const text = await readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8');
  expect(text).toContain(`- Refined from: [${entryPath(first)}](${entryPath(first)}) (sha256 ${sha(await fileOf(first)).slice(0, 12)}…)`);
}

describe('offline: refine, options, sprites', () => {
  it('refine twice → three files, each child naming its parent by path and hash, in its provenance, the chat and ASSETS.md', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const images = await refineTwice(services);
      await expectLineage(services, images);
      const [first, second] = images;
      expect(sha(await fileOf(second))).not.toBe(sha(await fileOf(first)));
    } finally {
      await services.close();
    }
  });

  it('a follow-up in words ("make it bluer") after an image refines the latest image; a new request draws anew', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const [first] = await turn(services, { text: 'concept art of a red steampunk airship' });
      if (first === undefined) throw new Error('no image');
      const [bluer] = await turn(services, { text: 'make it bluer' });
      expect(bluer?.derivedFrom).toEqual([{ relativePath: first.relativePath, role: 'parent', imageId: first.id }]);
      expect((await services.store.get(bluer?.relativePath ?? '')).provenance.derivedFrom).toEqual([{ relativePath: first.relativePath, sha256: sha(await fileOf(first)), role: 'parent' }]);
      const [fresh] = await turn(services, { text: 'draw a lighthouse at night' });
      expect(fresh?.derivedFrom).toBeUndefined();
    } finally {
      await services.close();
    }
  });

  it('a transparent sprite request → a PNG with an alpha channel under generated/sprites/, shown on a checkerboard', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const [sprite] = await turn(services, { text: 'make me a sprite of a knight', imageOptions: { background: 'transparent', size: '1024x1024' } });
      if (sprite === undefined) throw new Error('no sprite');
      expect(sprite.relativePath).toMatch(/^\.forge\/generated\/sprites\/[^/]+\.png$/);
      expect(sprite).toMatchObject({ mediaType: 'image/png', width: 1024, height: 1024, hasTransparency: true });
      expect(sprite.warnings).toBeUndefined();
      expect(await checkGeneratedImage(await fileOf(sprite), { background: 'transparent' })).toMatchObject({ hasTransparency: true, warnings: [] });
    } finally {
      await services.close();
    }
  });

  it('"Make me a sprite sheet … on a transparent background" in words alone → an RGBA PNG under generated/sprites/', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const [sheet] = await turn(services, { text: 'Make me a sprite sheet of a four-frame walk cycle on a transparent background' });
      if (sheet === undefined) throw new Error('no sprite sheet');
      expect(sheet.relativePath).toMatch(/^\.forge\/generated\/sprites\/[^/]+\.png$/);
      expect(sheet).toMatchObject({ hasTransparency: true });
      expect(sheet.warnings).toBeUndefined();
    } finally {
      await services.close();
    }
  });

  it('count 3 → three images side by side, each saved', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const images = await turn(services, { text: 'draw a castle icon', imageOptions: { count: 3 } });
      expect(images).toHaveLength(3);
      // Side by side: the three images are consecutive parts, their proposals after them.
      const reply = (await services.call('getState', {})).messages.at(-1);
      expect(reply?.parts.map((part) => part.type)).toEqual(['text', 'image', 'image', 'image', 'proposal', 'proposal', 'proposal', 'text']);
      expect(new Set(await Promise.all(images.map(async (image) => sha(await fileOf(image))))).size).toBe(3);
    } finally {
      await services.close();
    }
  });
});

describe('OpenAI backend against the fake server', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('refine twice: each parent reaches the API as an input_image (by hash), the options on the image tool', { timeout: 120_000 }, async () => {
    fake.clearRequests();
    const services = await open(createOpenAIBackend({ apiKey: 'sk-test-forge-0123456789abcdef', baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'] }));
    try {
      const images = await refineTwice(services, { size: '1024x1024', quality: 'high' });
      await expectLineage(services, images);
      const responses = fake.requests.filter((request) => request.path.endsWith('/responses'));
      expect(responses.map((request) => request.inputImages.map((image) => image.sha256))).toEqual([[], [sha(await fileOf(images[0]))], [sha(await fileOf(images[1]))]]);
      expect(responses[1]?.body).toMatchObject({ tools: [{ type: 'image_generation', size: '1024x1024', quality: 'high' }] });
    } finally {
      await services.close();
    }
  });

  it('an image that ignored the transparent background gets a visible warning', { timeout: 120_000 }, async () => {
    fake.setScenario('opaque-background');
    const services = await open(createOpenAIBackend({ apiKey: 'sk-test-forge-0123456789abcdef', baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'] }));
    try {
      const [image] = await turn(services, { text: 'a sprite of a slime', imageOptions: { background: 'transparent' } });
      expect(image).toMatchObject({ hasTransparency: false, warnings: ['Asked for a transparent background, but every pixel of this image is opaque.'] });
    } finally {
      fake.setScenario('ok');
      await services.close();
    }
  });
});

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, checksum]);
}

/** A PNG header claiming 20,000 × 20,000 pixels over a few bytes: a decompression bomb's shape. */
function bomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(20_000, 0);
  header.writeUInt32BE(20_000, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

/** Two 1 × 1 frames. */
function animatedGif(): Buffer {
  const frame = [0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0x02, 0x02, 0x44, 0x01, 0x00];
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([1, 0, 1, 0, 0, 0, 0]), Buffer.from(frame), Buffer.from(frame), Buffer.from([0x3b])]);
}

describe('bad input: refused with a clear message before anything reaches a backend; nothing half-written', () => {
  it('refuses a 25 MB file, HTML named .png, a 20,000 × 20,000 bomb and an animated GIF; keeps a good reference under generated/references/', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const attach = (name: string, bytes: Buffer) => services.respond('attachImage', { name, bytes: bytes.toString('base64') });
      const huge = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(25 * 1024 * 1024)]);
      expect(await attach('huge.png', huge)).toMatchObject({ ok: false, error: { code: 'invalid_image', message: expect.stringMatching(/25(\.\d)? MB/) as unknown } });
      expect(await attach('page.png', Buffer.from('<!doctype html><html><body>hi</body></html>'))).toMatchObject({ ok: false, error: { code: 'invalid_image', message: expect.stringMatching(/web page|HTML/i) as unknown } });
      expect(await attach('bomb.png', bomb())).toMatchObject({ ok: false, error: { code: 'invalid_image', message: expect.stringMatching(/20,000 × 20,000/) as unknown } });
      expect(await attach('dance.gif', animatedGif())).toMatchObject({ ok: false, error: { code: 'invalid_image', message: expect.stringMatching(/GIF/) as unknown } });
      await expect(readdir(join(projectDir, '.forge', 'generated', 'references'))).rejects.toThrow();

      const sketch = await generateImage({ model: createOfflineImageModel(), prompt: 'a pencil sketch of a tower', size: '1024x1024' });
      const kept = await services.call('attachImage', { name: 'sketch.png', bytes: Buffer.from(sketch.bytes).toString('base64') });
      expect(kept).toMatchObject({ role: 'reference', relativePath: expect.stringMatching(/^\.forge\/generated\/references\/[^/]+\.png$/) as unknown });
      expect((await services.store.get(kept.relativePath)).provenance.source).toBe('reference');
      const [drawn] = await turn(services, { text: 'draw a tower in this style', attachments: [{ relativePath: kept.relativePath }] });
      expect((await services.store.get(drawn?.relativePath ?? '')).provenance.derivedFrom).toEqual([
        // The hash of the kept file (with its provenance written in), as the request read it.
        { relativePath: kept.relativePath, sha256: sha(await readFile(join(projectDir, kept.relativePath))), role: 'reference' },
      ]);
    } finally {
      await services.close();
    }
  });

  it('a reference deleted before send, and a refine of an image that was moved, are refused and nothing is sent', { timeout: 120_000 }, async () => {
    const services = await open(createOfflineBackend());
    try {
      const [image] = await turn(services, { text: 'draw a lighthouse' });
      if (image === undefined) throw new Error('no image');
      const sketch = await generateImage({ model: createOfflineImageModel(), prompt: 'a sketch', size: '1024x1024' });
      const reference = await services.call('attachImage', { name: 'sketch.png', bytes: Buffer.from(sketch.bytes).toString('base64') });
      await rm(join(projectDir, reference.relativePath));
      const before = (await services.call('getState', {})).messages.length;
      expect(await services.respond('sendMessage', { text: 'in this style', attachments: [{ relativePath: reference.relativePath }] })).toEqual({
        ok: false,
        error: { code: 'not_found', message: `The reference ${reference.relativePath.split('/').at(-1) ?? ''} was deleted before sending. Remove its chip, or attach it again.` },
      });
      await services.call('refineImage', { imageId: image.id });
      await rename(join(projectDir, image.relativePath), join(projectDir, '.forge', 'moved.png'));
      expect(await services.respond('sendMessage', { text: 'make it bluer' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/moved or deleted/) as unknown } });
      expect((await services.call('getState', {})).messages).toHaveLength(before);
    } finally {
      await services.close();
    }
  });

  it('a backend that cannot take an input image refuses Refine and Attach image with its reason', { timeout: 60_000 }, async () => {
    const offline = createOfflineBackend();
    const textOnly: AgentBackend = { ...offline, capabilities: { agentTools: false, imageInput: { supported: false, reason: "Codex's image tool cannot take an image from Forge." } } };
    const services = await open(textOnly);
    try {
      const [image] = await turn(services, { text: 'draw a lighthouse' });
      expect(await services.respond('refineImage', { imageId: image?.id ?? '' })).toEqual({ ok: false, error: { code: 'invalid_input', message: "Codex's image tool cannot take an image from Forge." } });
      expect((await services.call('getState', {})).imageSupport).toMatchObject({ imageInput: { supported: false }, size: { supported: false } });
      // An option it cannot pass on is refused with its reason, never dropped; Auto is no choice and goes through.
      expect(await services.respond('sendMessage', { text: 'a sprite', imageOptions: { background: 'transparent' } })).toEqual({
        ok: false,
        error: { code: 'unsupported', message: 'The offline backend cannot take a background choice.' },
      });
      expect(await services.respond('sendMessage', { text: 'hello', imageOptions: { background: 'auto', count: 1 } })).toMatchObject({ ok: true });
    } finally {
      await services.close();
    }
  });
});
