// Electron's Library thumbnails, in plain Node: the same replies as the web host's /thumbnails/.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import { afterEach, beforeEach, expect, it } from 'vitest';

import { createLogger } from '../services/logger.ts';
import { plainPng } from '../services/library/__fixtures__/png-with-xmp.ts';
import { respondToThumbnailRequest, thumbnailProtocolUrl } from './thumbnail-protocol.ts';

const logger = createLogger({ write: () => undefined });
let workDir: string;
let store: AssetStore;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'forge-thumbnail-protocol-'));
  store = await openAssetStore({ mode: 'project', projectDir: workDir, cacheDir: join(workDir, 'cache') });
});

afterEach(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

it('answers a stored image with its WebP thumbnail, and a revalidation with 304', async () => {
  const asset = await store.save(await plainPng(400, 200), { prompt: 'a kite' });
  const url = thumbnailProtocolUrl(asset.relativePath, 192, 'v1');
  expect(url).toBe(`forge-asset://thumbnail/${asset.relativePath}?h=192&v=v1`);
  const response = await respondToThumbnailRequest(store, url, undefined, logger);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/webp');
  expect(response.headers.get('content-security-policy')).toContain('sandbox');
  expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  const again = await respondToThumbnailRequest(store, url, response.headers.get('etag') ?? '', logger);
  expect(again.status).toBe(304);
});

it('refuses what is not a stored image, a wrong height and a malformed URL, without throwing', async () => {
  const asset = await store.save(await plainPng(40, 20), { prompt: 'a kite' });
  await writeFile(join(workDir, 'outside.png'), await plainPng(40, 20));
  expect((await respondToThumbnailRequest(store, 'forge-asset://thumbnail/outside.png?h=192', undefined, logger)).status).toBe(404);
  expect((await respondToThumbnailRequest(store, 'forge-asset://thumbnail/.forge/generated/..%2F..%2Foutside.png?h=192', undefined, logger)).status).toBe(404);
  expect((await respondToThumbnailRequest(store, `forge-asset://asset/${asset.relativePath}?h=192`, undefined, logger)).status).toBe(404);
  expect((await respondToThumbnailRequest(store, `forge-asset://thumbnail/${asset.relativePath}?h=50`, undefined, logger)).status).toBe(400);
  expect((await respondToThumbnailRequest(store, 'forge-asset://thumbnail/.forge/generated/%E0%A4%A.png', undefined, logger)).status).toBe(400);
  // A damaged image: the Library shows its broken tile.
  await writeFile(join(store.generatedDir, '20261120-100000-000.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
  expect((await respondToThumbnailRequest(store, 'forge-asset://thumbnail/.forge/generated/20261120-100000-000.png?h=192', undefined, logger)).status).toBe(422);
});
