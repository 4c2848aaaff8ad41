import { mkdir, mkdtemp, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startWorker } from './__fixtures__/child-process.ts';
import { noisePng, solidPng } from './__fixtures__/images.ts';
import type { AssetChange, AssetStore } from './asset-store-spec.ts';
import { nodeFileSystem, type AssetStoreFileSystem } from './file-system.ts';
import { openAssetStore } from './open-asset-store.ts';

// Starting a second Node process that saves: 60 s holds a machine 4× slower than a busy
// two-core one (~2.5 s there).
const processTimeoutMs = 60_000;

let workDir: string;
let projectDir: string;
let store: AssetStore;
let changes: AssetChange[];
let unsubscribe: () => void;

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; changes so far: ${JSON.stringify(changes.map(({ type, relativePath }) => ({ type, relativePath })))}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-watch-'));
  projectDir = path.join(workDir, 'project');
  await mkdir(projectDir);
  store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache'), watchDebounceMs: 40 });
  changes = [];
  unsubscribe = store.watch((change) => changes.push(change));
  // Let the initial scan finish so the tests' files count as new.
  await sleep(100);
});

afterEach(async () => {
  unsubscribe();
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

describe('watch', () => {
  it('sees an image another process saves, once, with its asset', async () => {
    const imageFile = path.join(workDir, 'image.png');
    await writeFile(imageFile, await solidPng(40, 30));
    const worker = startWorker(['burst', projectDir, imageFile, '1', '2026-05-06T07:08:09.010Z'], path.join(workDir, 'cache'));
    await worker.next((line) => line.ready === true);
    worker.child.stdin.write('go\n');
    const { saved } = await worker.next<{ saved: string[] }>((line) => Array.isArray(line.saved));
    await waitFor(() => changes.length >= 1);
    await sleep(150);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'added', relativePath: saved[0], asset: { width: 40, height: 30, mediaType: 'image/png' } });
    expect(changes[0]?.asset?.provenance.prompt).toMatch(/^from \d+$/);
  }, processTimeoutMs);

  it('never announces a file that is still being written, nor a temporary', async () => {
    const bytes = await noisePng(300, 200);
    const target = path.join(store.generatedDir, '20260101-000000-000.png');
    // A writer that is not atomic: half now, the rest later.
    const handle = await open(target, 'w');
    await handle.write(bytes.subarray(0, bytes.length / 2));
    await writeFile(path.join(store.generatedDir, '.20260101-000001-000.png.tmp-99-abc'), bytes);
    await sleep(400);
    expect(changes).toEqual([]);
    await handle.write(bytes.subarray(bytes.length / 2));
    await handle.close();
    await waitFor(() => changes.length >= 1);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'added', relativePath: '.forge/generated/20260101-000000-000.png' });
    expect(changes[0]?.asset?.size).toBe(bytes.length);
  });

  it('reports removals, renames and files in a new kind folder', async () => {
    const asset = await store.save(await solidPng(), { createdAt: new Date('2026-01-01T00:00:00.000Z') });
    await waitFor(() => changes.length >= 1);
    await rm(asset.path);
    await waitFor(() => changes.length >= 2);
    expect(changes[1]).toEqual({ type: 'removed', relativePath: asset.relativePath });

    await mkdir(path.join(store.generatedDir, 'sprites'));
    await sleep(100);
    await writeFile(path.join(store.generatedDir, 'sprites', 'walk.png'), await solidPng(16, 16));
    await waitFor(() => changes.length >= 3);
    expect(changes[2]).toMatchObject({ type: 'added', relativePath: '.forge/generated/sprites/walk.png' });

    await rename(path.join(store.generatedDir, 'sprites', 'walk.png'), path.join(store.generatedDir, 'sprites', 'walk-final.png'));
    await waitFor(() => changes.length >= 5);
    expect(changes.slice(3).map(({ type, relativePath }) => `${type} ${relativePath}`).sort()).toEqual([
      'added .forge/generated/sprites/walk-final.png',
      'removed .forge/generated/sprites/walk.png',
    ]);
  });

  it('closes only once a watch that was starting has settled, so nothing is created in the project after', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const otherProject = path.join(workDir, 'other-project');
    await mkdir(otherProject);
    const slowFs: AssetStoreFileSystem = {
      ...nodeFileSystem,
      mkdir: (async (...args: Parameters<AssetStoreFileSystem['mkdir']>) => {
        await held;
        return nodeFileSystem.mkdir(...args);
      }) as AssetStoreFileSystem['mkdir'],
    };
    const slow = await openAssetStore({ mode: 'project', projectDir: otherProject, cacheDir: path.join(workDir, 'other-cache') }, { fs: slowFs });
    const stop = slow.watch(() => undefined);
    stop();
    let closed = false;
    const closing = slow.close().then(() => (closed = true));
    await sleep(100);
    expect(closed).toBe(false);
    release();
    await closing;
    // Whatever the start made, it made before close() returned: removing the project now is final.
    await rm(otherProject, { recursive: true });
    await sleep(100);
    await expect(readFile(otherProject)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('starts one watch for many listeners', async () => {
    const prepared: string[] = [];
    const otherProject = path.join(workDir, 'shared-project');
    await mkdir(otherProject);
    const countingFs: AssetStoreFileSystem = {
      ...nodeFileSystem,
      mkdir: ((...args: Parameters<AssetStoreFileSystem['mkdir']>) => {
        prepared.push(String(args[0]));
        return nodeFileSystem.mkdir(...args);
      }) as AssetStoreFileSystem['mkdir'],
    };
    const shared = await openAssetStore({ mode: 'project', projectDir: otherProject, cacheDir: path.join(workDir, 'shared-cache') }, { fs: countingFs });
    const stops = [shared.watch(() => undefined), shared.watch(() => undefined), shared.watch(() => undefined)];
    await sleep(200);
    expect(prepared.filter((folder) => folder === shared.generatedDir)).toHaveLength(1);
    for (const stop of stops) stop();
    await shared.close();
  });

  it('stops telling a listener after it unsubscribes', async () => {
    unsubscribe();
    await store.save(await solidPng());
    await sleep(250);
    expect(changes).toEqual([]);
    // A fresh subscription sees later files, not the ones already there.
    const later: AssetChange[] = [];
    const stop = store.watch((change) => later.push(change));
    await sleep(100);
    const asset = await store.save(await solidPng(), { createdAt: new Date('2030-01-01T00:00:00.000Z') });
    await waitFor(() => later.length >= 1);
    expect(later.map((change) => change.relativePath)).toEqual([asset.relativePath]);
    stop();
    expect((await readFile(asset.path)).length).toBe(asset.size);
  });

  it('reads nothing through generated/ once it is swapped for a link while watched, and says its assets are gone', async () => {
    const saved = await store.save(await solidPng(), { prompt: 'known' });
    await waitFor(() => changes.some((change) => change.type === 'added' && change.relativePath === saved.relativePath));
    const outside = path.join(workDir, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.png'), await solidPng(8, 8));
    const moved = path.join(workDir, 'moved-away');
    await rename(store.generatedDir, moved);
    await symlink(outside, store.generatedDir);
    // A file appears in the folder still watched (moved away), named like the one the link reaches.
    await writeFile(path.join(moved, 'secret.png'), await solidPng(9, 9));
    await waitFor(() => changes.some((change) => change.type === 'removed' && change.relativePath === saved.relativePath));
    await sleep(300);
    expect(changes.filter((change) => change.type === 'added').map((change) => change.relativePath)).toEqual([saved.relativePath]);
  }, 30_000);
});
