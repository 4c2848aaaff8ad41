import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { plainPng } from './__fixtures__/png-with-xmp.ts';
import { replyWithThumbnail, thumbnailUrl } from './thumbnail-route.ts';

let workDir: string;
let store: AssetStore;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'forge-thumbnails-'));
  await mkdir(join(workDir, 'project'));
  store = await openAssetStore({ mode: 'project', projectDir: join(workDir, 'project'), cacheDir: join(workDir, 'cache') });
});

afterEach(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

const params = (text: string) => new URLSearchParams(text);

describe('replyWithThumbnail', () => {
  it('gives the 192 or 384 px WebP, cached for a year under the URL naming the file, revalidated by its ETag otherwise', async () => {
    const asset = await store.save(await plainPng(1536, 1024), { prompt: 'wide' });
    const first = await replyWithThumbnail(store, asset.relativePath, params('h=192'));
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'content-type': 'image/webp', 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff' });
    expect(await sharp(first.body).metadata()).toMatchObject({ format: 'webp', width: 288, height: 192 });
    expect(first.headers['content-length']).toBe(String(first.body?.length));

    const [file] = await store.listFiles();
    const url = thumbnailUrl('/thumbnails/')(asset.relativePath, 384, `${file?.size.toString(36)}-${file?.modifiedAt.getTime().toString(36)}`);
    const versioned = await replyWithThumbnail(store, asset.relativePath, new URL(url, 'http://x').searchParams);
    expect(versioned.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(await sharp(versioned.body).metadata()).toMatchObject({ width: 576, height: 384 });
    expect(versioned.headers.etag).not.toBe(first.headers.etag);

    const again = await replyWithThumbnail(store, asset.relativePath, params('h=192'), first.headers.etag);
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('names a new identity (ETag and version) once the file is rewritten', async () => {
    const asset = await store.save(await plainPng(64, 64), {});
    const before = await replyWithThumbnail(store, asset.relativePath, params('h=192'));
    await writeFile(asset.path, await plainPng(80, 40));
    const after = await replyWithThumbnail(store, asset.relativePath, params('h=192'), before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(await sharp(after.body).metadata()).toMatchObject({ width: 80, height: 40 });
  });

  it('refuses other heights, paths that are not assets, and files that are not readable images', async () => {
    const asset = await store.save(await plainPng(), {});
    expect((await replyWithThumbnail(store, asset.relativePath, params('h=100'))).status).toBe(400);
    expect((await replyWithThumbnail(store, asset.relativePath, params('h=abc'))).status).toBe(400);
    expect((await replyWithThumbnail(store, '../../etc/passwd', params('h=192'))).status).toBe(404);
    expect((await replyWithThumbnail(store, '.forge/generated/missing.png', params('h=192'))).status).toBe(404);
    await writeFile(join(store.root, 'ASSETS.md'), '# not an asset');
    expect((await replyWithThumbnail(store, '.forge/ASSETS.md', params('h=192'))).status).toBe(404);
    const cut = await plainPng(300, 200);
    await writeFile(join(store.generatedDir, 'cut.png'), cut.subarray(0, 60));
    const broken = await replyWithThumbnail(store, '.forge/generated/cut.png', params('h=192'));
    expect(broken.status).toBe(422);
    expect(broken.headers['cache-control']).toBe('no-store');
  });
});
