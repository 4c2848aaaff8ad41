// Serves the renderer and the services over loopback HTTP, so the app runs in any browser:
// for browser tests and for machines without Electron. Only 127.0.0.1, only its own origin.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

import type { ForgeEvent } from '../contract/index.ts';
import type { ForgeServices } from '../services/index.ts';
import type { Logger } from '../services/index.ts';
import { replyWithThumbnail, thumbnailUrl } from '../services/library/index.ts';

export interface WebHostOptions {
  services: ForgeServices;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  port?: number;
  logger: Logger;
}

export interface WebHost {
  readonly url: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const maxBodyBytes = 2 * 1024 * 1024;

/** The URL path under which stored assets are served. */
export function assetUrlPath(relativePath: string): string {
  return `/files/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The Library's thumbnails: `/thumbnails/<relativePath>?h=192|384&v=<the file's identity>`. */
export const thumbnailUrlPath = thumbnailUrl('/thumbnails/');

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new RequestError(413, 'That request is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, 'The request body is not valid JSON.');
  }
}

class RequestError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function sendFile(response: ServerResponse, path: string, cache: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile()) throw new RequestError(404, 'Not found.');
  response.writeHead(200, {
    'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': cache,
    'x-content-type-options': 'nosniff',
  });
  await new Promise<void>((resolve, reject) => {
    createReadStream(path).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { services, rendererDir, logger } = options;
  const streams = new Set<ServerResponse>();
  let origin = '';

  const unsubscribe = services.subscribe((event: ForgeEvent) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    // Loopback only, and only for requests addressed to us (no DNS rebinding).
    const host = request.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${new URL(origin).port}`) throw new RequestError(403, 'Forbidden host.');

    if (url.pathname === '/api/events' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname.startsWith('/api/call/')) {
      if (request.method !== 'POST') throw new RequestError(405, 'Use POST.');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== `http://localhost:${new URL(origin).port}`) {
        throw new RequestError(403, 'Forbidden origin.');
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new RequestError(415, 'Send JSON.');
      const name = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      const input = await readBody(request);
      sendJson(response, 200, await services.respond(name, input));
      return;
    }
    // A thumbnail is a view of a stored file: it passes every check a /files/ request passes.
    if (url.pathname.startsWith('/thumbnails/') && request.method === 'GET') {
      const relativePath = url.pathname.slice('/thumbnails/'.length).split('/').map(decodeURIComponent).join('/');
      const reply = await replyWithThumbnail(services.store, relativePath, url.searchParams, request.headers['if-none-match']);
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
      return;
    }
    if (url.pathname.startsWith('/files/') && request.method === 'GET') {
      const relativePath = url.pathname.slice('/files/'.length).split('/').map(decodeURIComponent).join('/');
      let path: string;
      try {
        path = services.store.resolve(relativePath);
      } catch {
        throw new RequestError(404, 'Not found.');
      }
      await sendFile(response, path, 'private, max-age=31536000, immutable');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new RequestError(405, 'Method not allowed.');
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const path = join(rendererDir, relative === '' ? 'index.html' : relative);
    if (!path.startsWith(rendererDir + sep) && path !== rendererDir) throw new RequestError(404, 'Not found.');
    try {
      await sendFile(response, path, relative.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-store');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof RequestError)) throw error;
      await sendFile(response, join(rendererDir, 'index.html'), 'no-store');
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof RequestError ? error.status : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500;
      if (status === 500) logger.error('web host request failed', error);
      if (!response.headersSent) sendJson(response, status, { ok: false, error: { code: 'http_' + String(status), message: error instanceof RequestError ? error.message : 'Request failed.' } });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
