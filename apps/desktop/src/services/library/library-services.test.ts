// The Library through the composition root, as both hosts call it: a chat image appears in
// the listing and as an event, and Show in chat finds the message that made it.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, expect, it } from 'vitest';

import type { CompletedImage } from '@forge/chat-ui';

import type { ForgeEvent } from '../../contract/index.ts';
import { createForgeServices } from '../forge-services.ts';
import type { ForgeServices } from '../forge-services.ts';
import { createLogger } from '../logger.ts';

let workDir: string;
let services: ForgeServices;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'forge-library-services-'));
  await mkdir(join(workDir, 'project'));
  services = await createForgeServices({
    workspace: { mode: 'project', projectDir: join(workDir, 'project') },
    backend: createOfflineBackend({ imageDelayMs: 0 }),
    assetUrl: (path) => `/files/${path}`,
    logger: createLogger({ write: () => undefined }),
    cacheDir: join(workDir, 'cache'),
  });
});

afterEach(async () => {
  await services.close();
  await rm(workDir, { recursive: true, force: true });
});

async function until<T>(read: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it('lists a chat image live and reveals the message that made it', async () => {
  const events: ForgeEvent[] = [];
  services.subscribe((event) => events.push(event));
  expect(await services.callUntrusted('listAssets', {})).toMatchObject({ assets: [], total: 0, nextCursor: null });
  // The watch starts with the first listing; give it a moment to be in place.
  await new Promise((resolve) => setTimeout(resolve, 300));

  await services.call('sendMessage', { text: 'Generate concept art for a steampunk airship' });
  const image = await until(async () => {
    const parts = (await services.call('getState', {})).messages.flatMap((message) => message.parts);
    return parts.find((candidate): candidate is CompletedImage => candidate.type === 'image' && candidate.status === 'completed');
  });
  const changed = await until(() => events.find((event) => event.type === 'assets-changed' && event.added.some((asset) => asset.relativePath === image.relativePath)));
  expect(changed).toMatchObject({ type: 'assets-changed', removed: [] });

  const page = await services.call('listAssets', { query: 'airship' });
  expect(page.assets.map((asset) => asset.relativePath)).toEqual([image.relativePath]);
  expect(page.assets[0]).toMatchObject({ status: 'image', fromChat: true, kind: '' });

  const owner = (await services.call('getState', {})).messages.find((message) => message.parts.some((part) => part.type === 'image' && part.id === image.id));
  expect(await services.callUntrusted('revealInChat', { relativePath: image.relativePath })).toMatchObject({ found: true, messageId: owner?.id });
  expect(await services.callUntrusted('revealInChat', { relativePath: '.forge/generated/sprites/other.png' })).toMatchObject({ found: false });
  await expect(services.callUntrusted('revealInChat', { relativePath: '' })).rejects.toMatchObject({ code: 'invalid_input' });
});
