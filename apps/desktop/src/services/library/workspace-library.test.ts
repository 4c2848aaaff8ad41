// The Library follows the open workspace: another store is another listing and another watch.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import { afterEach, beforeEach, expect, it } from 'vitest';

import type { ForgeEvent } from '../../contract/index.ts';
import { createLogger } from '../logger.ts';
import { plainPng } from './__fixtures__/png-with-xmp.ts';
import { createWorkspaceLibrary } from './workspace-library.ts';
import type { WorkspaceLibrary } from './workspace-library.ts';

const urls = { asset: (path: string) => `/files/${path}` };
const noOrigins = { find: () => Promise.resolve(undefined) };
let workDir: string;
let first: AssetStore;
let second: AssetStore;
let open: AssetStore;
let library: WorkspaceLibrary;
let events: ForgeEvent[];

async function storeIn(name: string): Promise<AssetStore> {
  await mkdir(join(workDir, name));
  const store = await openAssetStore({ mode: 'project', projectDir: join(workDir, name), cacheDir: join(workDir, 'cache', name), watchDebounceMs: 30 });
  await mkdir(store.generatedDir, { recursive: true });
  return store;
}

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'forge-workspace-library-'));
  first = await storeIn('first');
  second = await storeIn('second');
  open = first;
  library = createWorkspaceLibrary({ store: () => open, urls, origins: noOrigins, logger: createLogger({ write: () => undefined }), batchMs: 20 });
  events = [];
  library.subscribe((event) => events.push(event));
});

afterEach(async () => {
  await library.close();
  await first.close();
  await second.close();
  await rm(workDir, { recursive: true, force: true });
});

const added = (name: string) => events.some((event) => event.type === 'assets-changed' && event.added.some((asset) => asset.name === name));

/** Saves files into `store` now and then until one is announced (the watch starts after a background listing). */
async function announcedFrom(store: AssetStore, prefix: string): Promise<string> {
  const png = await plainPng(8, 8);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const name = `${prefix}-${String(attempt)}.png`;
    await writeFile(join(store.generatedDir, name), png);
    for (let wait = 0; wait < 10; wait += 1) {
      const found = events.find((event) => event.type === 'assets-changed' && event.added.some((asset) => asset.name.startsWith(prefix)));
      if (found?.type === 'assets-changed') return found.added[0]?.name ?? '';
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }
  throw new Error(`nothing from ${prefix} was announced`);
}

it('lists the open workspace, and the other one once it is open', async () => {
  await writeFile(join(first.generatedDir, 'in-first.png'), await plainPng(8, 8));
  await writeFile(join(second.generatedDir, 'in-second.png'), await plainPng(8, 8));
  expect((await library.listAssets({})).assets.map((asset) => asset.name)).toEqual(['in-first.png']);
  open = second;
  expect((await library.listAssets({})).assets.map((asset) => asset.name)).toEqual(['in-second.png']);
});

it('warms the open workspace: its files are announced before anyone lists', { timeout: 60_000 }, async () => {
  library.warm();
  expect(await announcedFrom(first, 'warm')).toMatch(/^warm-/);
});

it('follows a switch: the new workspace is watched, the old one no longer', { timeout: 60_000 }, async () => {
  await library.listAssets({});
  await announcedFrom(first, 'before');
  // follow() with the same workspace keeps its watch (and its place).
  library.follow();
  await writeFile(join(first.generatedDir, 'still.png'), await plainPng(8, 8));
  await expect.poll(() => added('still.png'), { timeout: 20_000 }).toBe(true);

  open = second;
  library.follow();
  expect(await announcedFrom(second, 'after')).toMatch(/^after-/);
  events.length = 0;
  await writeFile(join(first.generatedDir, 'left-behind.png'), await plainPng(8, 8));
  await writeFile(join(second.generatedDir, 'marker.png'), await plainPng(8, 8));
  await expect.poll(() => added('marker.png'), { timeout: 20_000 }).toBe(true);
  expect(added('left-behind.png')).toBe(false);
});

it('stops telling a listener that unsubscribed, and everyone once closed', { timeout: 60_000 }, async () => {
  const other: ForgeEvent[] = [];
  const stop = library.subscribe((event) => other.push(event));
  library.warm();
  await announcedFrom(first, 'one');
  expect(other.length).toBeGreaterThan(0);
  stop();
  other.length = 0;
  events.length = 0;
  await writeFile(join(first.generatedDir, 'two.png'), await plainPng(8, 8));
  await expect.poll(() => added('two.png'), { timeout: 20_000 }).toBe(true);
  expect(other).toEqual([]);
  await library.close();
  events.length = 0;
  await writeFile(join(first.generatedDir, 'three.png'), await plainPng(8, 8));
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(events).toEqual([]);
});
