import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ForgeEvent } from '../contract/index.ts';
import { createForgeServices, createLogger } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { assetUrlPath, startWebHost } from './web-host.ts';
import type { WebHost, WebHostOptions } from './web-host.ts';

const logged: string[] = [];
const logger = createLogger({ write: (line) => logged.push(line) });
const errorsLogged = (): string[] => logged.filter((line) => line.startsWith('[forge] error'));

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request, so tests can send what a browser would refuse to (a foreign Host header, a broken path). */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; path?: string } = {}): Promise<RawResponse> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path: options.path ?? pathname, method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** An `/api/events` stream held open: its status, and a way to hang up. */
function openEventStream(url: string, headers: Record<string, string>): Promise<{ status: number; body: () => string; close: () => void }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, path: '/api/events', headers, agent: false }, (response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      const result = { status: response.statusCode ?? 0, body: () => body, close: () => outgoing.destroy() };
      if (result.status !== 200) response.on('end', () => resolve(result));
      else resolve(result);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    outgoing.end();
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-not-decoded-here')]);
const jpegBytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-body')]);
const webpBytes = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x10, 0, 0, 0]), Buffer.from('WEBPVP8 body')]);
const gifBytes = Buffer.from('GIF89a-body');

// Starting services opens the asset store and a watcher: on a loaded machine that takes seconds.
const hostTimeout = 30_000;

describe('web host', () => {
  let projectDir: string;
  let rendererDir: string;
  let services: ForgeServices;
  let host: WebHost;
  let auth: Record<string, string>;

  async function restartHost(extra: Partial<WebHostOptions>): Promise<void> {
    await host.close();
    host = await startWebHost({ services, rendererDir, logger, ...extra });
    auth = { 'x-forge-token': host.token };
  }

  beforeEach(async () => {
    logged.length = 0;
    projectDir = await mkdtemp(join(tmpdir(), 'forge-web-'));
    rendererDir = await mkdtemp(join(tmpdir(), 'forge-renderer-'));
    await mkdir(join(rendererDir, 'assets'));
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Forge</title><div id="root"></div>');
    await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: createOfflineBackend(), assetUrl: assetUrlPath, logger, cacheDir: join(projectDir, 'cache') });
    host = await startWebHost({ services, rendererDir, logger });
    auth = { 'x-forge-token': host.token };
  }, hostTimeout);

  afterEach(async () => {
    await host.close();
    await services.close();
    await rm(projectDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  }, hostTimeout);

  const call = async (name: string, input: unknown, headers: Record<string, string> = auth): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> => {
    const response = await fetch(new URL(`/api/call/${name}`, host.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(input) });
    return (await response.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
  };

  it('serves the renderer on 127.0.0.1, with the app page for unknown routes, to a client with the token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(host.url, { headers: auth })).text()).toContain('<div id="root">');
    expect((await fetch(new URL('/assets/app.js', host.url), { headers: auth })).headers.get('content-type')).toContain('javascript');
    expect(await (await fetch(new URL('/settings/account', host.url), { headers: auth })).text()).toContain('<div id="root">');
  });

  it('answers contract calls, and rejects bad input with a message instead of running it', async () => {
    const state = await call('getState', {});
    expect(state).toMatchObject({ ok: true, result: { mode: 'project', memoryFile: '.forge/ASSETS.md', account: { backend: 'offline' } } });
    expect(await call('sendMessage', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Type a message first.' } });
    expect(await call('sendMessage', { text: 'hi', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('deleteEverything', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('takes an attached image of several MB (attachImage only) and checks it by content; other calls stay at 2 MB', async () => {
    // 3 MB of a web page as base64: past the 2 MB cap of other calls, well inside attachImage's.
    const page = Buffer.concat([Buffer.from('<!doctype html><html>'), Buffer.alloc(3 * 1024 * 1024, 0x20)]).toString('base64');
    expect(await call('attachImage', { name: 'page.png', bytes: page })).toMatchObject({ ok: false, error: { code: 'invalid_image', message: expect.stringMatching(/^page\.png is a web page/) as unknown } });
    const big = await rawRequest(new URL('/api/call/sendMessage', host.url).href, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(3 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
  });

  it('streams the chat as server-sent events and serves the saved image', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/events', host.url), { signal: controller.signal, headers: auth });
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
    const image = await fetch(new URL(completedUrl ?? '', host.url), { headers: auth });
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
  }, hostTimeout);

  it('refuses other hosts, other origins and paths outside the project', async () => {
    const { port } = new URL(host.url);
    expect((await rawRequest(host.url, { headers: { ...auth, host: `evil.example:${port}` } })).status).toBe(403);
    const foreign = await rawRequest(new URL('/api/call/getState', host.url).toString(), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', origin: 'http://evil.example' },
      body: '{}',
    });
    expect(foreign.status).toBe(403);
    const secretName = `forge-secret-${String(process.pid)}.png`;
    await writeFile(join(projectDir, '..', secretName), Buffer.concat([pngBytes, Buffer.from('TOP SECRET')]));
    try {
      for (const path of [`/files/..%2F${secretName}`, `/files/.forge/../../${secretName}`, `/files/%2Ftmp%2F${secretName}`, `/files/..\\${secretName}`, `/files/.forge/generated/..%2F..%2F..%2F${secretName}`]) {
        const response = await rawRequest(host.url, { path, headers: auth });
        expect(response.body, path).not.toContain('TOP SECRET');
        expect(response.status, path).toBe(404);
      }
    } finally {
      await rm(join(projectDir, '..', secretName), { force: true });
    }
  });

  describe('admits only its own page', () => {
    it('makes a fresh 32-byte token per start and offers it as a link to open', async () => {
      expect(Buffer.from(host.token, 'base64url')).toHaveLength(32);
      expect(host.openUrl).toBe(`${host.url}?token=${host.token}`);
      const first = host.token;
      await restartHost({});
      expect(host.token).not.toBe(first);
    }, hostTimeout);

    it('answers 401 and nothing else to API and file requests without the token, and runs nothing', async () => {
      // The account check logs once when it settles; what follows must log nothing.
      await expect.poll(async () => (await services.call('getState', {})).account.checking === true, { timeout: 30_000 }).toBe(false);
      logged.length = 0;
      const events: ForgeEvent[] = [];
      const unsubscribe = services.subscribe((event) => events.push(event));
      const generated = join(projectDir, '.forge', 'generated');
      await mkdir(generated, { recursive: true });
      await writeFile(join(generated, 'kite.png'), pngBytes);
      const { port } = new URL(host.url);
      const strangers: Record<string, string>[] = [
        {},
        { 'x-forge-token': 'wrong' },
        { 'x-forge-token': host.token.slice(0, -1) },
        { cookie: `forge-session-${port}=wrong` },
        { cookie: `forge-session-1=${host.token}` },
      ];
      for (const headers of strangers) {
        const label = JSON.stringify(headers);
        const sent = await rawRequest(new URL('/api/call/sendMessage', host.url).toString(), {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'draw a kite' }),
        });
        expect([sent.status, sent.body], label).toEqual([401, '']);
        for (const path of ['/api/call/getState', '/api/events', '/files/.forge/generated/kite.png', '/api/nothing']) {
          const response = await rawRequest(host.url, { path, headers });
          expect([response.status, response.body], `${label} ${path}`).toEqual([401, '']);
        }
      }
      unsubscribe();
      expect(events).toEqual([]);
      expect(logged).toEqual([]);
    });

    it('shows a page that says to open the printed link, and no app, to a browser without the cookie', async () => {
      for (const path of ['/', '/settings/account', '/assets/app.js', '/?token=wrong']) {
        const response = await rawRequest(host.url, { path });
        expect(response.status, path).toBe(401);
        expect(response.headers['set-cookie'], path).toBeUndefined();
        expect(response.body, path).toContain('Open Forge from its link');
        expect(response.body, path).toContain('printed');
        expect(response.body, path).not.toContain('<div id="root">');
        expect(response.body, path).not.toContain('console.log');
        expect(response.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      }
    });

    it('signs in the browser that opens the link with an HttpOnly, SameSite=Strict cookie and drops the token from the address', async () => {
      const opened = await rawRequest(host.openUrl, { path: `/?token=${host.token}` });
      expect(opened.status).toBe(303);
      expect(opened.headers.location).toBe('/');
      const [cookie] = opened.headers['set-cookie'] ?? [];
      const attributes = (cookie ?? '').split(';').map((part) => part.trim());
      const { port } = new URL(host.url);
      expect(attributes[0]).toBe(`forge-session-${port}=${host.token}`);
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
      const session = { cookie: attributes[0] ?? '' };
      expect((await rawRequest(host.url, { headers: session })).body).toContain('<div id="root">');
      const state = await rawRequest(new URL('/api/call/getState', host.url).toString(), { method: 'POST', headers: { ...session, 'content-type': 'application/json' }, body: '{}' });
      expect(state.status).toBe(200);
      expect(JSON.parse(state.body)).toMatchObject({ ok: true, result: { mode: 'project' } });
    });
  });

  describe('/files/ serves images only', () => {
    it('serves the formats the store writes from generated/, sandboxed and typed by their bytes', async () => {
      const generated = join(projectDir, '.forge', 'generated');
      await mkdir(join(generated, 'sprites'), { recursive: true });
      const images: [string, Buffer, string][] = [
        ['a.png', pngBytes, 'image/png'],
        ['b.jpg', jpegBytes, 'image/jpeg'],
        ['c.jpeg', jpegBytes, 'image/jpeg'],
        ['d.webp', webpBytes, 'image/webp'],
        ['e.gif', gifBytes, 'image/gif'],
        ['sprites/f.PNG', pngBytes, 'image/png'],
      ];
      for (const [name, bytes, type] of images) {
        await writeFile(join(generated, name), bytes);
        const response = await rawRequest(host.url, { path: assetUrlPath(`.forge/generated/${name}`), headers: auth });
        expect(response.status, name).toBe(200);
        expect(response.headers['content-type'], name).toBe(type);
        expect(response.headers['content-security-policy'], name).toBe("sandbox; default-src 'none'");
        expect(response.headers['x-content-type-options'], name).toBe('nosniff');
        expect(Buffer.from(response.body, 'latin1').equals(bytes), name).toBe(true);
      }
    });

    it('answers 404 for active content, notes, locks, hidden files, links and anything outside generated/', async () => {
      const forge = join(projectDir, '.forge');
      const generated = join(forge, 'generated');
      await mkdir(generated, { recursive: true });
      const outsideImage = join(projectDir, 'outside.png');
      await writeFile(outsideImage, pngBytes);
      const refused: [string, string | Buffer][] = [
        ['generated/page.html', '<script>alert(1)</script>'],
        ['generated/logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
        ['generated/notes.md', '# notes'],
        ['generated/disguised.png', '<html><script>alert(1)</script></html>'],
        ['generated/jpeg-named.png', jpegBytes],
        ['generated/.partial.png', pngBytes],
        ['generated/index.json', '{}'],
        ['ASSETS.md', '# Assets'],
        ['ASSETS.md.lock', ''],
        ['cover.png', pngBytes],
      ];
      for (const [name, content] of refused) await writeFile(join(forge, name), content);
      await symlink(outsideImage, join(generated, 'link.png'));
      for (const name of [...refused.map(([entry]) => entry), 'generated/link.png', 'generated', 'generated/missing.png']) {
        const response = await rawRequest(host.url, { path: assetUrlPath(`.forge/${name}`), headers: auth });
        expect(response.status, name).toBe(404);
        expect(response.body, name).not.toMatch(/script|# |PNG/);
      }
      expect((await rawRequest(host.url, { path: '/files/outside.png', headers: auth })).status).toBe(404);
    });

    it.skipIf(process.platform !== 'linux')('closes the file of an image whose reader hangs up early', async () => {
      const generated = join(projectDir, '.forge', 'generated');
      await mkdir(generated, { recursive: true });
      await writeFile(join(generated, 'big.png'), Buffer.concat([pngBytes, Buffer.alloc(8 * 1024 * 1024)]));
      const openFiles = async (): Promise<number> => (await readdir('/proc/self/fd')).length;
      const before = await openFiles();
      const { hostname, port } = new URL(host.url);
      for (let index = 0; index < 10; index += 1) {
        await new Promise<void>((resolve, reject) => {
          const outgoing = request({ hostname, port, path: '/files/.forge/generated/big.png', headers: auth, agent: false }, (response) => {
            expect(response.statusCode).toBe(200);
            response.once('data', () => {
              outgoing.destroy();
              resolve();
            });
          });
          outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve() : reject(error)));
          outgoing.end();
        });
      }
      await waitFor(async () => (await openFiles()) <= before + 1, 'the host to close the files of the abandoned downloads');
      expect(errorsLogged()).toEqual([]);
    }, hostTimeout);

    it('sets frame-ancestors none and X-Frame-Options DENY on every page, with the renderer policy intact', async () => {
      for (const path of ['/', '/assets/app.js', '/settings/account']) {
        const response = await rawRequest(host.url, { path, headers: auth });
        const policy = response.headers['content-security-policy'] ?? '';
        expect(policy, path).toContain("frame-ancestors 'none'");
        expect(policy, path).toContain("script-src 'self'");
        expect(response.headers['x-frame-options'], path).toBe('DENY');
      }
    });
  });

  describe('malformed requests', () => {
    it('answers 400 to malformed percent-encoding and NUL in any route, and logs no error', async () => {
      for (const path of ['/files/.forge/generated/%E0%A4%A.png', '/files/%ZZ', '/files/.forge/generated/a%00.png', '/api/call/get%ZZState', '/api/call/getState%00', '/%ZZ', '/assets/%E0%A4%A', '/assets/app.js%00', '/settings/%00']) {
        const post = path.startsWith('/api/call/');
        const response = await rawRequest(host.url, post ? { path, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' } : { path, headers: auth });
        expect(response.status, path).toBe(400);
        expect(JSON.parse(response.body), path).toMatchObject({ ok: false, error: { code: 'http_400' } });
      }
      expect(errorsLogged()).toEqual([]);
    });
  });

  describe('event stream', () => {
    it('serves at most 8 event-stream clients and tells the ninth why it was refused', async () => {
      const streams = [];
      for (let index = 0; index < 8; index += 1) streams.push(await openEventStream(host.url, auth));
      expect(streams.map((stream) => stream.status)).toEqual(Array.from({ length: 8 }, () => 200));
      const ninth = await openEventStream(host.url, auth);
      expect(ninth.status).toBe(503);
      expect(JSON.parse(ninth.body())).toMatchObject({ ok: false, error: { message: expect.stringContaining('close one of them') as unknown } });
      streams.pop()?.close();
      await waitFor(async () => {
        const again = await openEventStream(host.url, auth);
        again.close();
        return again.status === 200;
      }, 'a free place after one page closed');
      for (const stream of streams) stream.close();
    }, hostTimeout);

    /** The services with events the test sends itself (`emit`). */
    function scriptedEvents(): { scripted: ForgeServices; emit: (event: ForgeEvent) => void } {
      const listeners = new Set<(event: ForgeEvent) => void>();
      const scripted: ForgeServices = {
        ...services,
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
      return {
        scripted,
        emit: (event) => {
          for (const listener of listeners) listener(event);
        },
      };
    }

    it('sends an event before the publisher goes on to its own synchronous work (a database commit)', async () => {
      const { scripted, emit } = scriptedEvents();
      await host.close();
      host = await startWebHost({ services: scripted, rendererDir, logger });
      // The page's side in a thread of its own, which marks the shared cell when the event arrives.
      const arrived = new Int32Array(new SharedArrayBuffer(4));
      const reader = new Worker(
        `const { workerData, parentPort } = require('node:worker_threads');
         const { request } = require('node:http');
         const cell = workerData.arrived;
         request({ host: '127.0.0.1', port: workerData.port, path: '/api/events', headers: { 'x-forge-token': workerData.token }, agent: false }, (response) => {
           response.on('data', (chunk) => {
             if (String(chunk).includes('image-ready')) { Atomics.store(cell, 0, 1); Atomics.notify(cell, 0); }
             else if (String(chunk).includes('connected')) parentPort.postMessage('connected');
           });
         }).end();`,
        { eval: true, workerData: { port: Number(new URL(host.url).port), token: host.token, arrived } },
      );
      try {
        await new Promise<void>((resolve, reject) => {
          reader.once('message', () => resolve());
          reader.once('error', reject);
        });
        emit({ type: 'account', account: { marker: 'image-ready' } } as unknown as ForgeEvent);
        // This thread now stays busy as a synced commit would: the page must have the event meanwhile
        // ('not-equal': it had it even before the wait began; 'timed-out': it was held back).
        const outcome = Atomics.wait(arrived, 0, 0, 5_000);
        expect(['ok', 'not-equal']).toContain(outcome);
      } finally {
        await reader.terminate();
      }
    }, hostTimeout);

    it('drops a client that stops reading once its buffer has not drained in time, and keeps serving the others', async () => {
      const { scripted, emit } = scriptedEvents();
      await host.close();
      host = await startWebHost({ services: scripted, rendererDir, logger, eventStreams: { maxClients: 2, stallTimeoutMs: 300 } });
      auth = { 'x-forge-token': host.token };

      const { port } = new URL(host.url);
      const stalled = connect({ host: '127.0.0.1', port: Number(port) });
      stalled.on('error', () => undefined);
      await new Promise<void>((resolve) => stalled.once('connect', () => resolve()));
      stalled.write(`GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-forge-token: ${host.token}\r\n\r\n`);
      // Never reads: the kernel's buffers fill, then the host's writes stop draining.
      stalled.pause();
      const reader = await openEventStream(host.url, auth);
      await waitFor(() => reader.body().includes('connected'), 'the reading client to connect');

      // Both places are taken; a third page gets one only once the stalled client is dropped.
      const placeFree = async (): Promise<boolean> => {
        const probe = await openEventStream(host.url, auth);
        probe.close();
        return probe.status === 200;
      };
      expect(await placeFree()).toBe(false);
      const big = { type: 'account', account: { padding: 'x'.repeat(1024 * 1024) } } as unknown as ForgeEvent;
      let dropped = false;
      for (let sent = 0; sent < 200 && !dropped; sent += 1) {
        emit(big);
        await new Promise((resolve) => setTimeout(resolve, 50));
        dropped = await placeFree();
      }
      expect(dropped).toBe(true);

      // The stalled socket was closed by the host: once it reads, it reaches the end.
      const ended = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
      stalled.on('data', () => undefined);
      stalled.resume();
      await ended;

      emit({ type: 'account', account: { marker: 'still-here' } } as unknown as ForgeEvent);
      await waitFor(() => reader.body().includes('still-here'), 'the reading client to get the next event');
      reader.close();
    }, hostTimeout * 2);
  });
});
