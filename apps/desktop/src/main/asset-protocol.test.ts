import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ImageSource } from '../web-host/served-image.ts';
import { assetProtocolUrl, respondToAssetRequest } from './asset-protocol.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe('forge-asset protocol', () => {
  let root: string;
  let source: ImageSource;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'forge-protocol-'));
    const generatedDir = join(root, '.forge', 'generated');
    await mkdir(generatedDir, { recursive: true });
    await writeFile(join(generatedDir, 'a kite.png'), png);
    await writeFile(join(generatedDir, 'page.html'), '<script>alert(1)</script>');
    source = {
      generatedDir,
      resolve: (relativePath) => {
        if (relativePath.split('/').includes('..')) throw new Error('outside');
        return join(root, relativePath);
      },
    };
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves a saved image under its URL, sandboxed and typed by its bytes', async () => {
    const url = assetProtocolUrl('.forge/generated/a kite.png');
    expect(url).toBe('forge-asset://asset/.forge/generated/a%20kite.png');
    const response = await respondToAssetRequest(source, url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  });

  it('answers a malformed URL with 400 instead of throwing', async () => {
    for (const url of ['forge-asset://asset/.forge/generated/%E0%A4%A.png', 'forge-asset://asset/%ZZ', 'forge-asset://asset/.forge/generated/a%00.png']) {
      const response = await respondToAssetRequest(source, url);
      expect([response.status, await response.text()], url).toEqual([400, 'Bad request']);
    }
  });

  it('answers 404 for anything but a stored image', async () => {
    for (const url of ['forge-asset://asset/.forge/generated/page.html', 'forge-asset://asset/.forge/generated/missing.png', 'forge-asset://other/.forge/generated/a%20kite.png', 'forge-asset://asset/..%2F..%2Fetc%2Fpasswd', 'not a url']) {
      const response = await respondToAssetRequest(source, url);
      expect([response.status, await response.text()], url).toEqual([404, 'Not found']);
    }
  });
});
