import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { solidPng } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import { openAssetStore } from './open-asset-store.ts';
import { isInside } from './path-containment.ts';
import { nodeFileSystem } from './file-system.ts';
import { defaultThumbnailDir, ThumbnailCache } from './thumbnail-cache.ts';

let workDir: string;
let projectDir: string;
let cacheDir: string;
let store: AssetStore;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-thumbs-'));
  projectDir = path.join(workDir, 'project');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
  store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
});

afterEach(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

async function meanRed(bytes: Uint8Array): Promise<number> {
  const stats = await sharp(bytes).stats();
  return stats.channels[0]?.mean ?? -1;
}

describe('thumbnail', () => {
  it('makes a small WebP of the asset, kept in a cache outside the project', async () => {
    const asset = await store.save(await solidPng(1024, 768));
    const thumbnail = await store.thumbnail(asset.relativePath);
    expect(thumbnail).toMatchObject({ mediaType: 'image/webp', width: 256, height: 192 });
    expect(isInside(cacheDir, thumbnail.path)).toBe(true);
    expect(isInside(projectDir, thumbnail.path)).toBe(false);
    const metadata = await sharp(thumbnail.bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 256, 192]);
    expect((await store.thumbnail(asset.relativePath, { height: 48 })).width).toBe(64);
  });

  it('serves the cached thumbnail again, and rebuilds it when the source changes', async () => {
    const asset = await store.save(await solidPng(200, 100, { r: 250, g: 0, b: 0 }));
    const first = await store.thumbnail(asset.relativePath, { height: 50 });
    const again = await store.thumbnail(asset.relativePath, { height: 50 });
    expect(again.path).toBe(first.path);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(await meanRed(first.bytes)).toBeGreaterThan(200);

    // The source is replaced by a blue picture of another shape.
    await writeFile(asset.path, await solidPng(100, 100, { r: 0, g: 0, b: 250 }));
    await utimes(asset.path, new Date(), new Date(Date.now() + 10_000));
    const rebuilt = await store.thumbnail(asset.relativePath, { height: 50 });
    expect(rebuilt.path).not.toBe(first.path);
    expect([rebuilt.width, rebuilt.height]).toEqual([50, 50]);
    expect(await meanRed(rebuilt.bytes)).toBeLessThan(50);
    // The stale entry is gone from the cache.
    expect(await readdir(path.dirname(rebuilt.path))).toEqual([path.basename(rebuilt.path)]);
  });

  it('never enlarges a small source', async () => {
    const asset = await store.save(await solidPng(40, 20));
    expect(await store.thumbnail(asset.relativePath)).toMatchObject({ width: 40, height: 20 });
  });

  it('answers not_found for a missing asset and invalid_image for a broken one', async () => {
    await expect(store.thumbnail('.forge/generated/20990101-000000-000.png')).rejects.toMatchObject({ code: 'not_found' });
    await mkdir(store.generatedDir, { recursive: true });
    await writeFile(path.join(store.generatedDir, 'broken.png'), 'not really a png');
    await expect(store.thumbnail('.forge/generated/broken.png')).rejects.toMatchObject({ code: 'invalid_image' });
  });

  it('defaults to the OS cache folder, never the project', () => {
    expect(defaultThumbnailDir('linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'forge', 'thumbnails'));
    expect(defaultThumbnailDir('darwin', '/Users/ada')).toBe(path.join('/Users/ada', 'Library', 'Caches', 'forge', 'thumbnails'));
    expect(defaultThumbnailDir('win32', '/Users/ada')).toBe(path.join('/Users/ada', 'AppData', 'Local', 'forge', 'thumbnails'));
  });

  it('never reads a source that became a link after its path was checked', async () => {
    const asset = await store.save(await solidPng(64, 64));
    const outsideImage = path.join(workDir, 'outside.png');
    await writeFile(outsideImage, await solidPng(32, 32));
    const linked = path.join(store.generatedDir, 'linked.png');
    await symlink(outsideImage, linked);
    // The cache is handed the path as if it had passed the store's check just before the swap.
    const cache = new ThumbnailCache({ fs: nodeFileSystem, cacheDir });
    await expect(cache.get(linked)).rejects.toMatchObject({ code: 'outside_root' });
    expect((await cache.get(asset.path)).width).toBeGreaterThan(0);
  });
});
