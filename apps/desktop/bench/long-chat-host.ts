// The app's side of the long-chat bench, in a process of its own as in the product: the
// services and the real web host (the web host serves the page; the browser and the bench that
// drives it run elsewhere, so neither their work nor their memory is counted as the app's).
// Makes threads through the real save path and tells the bench, with wall-clock times (when it
// asks, between measured moments), when each image left the model, when its finished message
// was published, how many turns have ended, and (against @forge/fake-openai) when the server
// wrote each event (the fake server runs on a thread of its own: its drawing is not the app's).
//   node --conditions=@forge/source bench/long-chat-host.ts offline|noisy|openai
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { crc32, deflateSync } from 'node:zlib';

import { createOfflineBackend, createOpenAIBackend } from '@forge/agent';
import type { AgentBackend, RunTurnOptions } from '@forge/agent';
import { createOfflineImageModel } from '@forge/image-gen';
import type { ImageGenerationEvent, ImageModel } from '@forge/image-gen';

import type { ForgeEvent } from '../src/contract/index.ts';
import { createForgeServices } from '../src/services/forge-services.ts';
import type { ForgeServices } from '../src/services/forge-services.ts';
import type { FakeThreadMessage } from './fake-openai-thread.ts';
import { assetUrlPath, startWebHost, thumbnailUrlPath } from '../src/web-host/web-host.ts';

export type HostKind = 'offline' | 'noisy' | 'openai';

export type HostCommand =
  | { type: 'build'; id: number; count: number }
  | { type: 'collect'; id: number }
  | { type: 'marks'; id: number }
  | { type: 'turns-ended'; id: number; count: number }
  | { type: 'close'; id: number };

/** A moment in the app's process the bench times against (wall clock). */
export interface HostMark {
  mark: 'model-start' | 'model-done' | 'published' | 'server-sent';
  at: number;
  detail?: string;
}

export type HostMessage =
  | { type: 'ready'; url: string; openUrl: string }
  | { type: 'done'; id: number; ms: number }
  | { type: 'marks'; id: number; marks: HostMark[]; turnsEnded: number }
  | { type: 'failed'; id: number; error: string };

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = resolve(here, '..', 'dist', 'renderer');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Wall-clock milliseconds, comparable between this process, the bench's and the page (one clock). */
const wallNow = (): number => performance.timeOrigin + performance.now();

function tell(message: HostMessage): void {
  process.send?.(message);
}

// Marks are kept here until the bench asks for them, between measured moments: a message to
// the bench is a write on its pipe (up to a few ms on a busy machine) that would otherwise
// happen in the middle of what is measured, before the web host's own event went out.
const marks: HostMark[] = [];
let turnsEnded = 0;
const turnWaiters = new Set<() => void>();

function mark(name: HostMark['mark'], at: number, detail?: string): void {
  marks.push(detail === undefined ? { mark: name, at } : { mark: name, at, detail });
}

// ---------- the images ----------

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1536×1024 RGB PNG of about 1.5 MB: a gradient under noise in the low bits, which deflate cannot squeeze away. */
function noisyPng(seed: number): Uint8Array {
  const width = 1536;
  const height = 1024;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  let state = (seed * 2_654_435_761) >>> 0 || 1;
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x += 1) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const offset = row + 1 + x * 3;
      rows[offset] = (Math.floor((x * 255) / width) + (state & 1)) & 255;
      rows[offset + 1] = (Math.floor((y * 255) / height) + ((state >>> 1) & 1)) & 255;
      rows[offset + 2] = (seed * 37) & 255;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(rows, { level: 6 })), pngChunk('IEND', new Uint8Array())]);
}

/** The offline model, with its finished image swapped for a large noisy one (the backend and the save path unchanged). */
function noisyModel(): ImageModel {
  const offline = createOfflineImageModel({ delayMs: 0 });
  let seed = 0;
  return {
    specificationVersion: 'v1',
    provider: offline.provider,
    modelId: offline.modelId,
    async *generate(request, options): AsyncIterable<ImageGenerationEvent> {
      for await (const event of offline.generate(request, options)) {
        if (event.type === 'completed') {
          seed += 1;
          yield { ...event, bytes: noisyPng(seed), mediaType: 'image/png', width: 1536, height: 1024 };
        } else yield event;
      }
    },
  };
}

/** The offline backend with an image model of ours, telling the bench when the model started each image and when it left. */
function benchBackend(model: ImageModel): AgentBackend {
  const offline = createOfflineBackend({ imageDelayMs: 0 });
  const timed: ImageModel = {
    ...model,
    async *generate(request, options) {
      mark('model-start', wallNow());
      // The model's own time is what its steps take; between them the app handles its events.
      const steps = model.generate(request, options)[Symbol.asyncIterator]();
      let own = 0;
      for (;;) {
        const before = performance.now();
        const step = await steps.next();
        own += performance.now() - before;
        if (step.done === true) return;
        if (step.value.type === 'completed') mark('model-done', wallNow(), own.toFixed(2));
        yield step.value;
      }
    },
  };
  return { ...offline, runTurn: (turn: RunTurnOptions) => offline.runTurn({ ...turn, imageModel: timed }) };
}

/** The fake OpenAI server on its own thread (see fake-openai-thread.ts); its events are marked here. */
function startFakeThread(): Promise<{ url: string; close: () => Promise<void> }> {
  const worker = new Worker(new URL('./fake-openai-thread.ts', import.meta.url));
  return new Promise((ready, fail) => {
    worker.once('error', fail);
    worker.on('message', (message: FakeThreadMessage) => {
      if (message.type === 'sent') mark('server-sent', message.at, message.event);
      else if (message.type === 'ready') {
        ready({
          url: message.url,
          close: () =>
            new Promise<void>((closed) => {
              worker.on('message', (next: FakeThreadMessage) => {
                if (next.type === 'closed') void worker.terminate().then(() => closed());
              });
              worker.postMessage('close');
            }),
        });
      }
    });
  });
}

// ---------- the thread ----------

/** One turn through the services, as the renderer's Send makes it; resolves when it has ended. */
async function turn(services: ForgeServices, text: string): Promise<void> {
  await new Promise<void>((done, fail) => {
    let sent = false;
    const unsubscribe = services.subscribe((event: ForgeEvent) => {
      if (sent && event.type === 'busy' && !event.busy) {
        unsubscribe();
        done();
      }
    });
    services.call('sendMessage', { text }).then(() => (sent = true), fail);
  });
}

async function buildThread(services: ForgeServices, count: number): Promise<void> {
  // Each turn is a request and a reply with one image: `count` images.
  for (let index = 0; index < count; index += 1) await turn(services, `Concept art for a steampunk airship, variation ${String(index)}`);
}

const kind = process.argv[2] as HostKind;
const dir = await mkdtemp(join(tmpdir(), 'forge-bench-long-'));
const project = join(dir, 'project');
const home = join(dir, 'home');
await mkdir(project);
await mkdir(home);
const fake = kind === 'openai' ? await startFakeThread() : undefined;
const backend =
  fake === undefined
    ? benchBackend(kind === 'noisy' ? noisyModel() : createOfflineImageModel({ delayMs: 0 }))
    : createOpenAIBackend({ apiKey: `bench-key-${randomBytes(8).toString('hex')}`, baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'], image: { partialImages: 2 } });
const services = await createForgeServices({
  workspace: { mode: 'project', projectDir: project },
  backend,
  assetUrl: assetUrlPath,
  thumbnailUrl: thumbnailUrlPath,
  logger: silent,
  dataDir: join(dir, 'data'),
  cacheDir: join(dir, 'cache'),
  home,
});
// Noted as the services publish it (a push onto a list: nothing is sent from here meanwhile).
const published = new Set<string>();
services.subscribe((event) => {
  if (event.type === 'busy' && !event.busy) {
    turnsEnded += 1;
    for (const waiter of turnWaiters) waiter();
  }
  if (event.type !== 'message') return;
  for (const part of event.message.parts) {
    if (part.type === 'image' && part.status === 'completed' && !published.has(part.id)) {
      published.add(part.id);
      mark('published', wallNow(), part.id);
    }
  }
});
const host = await startWebHost({ services, rendererDir, port: 0, logger: silent });

let closing: Promise<void> | undefined;
function close(): Promise<void> {
  closing ??= (async () => {
    await host.close();
    await services.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  })();
  return closing;
}

/** Resolves once `count` turns have ended in this process. */
function turnsHaveEnded(count: number): Promise<void> {
  return new Promise((done) => {
    const check = (): void => {
      if (turnsEnded < count) return;
      turnWaiters.delete(check);
      done();
    };
    turnWaiters.add(check);
    check();
  });
}

process.on('message', (command: HostCommand) => {
  if (command.type === 'marks') {
    tell({ type: 'marks', id: command.id, marks: marks.splice(0), turnsEnded });
    return;
  }
  const started = performance.now();
  const work =
    command.type === 'build'
      ? buildThread(services, command.count)
      : command.type === 'collect'
        ? // The garbage of what came before (the old way's full images) is not collected in the middle of the next open.
          Promise.resolve(globalThis.gc?.())
        : command.type === 'turns-ended'
          ? turnsHaveEnded(command.count)
          : close();
  work.then(
    () => {
      tell({ type: 'done', id: command.id, ms: performance.now() - started });
      if (command.type === 'close') process.disconnect();
    },
    (error: unknown) => tell({ type: 'failed', id: command.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
// The bench is done, or went away without closing: the folder goes too.
process.on('disconnect', () => void close().finally(() => process.exit(0)));
tell({ type: 'ready', url: host.url, openUrl: host.openUrl });
