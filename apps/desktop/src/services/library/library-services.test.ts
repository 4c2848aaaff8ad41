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

it('Show in chat finds the thread that made an image from another thread, after a restart, and not from another workspace', async () => {
  // Services with a data folder, so threads are kept in the database.
  await services.close();
  const dataDir = join(workDir, 'data');
  const start = (projectDir: string) =>
    createForgeServices({
      workspace: { mode: 'project', projectDir },
      backend: createOfflineBackend({ imageDelayMs: 0 }),
      assetUrl: (path) => `/files/${path}`,
      logger: createLogger({ write: () => undefined }),
      cacheDir: join(workDir, 'cache'),
      dataDir,
    });
  services = await start(join(workDir, 'project'));
  const made = (await services.call('getState', {})).threadId;
  await services.call('sendMessage', { text: 'Generate a lighthouse on a cliff in fog' });
  const image = await until(async () => {
    const state = await services.call('getState', {});
    if (state.busy) return undefined;
    return state.messages.flatMap((message) => message.parts).find((candidate): candidate is CompletedImage => candidate.type === 'image' && candidate.status === 'completed');
  });
  const owner = (await services.call('getState', {})).messages.find((message) => message.parts.some((part) => part.type === 'image' && part.id === image.id));

  // Another thread is open: the image's own is found in the database.
  const { threadId: other } = await services.call('newThread', {});
  expect(other).not.toBe(made);
  expect(await services.call('revealInChat', { relativePath: image.relativePath })).toEqual({ found: true, threadId: made, messageId: owner?.id });

  // After a restart, nothing of it is in memory.
  await services.close();
  services = await start(join(workDir, 'project'));
  expect(await services.call('revealInChat', { relativePath: image.relativePath })).toEqual({ found: true, threadId: made, messageId: owner?.id });

  // Another workspace has its own `.forge/generated/`: the same path there is not this chat's image.
  await mkdir(join(workDir, 'second'));
  await services.call('openWorkspace', { projectDir: join(workDir, 'second') });
  expect(await services.call('revealInChat', { relativePath: image.relativePath })).toMatchObject({ found: false });
  // And its Library lists its own files, not the first project's.
  expect(await services.call('listAssets', {})).toMatchObject({ total: 0, assets: [] });
  await services.call('openWorkspace', { projectDir: join(workDir, 'project') });
  expect((await services.call('listAssets', {})).assets.map((asset) => asset.relativePath)).toEqual([image.relativePath]);
}, 60_000);
