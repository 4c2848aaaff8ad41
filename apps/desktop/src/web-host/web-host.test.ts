import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ForgeEvent } from '../contract/index.ts';
import { createForgeServices, createLogger } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { assetUrlPath, startWebHost } from './web-host.ts';
import type { WebHost } from './web-host.ts';

const logged: string[] = [];
const logger = createLogger({ write: (line) => logged.push(line) });

/** A raw request, so tests can send what a browser would refuse to (a foreign Host header). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; path?: string } = {}): Promise<{ status: number; body: string }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path: options.path ?? pathname, method: options.method ?? 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('web host', () => {
  let projectDir: string;
  let rendererDir: string;
  let services: ForgeServices;
  let host: WebHost;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-web-'));
    rendererDir = await mkdtemp(join(tmpdir(), 'forge-renderer-'));
    await mkdir(join(rendererDir, 'assets'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Forge</title>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: createOfflineBackend(), assetUrl: assetUrlPath, logger, cacheDir: join(projectDir, 'cache') });
    host = await startWebHost({ services, rendererDir, logger });
  });

  afterEach(async () => {
    await host.close();
    await services.close();
    await rm(projectDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  const call = async (name: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> => {
    const response = await fetch(new URL(`/api/call/${name}`, host.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    return (await response.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  };

  it('serves the renderer on 127.0.0.1, with the app page for unknown routes', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(host.url)).text()).toContain('<title>Forge</title>');
    expect((await fetch(new URL('/assets/app.js', host.url))).headers.get('content-type')).toContain('javascript');
    expect(await (await fetch(new URL('/settings/account', host.url))).text()).toContain('<title>Forge</title>');
  });

  it('answers contract calls, and rejects bad input with a message instead of running it', async () => {
    const state = await call('getState', {});
    expect(state).toMatchObject({ ok: true, result: { mode: 'project', memoryFile: '.forge/ASSETS.md', account: { backend: 'offline' } } });
    expect(await call('sendMessage', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Type a message first.' } });
    expect(await call('sendMessage', { text: 'hi', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('streams the chat as server-sent events and serves the saved image', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/events', host.url), { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await call('sendMessage', { text: 'draw a kite' });
    let text = '';
    let completedUrl: string | undefined;
    while (completedUrl === undefined) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
      for (const frame of text.split('\n\n')) {
        if (!frame.startsWith('data: ')) continue;
        const event = JSON.parse(frame.slice(6)) as ForgeEvent;
        if (event.type !== 'message') continue;
        for (const part of event.message.parts) if (part.type === 'image' && part.status === 'completed') completedUrl = part.url;
      }
    }
    controller.abort();
    expect(completedUrl).toMatch(/^\/files\/\.forge\/generated\/\d{8}-\d{6}-\d{3}\.png$/);
    const image = await fetch(new URL(completedUrl ?? '', host.url));
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  });

  it('refuses other hosts, other origins and paths outside the project', async () => {
    const { port } = new URL(host.url);
    expect((await rawRequest(host.url, { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    const foreign = await rawRequest(new URL('/api/call/getState', host.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const secretName = `forge-secret-${String(process.pid)}.txt`;
    await writeFile(join(projectDir, '..', secretName), 'TOP SECRET');
    try {
      for (const path of [`/files/..%2F${secretName}`, `/files/.forge/../../${secretName}`, `/files/%2Ftmp%2F${secretName}`, `/files/..\\${secretName}`]) {
        const response = await rawRequest(host.url, { path });
        expect(response.body, path).not.toContain('TOP SECRET');
        expect([404, 200], path).toContain(response.status);
      }
      expect((await rawRequest(host.url, { path: `/files/..%2F${secretName}` })).status).toBe(404);
    } finally {
      await rm(join(projectDir, '..', secretName), { force: true });
    }
  });
});
