import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { solidPng } from './__fixtures__/images.ts';
import { AssetStoreError } from './asset-store-error.ts';
import { openAssetStore } from './open-asset-store.ts';
import { defaultThumbnailDir } from './thumbnail-cache.ts';

let workDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-open-'));
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('openAssetStore', () => {
  it('keeps Project mode under <project>/.forge with paths relative to the project', async () => {
    const projectDir = path.join(workDir, 'airship');
    await mkdir(projectDir);
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') }, { clock: () => new Date('2026-11-23T19:51:30.042Z') });
    expect(store.mode).toBe('project');
    expect(store.root).toBe(path.join(projectDir, '.forge'));
    expect(store.generatedDir).toBe(path.join(projectDir, '.forge', 'generated'));
    const asset = await store.save(await solidPng(), { prompt: 'airship' });
    expect(asset).toMatchObject({
      id: '20261123-195130-042.png',
      path: path.join(projectDir, '.forge', 'generated', '20261123-195130-042.png'),
      relativePath: '.forge/generated/20261123-195130-042.png',
      mediaType: 'image/png',
      width: 64,
      height: 48,
    });
    expect(asset.createdAt.toISOString()).toBe('2026-11-23T19:51:30.042Z');
    expect(asset.size).toBe((await readFile(asset.path)).length);
    const studio = await store.save(await solidPng(), { kind: 'sprites' });
    expect(studio.relativePath).toBe('.forge/generated/sprites/20261123-195130-042.png');
    expect(studio.provenance.kind).toBe('sprites');
    expect(await store.get(studio.relativePath)).toEqual(studio);
    await store.close();
  });

  it('keeps Open mode under <home>/.forge/scratchpad and creates no .forge anywhere else', async () => {
    const homeDir = path.join(workDir, 'home');
    await mkdir(homeDir);
    const store = await openAssetStore({ mode: 'open', homeDir }, { clock: () => new Date('2026-11-23T19:51:30.042Z') });
    expect(store.root).toBe(path.join(homeDir, '.forge', 'scratchpad'));
    const asset = await store.save(await solidPng());
    expect(asset.relativePath).toBe('generated/20261123-195130-042.png');
    expect(asset.path).toBe(path.join(homeDir, '.forge', 'scratchpad', 'generated', '20261123-195130-042.png'));
    expect(await readdir(path.join(homeDir, '.forge'))).toEqual(['scratchpad']);
    expect(await readdir(workDir)).toEqual(['home']);
    expect((await store.get('generated/20261123-195130-042.png')).id).toBe(asset.id);
    await store.close();
    // Its cache (the log of saves, thumbnails) defaults to that home's cache folder too.
    const cacheTop = path.relative(homeDir, defaultThumbnailDir(process.platform, homeDir)).split(path.sep)[0];
    expect((await readdir(homeDir)).sort()).toEqual(['.forge', cacheTop].sort());
  });

  it('creates nothing in the project until the first save', async () => {
    const projectDir = path.join(workDir, 'untouched');
    await mkdir(projectDir);
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
    await store.list();
    expect(await readdir(projectDir)).toEqual([]);
    await store.close();
  });

  it('says which folder is missing when the project does not exist', async () => {
    const missing = path.join(workDir, 'no-such-project');
    const failure = await openAssetStore({ mode: 'project', projectDir: missing }).catch((error: unknown) => error);
    expect(AssetStoreError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'not_found' });
    expect((failure as Error).message).toContain(missing);
  });

  it('refuses bytes that are not a real image and writes nothing', async () => {
    const projectDir = path.join(workDir, 'p');
    await mkdir(projectDir);
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
    const png = await solidPng();
    for (const bytes of [new Uint8Array(), new TextEncoder().encode('<html>not an image</html>'), png.subarray(0, png.length - 20)]) {
      const failure = await store.save(bytes).catch((error: unknown) => error);
      expect(failure).toMatchObject({ code: 'invalid_image' });
      expect((failure as Error).message).toContain(store.generatedDir);
    }
    expect(await readdir(projectDir)).toEqual([]);
    await store.close();
  });

  it('answers not_found for a missing asset and invalid_image for a non-image file', async () => {
    const projectDir = path.join(workDir, 'p');
    await mkdir(path.join(projectDir, '.forge', 'generated'), { recursive: true });
    await writeFile(path.join(projectDir, '.forge', 'generated', 'notes.png'), 'text');
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
    await expect(store.get('.forge/generated/20990101-000000-000.png')).rejects.toMatchObject({ code: 'not_found' });
    await expect(store.get('.forge/generated/notes.png')).rejects.toMatchObject({ code: 'invalid_image' });
    await store.close();
    await expect(store.list()).rejects.toMatchObject({ code: 'io' });
  });

  it('recognises its errors across package copies and serialises them without the cause', () => {
    const error = new AssetStoreError({ code: 'no_space', message: 'The disk holding /p/.forge/generated is full.', path: '/p/.forge/generated', cause: new Error('ENOSPC') });
    const fromAnotherCopy = { [Symbol.for('forge.asset-store.error')]: true };
    expect(AssetStoreError.isInstance(error)).toBe(true);
    expect(AssetStoreError.isInstance(fromAnotherCopy)).toBe(true);
    expect(AssetStoreError.isInstance(new Error('x'))).toBe(false);
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'AssetStoreError', code: 'no_space', message: 'The disk holding /p/.forge/generated is full.', path: '/p/.forge/generated' });
  });
});
