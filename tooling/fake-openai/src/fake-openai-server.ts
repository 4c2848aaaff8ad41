// The loopback fake OpenAI server: routes requests, picks each request's scenario, records
// what it received (without credentials), and shuts down cleanly with hanging requests open.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { type Exchange, type FakeRecordedRequest, parseBody, readBody, redactHeaders, sendError } from './exchange.ts';
import { actOutFault } from './faults.ts';
import { answerImages } from './images-endpoint.ts';
import { collectInputImages } from './input-images.ts';
import { answerModels, defaultFakeModels } from './models-endpoint.ts';
import { answerResponses } from './responses-endpoint.ts';
import {
  type FakeScenario,
  type FakeScenarioChooser,
  type FakeScenarioSettings,
  parseScenarioHeader,
  scenarioHeader,
  toScenarioSettings,
} from './scenario.ts';

export interface FakeOpenAIOptions {
  /** 0 (the default) picks a free port. The server only listens on 127.0.0.1. */
  port?: number;
  /** The default scenario: a name, settings, or a function of the request (undefined → `ok`). */
  scenario?: FakeScenarioChooser;
  /** The model ids `/v1/models` lists. */
  models?: readonly string[];
  /** Extra headers on every answer, e.g. Codex's quota headers (`x-codex-primary-used-percent`…). */
  responseHeaders?: Record<string, string>;
  /** Each streamed event as it is written to the socket (`at`: `performance.timeOrigin + performance.now()`), for benchmarks that time from the server. */
  onEventSent?: (event: { type: string; at: number }) => void;
}

export interface FakeOpenAI {
  /** The base URL to hand an OpenAI client, ending in `/v1`. */
  url: string;
  port: number;
  /** Every request received so far, in order. */
  requests: FakeRecordedRequest[];
  /** Replaces the default scenario for the requests that follow. */
  setScenario(scenario: FakeScenarioChooser): void;
  /** The next requests act out these scenarios, one each, before the default applies again. */
  script(...scenarios: FakeScenario[]): void;
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Replaces the extra headers sent on every answer from now on. */
  setResponseHeaders(headers: Record<string, string>): void;
  /** Stops listening and drops every open connection (hanging requests included). */
  close(): Promise<void>;
}

function isStreaming(body: unknown): boolean {
  return typeof body === 'object' && body !== null && ((body as Record<string, unknown>).stream === true || (body as Record<string, unknown>).stream === 'true');
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  let chooser: FakeScenarioChooser = options.scenario ?? 'ok';
  const scripted: FakeScenario[] = [];
  const requests: FakeRecordedRequest[] = [];
  const models = options.models ?? defaultFakeModels;
  let responseHeaders: Record<string, string> = { ...options.responseHeaders };
  const sockets = new Set<Socket>();
  let received = 0;

  function chooseScenario(request: IncomingMessage, summary: Omit<FakeRecordedRequest, 'scenario' | 'receivedAt' | 'closedByClient' | 'inputImages'>): FakeScenarioSettings {
    const header = request.headers[scenarioHeader];
    const fromHeader = parseScenarioHeader(Array.isArray(header) ? header[0] : header);
    if (fromHeader) return fromHeader;
    const next = scripted.shift();
    if (next !== undefined) return toScenarioSettings(next);
    const chosen = typeof chooser === 'function' ? chooser(summary) : chooser;
    return toScenarioSettings(chosen ?? 'ok');
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const index = received;
    received += 1;
    for (const [name, value] of Object.entries(responseHeaders)) response.setHeader(name, value);
    const clientGone = new AbortController();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(request);
    const body = await parseBody(request.headers['content-type'], raw);
    const summary = { index, method: request.method ?? 'GET', path: url.pathname, headers: redactHeaders(request.headers), body };
    const inputImages = request.method === 'POST' ? await collectInputImages(url.pathname, request.headers['content-type'], raw, body) : [];
    let scenario: FakeScenarioSettings;
    try {
      scenario = chooseScenario(request, summary);
    } catch (error) {
      scenario = { name: 'ok' };
      const record: FakeRecordedRequest = { ...summary, inputImages, scenario, receivedAt: Date.now(), closedByClient: false };
      requests.push(record);
      sendError({ request, response, record, scenario, clientGone: clientGone.signal }, 400, {
        message: error instanceof Error ? error.message : String(error),
        type: 'fake_server_error',
      });
      return;
    }
    const record: FakeRecordedRequest = { ...summary, inputImages, scenario, receivedAt: Date.now(), closedByClient: false };
    requests.push(record);
    response.on('close', () => {
      if (!response.writableFinished) {
        record.closedByClient = true;
        clientGone.abort();
      }
    });
    const exchange: Exchange = { request, response, record, scenario, clientGone: clientGone.signal, ...(options.onEventSent === undefined ? {} : { onEventSent: options.onEventSent }) };
    const route = `${record.method} ${url.pathname.replace(/\/+$/, '')}`;
    const modelMatch = /^GET \/v1\/models\/(.+)$/.exec(route);
    if (route === 'GET /v1/models' || modelMatch) {
      if (await actOutFault(exchange, false)) return;
      answerModels(exchange, models, modelMatch?.[1] === undefined ? undefined : decodeURIComponent(modelMatch[1]));
      return;
    }
    const kind = route === 'POST /v1/images/generations' ? 'generation' : route === 'POST /v1/images/edits' ? 'edit' : route === 'POST /v1/responses' ? 'responses' : undefined;
    if (kind === undefined) {
      sendError(exchange, 404, { message: `Unknown route ${route} on the fake OpenAI server.`, type: 'invalid_request_error' });
      return;
    }
    if (await actOutFault(exchange, isStreaming(body))) return;
    // The real API refuses an unreadable input image before the model sees anything.
    const refused = inputImages.findIndex((image) => image.problem !== undefined);
    if (refused >= 0) {
      sendError(exchange, 400, {
        message: `Invalid input image ${refused + 1}: ${inputImages[refused]?.problem ?? ''}`,
        type: 'invalid_request_error',
        param: kind === 'responses' ? 'input' : 'image',
        code: 'invalid_image',
      });
      return;
    }
    if (kind === 'edit' && inputImages.length === 0) {
      sendError(exchange, 400, { message: "Missing required parameter: 'image'.", type: 'invalid_request_error', param: 'image', code: 'missing_required_parameter' });
      return;
    }
    if (kind === 'responses') await answerResponses(exchange, body);
    else await answerImages(exchange, body, kind);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: `Fake server failure: ${error instanceof Error ? error.message : String(error)}`, type: 'server_error' } }));
      } else response.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    setScenario(scenario) {
      chooser = scenario;
    },
    script(...scenarios) {
      scripted.push(...scenarios);
    },
    clearRequests() {
      requests.length = 0;
    },
    setResponseHeaders(headers) {
      responseHeaders = { ...headers };
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
