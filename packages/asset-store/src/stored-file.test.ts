import { mkdir, mkdtemp, open, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { noisePng, solidPng } from './__fixtures__/images.ts';
import type { AssetChange, AssetStore } from './asset-store-spec.ts';
import { openAssetStore } from './open-asset-store.ts';

let workDir: string;
let projectDir: string;
let cacheDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-files-'));
  projectDir = path.join(workDir, 'project');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, describe: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out; ${describe()}`);
    await sleep(20);
  }
}

describe('listFiles', () => {
  it('lists every visible file in generated/, images with their asset and the rest with what the file says', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const chat = await store.save(await solidPng(), { createdAt: new Date('2026-01-01T10:00:00.000Z'), prompt: 'a brass airship' });
    await mkdir(path.join(store.generatedDir, 'meshes'));
    await mkdir(path.join(store.generatedDir, 'sprites'));
    const mesh = path.join(store.generatedDir, 'meshes', '20260102-000000-000.glb');
    await writeFile(mesh, 'glTF binary, 26 bytes long');
    // Not a Forge name: its time is the file's mtime.
    const empty = path.join(store.generatedDir, 'sprites', 'walk cycle.png');
    await writeFile(empty, '');
    await utimes(empty, new Date('2026-01-03T00:00:00.000Z'), new Date('2026-01-03T00:00:00.000Z'));
    const garbage = path.join(store.generatedDir, '20251231-000000-000.png');
    await writeFile(garbage, 'not a png at all');
    // Never listed: temporaries, hidden files and folders, links (never followed).
    await writeFile(path.join(store.generatedDir, '.20260104-000000-000.png.tmp-1-abcd'), await solidPng());
    await mkdir(path.join(store.generatedDir, '.cache'));
    await writeFile(path.join(store.generatedDir, '.cache', 'x.png'), await solidPng());
    await symlink(chat.path, path.join(store.generatedDir, 'link.png'));

    const files = await store.listFiles();
    expect(files.map((file) => file.relativePath)).toEqual([
      '.forge/generated/sprites/walk cycle.png',
      '.forge/generated/meshes/20260102-000000-000.glb',
      chat.relativePath,
      '.forge/generated/20251231-000000-000.png',
    ]);
    const [walk, glb, image, broken] = files;
    expect(walk).toMatchObject({ id: 'sprites/walk cycle.png', path: empty, size: 0 });
    expect(walk?.createdAt.toISOString()).toBe('2026-01-03T00:00:00.000Z');
    expect(walk?.asset).toBeUndefined();
    expect(glb).toMatchObject({ id: 'meshes/20260102-000000-000.glb', size: 26 });
    expect(glb?.createdAt.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(glb?.modifiedAt.getTime()).toBe(Math.trunc((await stat(mesh)).mtimeMs));
    expect(image?.asset).toEqual((await store.list())[0]);
    expect(image?.asset?.provenance.prompt).toBe('a brass airship');
    expect(image).toMatchObject({ size: chat.size, createdAt: chat.createdAt });
    expect(broken).toMatchObject({ size: 16 });
    expect(broken?.asset).toBeUndefined();
    await store.close();
  });

  it('gives each caller its own copy', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await store.save(await solidPng(), { prompt: 'kept' });
    const [first] = await store.listFiles();
    if (first?.asset === undefined) throw new Error('no asset listed');
    first.asset.provenance.prompt = 'edited';
    first.createdAt.setTime(0);
    const [again] = await store.listFiles();
    expect(again?.asset?.provenance.prompt).toBe('kept');
    expect(again?.createdAt.getTime()).not.toBe(0);
    await store.close();
  });

  it('is empty before anything is saved, and refuses once the store is closed', async () => {
    const store = await openAssetStore({ mode: 'open', homeDir: projectDir, cacheDir });
    expect(await store.listFiles()).toEqual([]);
    await store.close();
    await expect(store.listFiles()).rejects.toMatchObject({ code: 'io' });
  });
});

describe('watch, for files that are not images', () => {
  let store: AssetStore;
  let changes: AssetChange[];
  let unsubscribe: () => void;

  beforeEach(async () => {
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir, watchDebounceMs: 40 });
    await mkdir(path.join(store.generatedDir, 'meshes'), { recursive: true });
    await writeFile(path.join(store.generatedDir, 'meshes', 'before.glb'), 'there before the watch');
    changes = [];
    unsubscribe = store.watch((change) => changes.push(change));
    await sleep(200);
  });

  afterEach(async () => {
    unsubscribe();
    await store.close();
  });

  const seen = (): string => JSON.stringify(changes.map(({ type, relativePath, asset }) => ({ type, relativePath, image: asset !== undefined })));

  it('announces a mesh once it holds still, with its size and no asset, and its removal', async () => {
    const mesh = path.join(store.generatedDir, 'meshes', '20260101-000000-000.glb');
    await writeFile(mesh, 'glTF');
    await waitFor(() => changes.length >= 1, seen);
    await sleep(300);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'added', relativePath: '.forge/generated/meshes/20260101-000000-000.glb' });
    expect(changes[0]?.asset).toBeUndefined();
    expect(changes[0]?.file).toMatchObject({ id: 'meshes/20260101-000000-000.glb', size: 4 });
    expect(changes[0]?.file?.createdAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');

    await rm(mesh);
    await rm(path.join(store.generatedDir, 'meshes', 'before.glb'));
    await waitFor(() => changes.length >= 3, seen);
    expect(changes.slice(1).map(({ type, relativePath }) => `${type} ${relativePath}`).sort()).toEqual([
      'removed .forge/generated/meshes/20260101-000000-000.glb',
      'removed .forge/generated/meshes/before.glb',
    ]);
  });

  it('announces an image written in steps after an empty start once, as an image', async () => {
    const bytes = await noisePng(200, 100);
    const target = path.join(store.generatedDir, '20260101-000000-000.png');
    const handle = await open(target, 'w');
    await sleep(50);
    await handle.write(bytes.subarray(0, 1000));
    await sleep(50);
    await handle.write(bytes.subarray(1000));
    await handle.close();
    await waitFor(() => changes.length >= 1, seen);
    await sleep(300);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'added', asset: { width: 200, height: 100 }, file: { size: bytes.length } });
    expect(changes[0]?.file?.asset).toEqual(changes[0]?.asset);
  });

  it('announces an image that stays cut short as a file without an asset', async () => {
    const bytes = await solidPng(120, 80);
    await writeFile(path.join(store.generatedDir, 'cut.png'), bytes.subarray(0, bytes.length - 20));
    await waitFor(() => changes.length >= 1, seen);
    expect(changes[0]).toMatchObject({ type: 'added', relativePath: '.forge/generated/cut.png', file: { size: bytes.length - 20 } });
    expect(changes[0]?.asset).toBeUndefined();
  });

  it('gives each listener its own copy of the file', async () => {
    const other: AssetChange[] = [];
    const stop = store.watch((change) => {
      if (change.file) change.file.createdAt.setTime(0);
      other.push(change);
    });
    await sleep(200);
    await writeFile(path.join(store.generatedDir, '20260101-000000-000.wav'), 'RIFF');
    await waitFor(() => changes.length >= 1 && other.length >= 1, seen);
    expect(changes[0]?.file?.createdAt.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    stop();
  });
});
