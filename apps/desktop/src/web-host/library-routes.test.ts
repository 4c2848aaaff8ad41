// The Library's routes on the web host: the contract calls and /thumbnails/. Every direct
// request goes through `webHostFetch`, the one place a test adds what the host asks of a caller.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ContractOutputs } from '../contract/index.ts';
import { createForgeServices, createLogger } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { plainPng } from '../services/library/__fixtures__/png-with-xmp.ts';
import { assetUrlPath, startWebHost, thumbnailUrlPath, tokenHeader } from './web-host.ts';
import type { WebHost } from './web-host.ts';

const logger = createLogger({ write: () => undefined });

/** A request to the web host as the app's page makes it: with the access token. */
function webHostFetch(host: WebHost, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(path, host.url), { ...init, headers: { ...(init.headers as Record<string, string> | undefined), [tokenHeader]: host.token } });
}

describe('the Library on the web host', () => {
  let workDir: string;
  let services: ForgeServices;
  let host: WebHost;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'forge-web-library-'));
    await mkdir(join(workDir, 'project'));
    await mkdir(join(workDir, 'renderer'));
    await writeFile(join(workDir, 'renderer', 'index.html'), '<!doctype html><title>Forge</title>');
    services = await createForgeServices({
      workspace: { mode: 'project', projectDir: join(workDir, 'project') },
      backend: createOfflineBackend(),
      assetUrl: assetUrlPath,
      thumbnailUrl: thumbnailUrlPath,
      logger,
      cacheDir: join(workDir, 'cache'),
    });
    host = await startWebHost({ services, rendererDir: join(workDir, 'renderer'), logger });
  });

  afterEach(async () => {
    await host.close();
    await services.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('lists assets through the contract and serves each thumbnail with long-lived caching under its versioned URL', async () => {
    const asset = await services.store.save(await plainPng(400, 200), { prompt: 'a brass airship', kind: 'sprites' });
    const response = await webHostFetch(host, '/api/call/listAssets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'airship' }) });
    const body = (await response.json()) as { ok: true; result: ContractOutputs['listAssets'] };
    expect(body.ok).toBe(true);
    const [listed] = body.result.assets;
    if (listed?.status !== 'image') throw new Error('no image listed');
    expect(listed.relativePath).toBe(asset.relativePath);

    // Like /files/, a thumbnail is only for the page that opened the printed link.
    expect((await fetch(new URL(listed.thumbnail.src, host.url))).status).toBe(401);
    const thumbnail = await webHostFetch(host, listed.thumbnail.src);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(thumbnail.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    const etag = thumbnail.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((await thumbnail.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const revalidated = await webHostFetch(host, listed.thumbnail.src, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect((await webHostFetch(host, listed.thumbnail.src.replace('h=192', 'h=50'))).status).toBe(400);
    expect((await webHostFetch(host, '/thumbnails/..%2F..%2Fetc%2Fpasswd?h=192')).status).toBe(404);
    // Only what /files/ would serve: no thumbnail of the project's other files, and none without the token.
    await writeFile(join(workDir, 'project', 'secret.png'), await plainPng(40, 20));
    expect((await webHostFetch(host, '/thumbnails/secret.png?h=192')).status).toBe(404);
    expect((await fetch(new URL(listed.thumbnail.src, host.url))).status).toBe(401);
  });

  it('refuses malformed Library calls with a message a person can read', async () => {
    const call = async (input: unknown) =>
      (await (await webHostFetch(host, '/api/call/listAssets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) })).json()) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
    expect(await call({ limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call({ limit: 5000 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call({ query: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'A search is at most 1,000 characters.' } });
    expect(await call({ path: '/etc' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call({ cursor: 'made-up' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
