import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { solidPng } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
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
    // The stale entry leaves the cache (once the new one is kept, just after it is handed back).
    await vi.waitFor(async () => expect(await readdir(path.dirname(rebuilt.path))).toEqual([path.basename(rebuilt.path)]), { timeout: 5_000 });
  });

  it('never enlarges a small source', async () => {
    const asset = await store.save(await solidPng(40, 20));
    expect(await store.thumbnail(asset.relativePath)).toMatchObject({ width: 40, height: 20 });
  });

  it('answers not_found for a missing asset or a folder, and invalid_image for a broken one, saying so', async () => {
    await expect(store.thumbnail('.forge/generated/20990101-000000-000.png')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.thumbnail('.forge/generated/20990101-000000-000.png')).rejects.toThrow(/^Could not make a thumbnail: .*20990101-000000-000\.png does not exist/);
    await mkdir(path.join(store.generatedDir, 'sprites'), { recursive: true });
    await expect(store.thumbnail('.forge/generated/sprites')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.thumbnail('.forge/generated/sprites')).rejects.toThrow(/^Could not make a thumbnail: .*sprites is not a file\.$/);
    await writeFile(path.join(store.generatedDir, 'broken.png'), 'not really a png');
    await expect(store.thumbnail('.forge/generated/broken.png')).rejects.toMatchObject({ code: 'invalid_image' });
    await expect(store.thumbnail('.forge/generated/broken.png')).rejects.toThrow(/broken\.png: it is not a readable image \(.+\)\.$/);
  });

  it('makes any height from one pixel up, and refuses none or less with the height named', async () => {
    const asset = await store.save(await solidPng(300, 200));
    expect(await store.thumbnail(asset.relativePath, { height: 1 })).toMatchObject({ width: 2, height: 1 });
    await expect(store.thumbnail(asset.relativePath, { height: 0.4 })).rejects.toThrow('A thumbnail height must be a positive number, not 0.4.');
  });

  it('tries again after a failed read instead of keeping the failure', async () => {
    let failures = 1;
    const flaky: AssetStoreFileSystem = {
      ...nodeFileSystem,
      open: ((file: string, flags?: string | number, mode?: number) => {
        if (typeof flags === 'number' && file.endsWith('.png') && failures > 0) {
          failures -= 1;
          return Promise.reject(Object.assign(new Error('EIO: i/o error, open'), { code: 'EIO' }));
        }
        return nodeFileSystem.open(file, flags, mode);
      }) as AssetStoreFileSystem['open'],
    };
    const asset = await store.save(await solidPng(300, 200));
    const cache = new ThumbnailCache({ fs: flaky, cacheDir });
    await expect(cache.get(asset.path)).rejects.toMatchObject({ code: 'io' });
    expect((await cache.get(asset.path)).height).toBe(192);
  });

  it('reads a thumbnail kept by an earlier session from the cache, not from the image', async () => {
    const asset = await store.save(await solidPng(300, 200));
    const first = await store.thumbnail(asset.relativePath);
    await vi.waitFor(async () => expect((await readFile(first.path)).length).toBe(first.bytes.length), { timeout: 5_000 });
    const noted = readsNoted();
    const later = new ThumbnailCache({ fs: noted.fs, cacheDir });
    const again = await later.get(asset.path);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect([again.width, again.height]).toEqual([first.width, first.height]);
    expect(noted.reads.filter((file) => file === asset.path)).toEqual([]);
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
    await expect(cache.get(linked)).rejects.toMatchObject({ code: 'outside_root', message: `Refused to make a thumbnail of ${linked}: it is a symbolic link.` });
    expect((await cache.get(asset.path)).width).toBeGreaterThan(0);
  });
});

/** The node file system, noting every file opened for reading (the thumbnail reads its source so). */
function readsNoted(): { fs: AssetStoreFileSystem; reads: string[] } {
  const reads: string[] = [];
  const fs: AssetStoreFileSystem = {
    ...nodeFileSystem,
    open: ((file: string, flags?: string | number, mode?: number) => {
      if (typeof flags === 'number' && (flags & 3) === 0) reads.push(file);
      return nodeFileSystem.open(file, flags, mode);
    }) as AssetStoreFileSystem['open'],
  };
  return { fs, reads };
}

describe('thumbnails made while saving', () => {
  it('has them ready when the save returns, made from the bytes (the saved file is not read for them)', async () => {
    const noted = readsNoted();
    const watched = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: noted.fs });
    try {
      const asset = await watched.save(await solidPng(600, 400, { r: 250, g: 10, b: 10 }), {}, { thumbnailHeights: [192, 96] });
      const [first, second] = await Promise.all([watched.thumbnail(asset.relativePath, { height: 192 }), watched.thumbnail(asset.relativePath, { height: 96 })]);
      expect([first.width, first.height, second.width, second.height]).toEqual([288, 192, 144, 96]);
      expect(await meanRed(first.bytes)).toBeGreaterThan(200);
      expect(noted.reads.filter((file) => file === asset.path)).toEqual([]);
      // Kept in the cache as well: the next session finds it there.
      await vi.waitFor(async () => expect((await readFile(first.path)).equals(Buffer.from(first.bytes))).toBe(true), { timeout: 5_000 });
      await vi.waitFor(async () => expect((await readFile(second.path)).equals(Buffer.from(second.bytes))).toBe(true), { timeout: 5_000 });
    } finally {
      await watched.close();
    }
  });

  it('makes the first height at once and a later one a moment after, or as soon as it is asked for', async () => {
    const bytes = await solidPng(600, 400);
    const asset = await store.save(bytes);
    const identity = { mtimeMs: (await import('node:fs')).statSync(asset.path).mtimeMs, size: asset.size };
    // A minute's wait: only asking for it can bring the later one sooner.
    const patient = new ThumbnailCache({ fs: nodeFileSystem, cacheDir, laterDelayMs: 60_000 });
    patient.prepare(bytes, [48, 96]).adopt(asset.path, identity);
    const later = await patient.get(asset.path, 96);
    expect([later.width, later.height]).toEqual([144, 96]);
    // Nobody asks: the later one is still made, after the delay.
    const prompt = new ThumbnailCache({ fs: nodeFileSystem, cacheDir: path.join(workDir, 'other-cache'), laterDelayMs: 20 });
    prompt.prepare(bytes, [48, 72]).adopt(asset.path, identity);
    await vi.waitFor(async () => {
      const kept = (await readdir(path.join(workDir, 'other-cache'), { recursive: true })).filter((name) => name.endsWith('.webp'));
      expect(kept.map((name) => /-(\d+)-\d+-\d+\.webp$/.exec(name)?.[1]).sort()).toEqual(['48', '72']);
    }, { timeout: 5_000 });
  });

  it('closing finishes the thumbnail under way and drops the later ones, so nothing reaches the cache after', async () => {
    const asset = await store.save(await solidPng(600, 400), {}, { thumbnailHeights: [192, 384] });
    await store.close();
    const cached = async () => (await readdir(cacheDir, { recursive: true }).catch(() => [])).filter((name) => name.endsWith('.webp') || name.includes('.tmp-'));
    const atClose = await cached();
    expect(atClose.map((name) => /-(\d+)-\d+-\d+\.webp$/.exec(name)?.[1])).toEqual(['192']);
    // Past the later one's delay: still only the first (the next session makes the other when asked).
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await cached()).toEqual(atClose);
    const reopened = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    try {
      expect((await reopened.thumbnail(asset.relativePath, { height: 384 })).height).toBe(384);
    } finally {
      await reopened.close();
    }
  });

  it('closing lets a save under way finish, its file written', async () => {
    const saving = store.save(await solidPng(600, 400));
    await store.close();
    const names = await readdir(path.join(projectDir, '.forge', 'generated'));
    expect(names.filter((name) => name.endsWith('.png'))).toHaveLength(1);
    expect(names.filter((name) => name.startsWith('.'))).toEqual([]);
    expect(names).toContain(path.basename((await saving).path));
    await expect(store.save(await solidPng())).rejects.toMatchObject({ code: 'io' });
  });

  describe('closing the cache', () => {
    const cachedHeights = async (folder: string) =>
      (await readdir(folder, { recursive: true }).catch(() => [])).filter((name) => name.endsWith('.webp') || name.includes('.tmp-')).map((name) => /-(\d+)-\d+-\d+\.webp$/.exec(name)?.[1] ?? name);

    it('waits for the thumbnail being made and keeps it, even when closed the moment the file is saved', async () => {
      const bytes = await solidPng(600, 400);
      const asset = await store.save(bytes);
      const cache = new ThumbnailCache({ fs: nodeFileSystem, cacheDir: path.join(workDir, 'closing'), laterDelayMs: 20 });
      cache.prepare(bytes, [48, 96]).adopt(asset.path, { mtimeMs: (await import('node:fs')).statSync(asset.path).mtimeMs, size: asset.size });
      await cache.close();
      expect(await cachedHeights(path.join(workDir, 'closing'))).toEqual(['48']);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await cachedHeights(path.join(workDir, 'closing'))).toEqual(['48']);
    });

    it('never begins a later thumbnail once closed, though its turn comes', async () => {
      const bytes = await solidPng(600, 400);
      const asset = await store.save(bytes);
      const cache = new ThumbnailCache({ fs: nodeFileSystem, cacheDir: path.join(workDir, 'closing'), laterDelayMs: 100 });
      cache.prepare(bytes, [48, 96]).adopt(asset.path, { mtimeMs: (await import('node:fs')).statSync(asset.path).mtimeMs, size: asset.size });
      expect((await cache.get(asset.path, 48)).height).toBe(48);
      await cache.close();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(await cachedHeights(path.join(workDir, 'closing'))).toEqual(['48']);
    });
  });

  it('makes none when asked for none', async () => {
    const asset = await store.save(await solidPng(), {}, { thumbnailHeights: [] });
    expect(asset.width).toBe(64);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await readdir(cacheDir, { recursive: true }).catch(() => [])).toEqual([]);
  });

  it('refuses a height that is no height before anything is written', async () => {
    await expect(store.save(await solidPng(), {}, { thumbnailHeights: [192, 0] })).rejects.toBeInstanceOf(RangeError);
    await expect(store.save(await solidPng(), {}, { thumbnailHeights: [Number.NaN] })).rejects.toBeInstanceOf(RangeError);
    expect(await store.list()).toEqual([]);
  });

  it('keeps no thumbnail of a save that failed', async () => {
    const failing: AssetStoreFileSystem = {
      ...nodeFileSystem,
      link: (() => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))),
      rename: (() => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))),
    };
    const full = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: failing });
    try {
      await expect(full.save(await solidPng(600, 400), {}, { thumbnailHeights: [192] })).rejects.toMatchObject({ code: 'no_space' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const kept = await readdir(cacheDir, { recursive: true }).catch(() => []);
      expect(kept.filter((name) => name.endsWith('.webp'))).toEqual([]);
    } finally {
      await full.close();
    }
  });

  it('still hands back a thumbnail when the cache folder cannot be written', async () => {
    const blocked = path.join(workDir, 'blocked-cache');
    // A file where the cache folder would be: nothing can be kept under it.
    await writeFile(blocked, 'not a folder');
    const uncached = await openAssetStore({ mode: 'project', projectDir, cacheDir: blocked });
    try {
      const asset = await uncached.save(await solidPng(600, 400), {}, { thumbnailHeights: [192] });
      expect((await uncached.thumbnail(asset.relativePath, { height: 192 })).height).toBe(192);
      // And one made on request, after the prepared one is gone from memory.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await uncached.thumbnail(asset.relativePath, { height: 64 })).height).toBe(64);
      expect((await uncached.thumbnail(asset.relativePath, { height: 192 })).height).toBe(192);
    } finally {
      await uncached.close();
    }
  });
});
