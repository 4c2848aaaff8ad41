// Serves the renderer and the services over loopback HTTP, so the app runs in any browser:
// for browser tests and for machines without Electron. Only 127.0.0.1, only its own origin,
// and only for whoever opened the link with the token it printed (see access-token.ts).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { ForgeEvent } from '../contract/index.ts';
import type { ForgeServices } from '../services/index.ts';
import type { Logger } from '../services/index.ts';
import { createAccessToken, isAuthorized, sessionCookie, tokenHeader, tokensMatch } from './access-token.ts';
import { EventStreamClients } from './event-stream-clients.ts';
import type { EventStreamLimits } from './event-stream-clients.ts';
import { dataHeaders, openTheLinkPage, openTheLinkPageHeaders, pageHeaders } from './page-security.ts';
import { decodePathSegments, MalformedPathError, splitRequestTarget } from './request-path.ts';
import { imageResponseHeaders, openServedImage } from './served-image.ts';
import { replyWithThumbnail, thumbnailUrl } from '../services/library/index.ts';

export interface WebHostOptions {
  services: ForgeServices;
  /** The built renderer (index.html and its assets). */
  rendererDir: string;
  port?: number;
  logger: Logger;
  /** The access token; default: 32 fresh random bytes. */
  token?: string;
  /** Limits on `/api/events` streams (8 clients, 30 s to drain by default). */
  eventStreams?: EventStreamLimits;
}

export interface WebHost {
  /** `http://127.0.0.1:PORT/`, which admits no one by itself. */
  readonly url: string;
  /** The token every `/api/*` and `/files/*` request needs (cookie or `x-forge-token` header). */
  readonly token: string;
  /** The link to print for the user: opening it signs the browser in and drops the token from the address. */
  readonly openUrl: string;
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
  response.writeHead(status, { ...dataHeaders, 'content-type': 'application/json; charset=utf-8' });
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

/** Streams `source` into the response; a client that hangs up early is not an error, and the source is closed either way. */
async function pipeTo(source: Readable, response: ServerResponse): Promise<void> {
  try {
    await pipeline(source, response);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}

async function sendFile(response: ServerResponse, path: string, cache: string): Promise<void> {
  const info = await stat(path);
  if (!info.isFile()) throw new RequestError(404, 'Not found.');
  response.writeHead(200, {
    ...pageHeaders,
    'content-type': contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': cache,
  });
  await pipeTo(createReadStream(path), response);
}

function sendEmpty(response: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  response.writeHead(status, { ...dataHeaders, ...headers });
  response.end();
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { services, rendererDir, logger } = options;
  const token = options.token ?? createAccessToken();
  const streams = new EventStreamClients(options.eventStreams);
  let origin = '';
  let port = 0;

  const unsubscribe = services.subscribe((event: ForgeEvent) => streams.broadcast(`data: ${JSON.stringify(event)}\n\n`));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Loopback only, and only for requests addressed to us (no DNS rebinding).
    const host = request.headers.host ?? '';
    if (host !== new URL(origin).host && host !== `localhost:${String(port)}`) throw new RequestError(403, 'Forbidden host.');

    const { rawPath, query } = splitRequestTarget(request.url ?? '/');
    const segments = decodePathSegments(rawPath);
    const [area] = segments;

    if (area === 'api' || area === 'files' || area === 'thumbnails') {
      // Nothing is read, run or logged for a request without the token.
      if (!isAuthorized(request.headers, token, port)) {
        sendEmpty(response, 401);
        return;
      }
      if (area === 'api') await handleApi(request, response, segments.slice(1));
      else if (area === 'thumbnails') await handleThumbnail(request, response, segments.slice(1), query);
      else await handleFile(request, response, segments.slice(1));
      return;
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') throw new RequestError(405, 'Method not allowed.');
    const presented = query.get('token');
    if (presented !== null) {
      if (!tokensMatch(token, presented)) {
        sendOpenTheLinkPage(response);
        return;
      }
      // The token leaves the address bar (and the history entry the app lives in) at once.
      response.writeHead(303, { ...pageHeaders, location: '/', 'set-cookie': sessionCookie(port, token), 'cache-control': 'no-store' });
      response.end();
      return;
    }
    if (!isAuthorized(request.headers, token, port)) {
      sendOpenTheLinkPage(response);
      return;
    }
    await handlePage(response, segments);
  }

  function sendOpenTheLinkPage(response: ServerResponse): void {
    response.writeHead(401, { ...openTheLinkPageHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(openTheLinkPage);
  }

  async function handleApi(request: IncomingMessage, response: ServerResponse, route: string[]): Promise<void> {
    if (route.length === 1 && route[0] === 'events' && request.method === 'GET') {
      if (streams.full) throw new RequestError(503, `Forge already streams to ${String(streams.maxClients)} open pages; close one of them and reload this page.`);
      response.writeHead(200, { ...dataHeaders, 'content-type': 'text/event-stream', connection: 'keep-alive' });
      response.write(': connected\n\n');
      streams.add(response);
      // No page is left to answer an approval card: decline what waits.
      response.once('close', () => {
        if (streams.size === 0) services.rendererClosed();
      });
      return;
    }
    if (route.length === 2 && route[0] === 'call') {
      if (request.method !== 'POST') throw new RequestError(405, 'Use POST.');
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin && requestOrigin !== `http://localhost:${String(port)}`) {
        throw new RequestError(403, 'Forbidden origin.');
      }
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new RequestError(415, 'Send JSON.');
      const input = await readBody(request);
      sendJson(response, 200, await services.respond(route[1] ?? '', input));
      return;
    }
    throw new RequestError(404, 'Not found.');
  }

  // A thumbnail is a view of a stored file: it passes every check a /files/ request passes.
  async function handleThumbnail(request: IncomingMessage, response: ServerResponse, route: string[], query: URLSearchParams): Promise<void> {
    if (request.method !== 'GET') throw new RequestError(405, 'Use GET.');
    const reply = await replyWithThumbnail(services.store, route.join('/'), query, request.headers['if-none-match']);
    response.writeHead(reply.status, reply.headers);
    response.end(reply.body);
  }

  async function handleFile(request: IncomingMessage, response: ServerResponse, route: string[]): Promise<void> {
    if (request.method !== 'GET') throw new RequestError(405, 'Use GET.');
    const image = await openServedImage(services.store, route.join('/'));
    if (image === undefined) throw new RequestError(404, 'Not found.');
    try {
      response.writeHead(200, {
        ...imageResponseHeaders,
        'content-type': image.contentType,
        'content-length': image.size,
        'cache-control': 'private, max-age=31536000, immutable',
      });
      await pipeTo(image.handle.createReadStream({ start: 0, autoClose: false }), response);
    } finally {
      await image.handle.close();
    }
  }

  async function handlePage(response: ServerResponse, segments: string[]): Promise<void> {
    const relative = normalize(segments.join('/')).replace(/^([/\\])+/, '');
    const path = join(rendererDir, relative === '.' || relative === '' ? 'index.html' : relative);
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
      const status =
        error instanceof RequestError ? error.status : error instanceof MalformedPathError ? 400 : (error as NodeJS.ErrnoException).code === 'ENOENT' ? 404 : 500;
      if (status === 500) logger.error('web host request failed', error);
      const message = error instanceof RequestError || error instanceof MalformedPathError ? error.message : 'Request failed.';
      if (!response.headersSent) sendJson(response, status, { ok: false, error: { code: 'http_' + String(status), message } });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${String(port)}`;
  return {
    url: `${origin}/`,
    token,
    openUrl: `${origin}/?token=${encodeURIComponent(token)}`,
    async close() {
      unsubscribe();
      streams.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { tokenHeader };
