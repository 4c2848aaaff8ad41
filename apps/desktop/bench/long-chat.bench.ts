// Long chats (issue 14), side by side in one run: a thread of 1,000 images, made through the
// real save path (the offline backend's turns, saved by the asset store, kept in the
// database), opened in headless Chromium against the real web host, the old way
// (`?transcript=classic`: whole thread sent, every message mounted, full images inline) and
// the new way (latest page, virtualized, thumbnails). Then our own latency: Send → image
// painted on the offline model, stage by stage; and with the OpenAI backend against
// @forge/fake-openai, each frame leaving the server → painted. Medians over BENCH_RUNS runs
// (default 3).
//   pnpm --filter @forge/desktop bench:long-chat
//   (BENCH_MESSAGES=1000 BENCH_NOISY=1 BENCH_PARTS=latency,frames,offline,noisy)
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

import { createOfflineBackend, createOpenAIBackend } from '@forge/agent';
import type { AgentBackend, RunTurnOptions } from '@forge/agent';
import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { startFakeOpenAI } from '@forge/fake-openai';
import { createOfflineImageModel } from '@forge/image-gen';
import type { ImageGenerationEvent, ImageModel } from '@forge/image-gen';
import { chromium } from 'playwright-core';
import type { BrowserServer, Page } from 'playwright-core';

import type { ForgeEvent } from '../src/contract/index.ts';
import { createForgeServices } from '../src/services/forge-services.ts';
import type { ForgeServices } from '../src/services/forge-services.ts';
import { assetUrlPath, startWebHost, thumbnailUrlPath } from '../src/web-host/web-host.ts';
import { rendererPssMb } from './renderer-memory.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = resolve(here, '..', 'dist', 'renderer');
const runs = Number(process.env.BENCH_RUNS ?? '3');
const messageCount = Number(process.env.BENCH_MESSAGES ?? '1000');
const noisy = process.env.BENCH_NOISY !== '0';
/** The 1.5 MB thread moves gigabytes the old way: fewer runs by default. */
const noisyRuns = Number(process.env.BENCH_NOISY_RUNS ?? '1');
const latencyRounds = Number(process.env.BENCH_LATENCY_ROUNDS ?? '10');
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Wall-clock milliseconds, comparable between this process and the page (both read the same clock). */
const wallNow = (): number => performance.timeOrigin + performance.now();

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

/** The offline backend with an image model of ours, and the moment each image left the model. */
function benchBackend(model: ImageModel, onModelDone: (at: number) => void): AgentBackend {
  const offline = createOfflineBackend({ imageDelayMs: 0 });
  const timed: ImageModel = {
    ...model,
    async *generate(request, options) {
      for await (const event of model.generate(request, options)) {
        if (event.type === 'completed') onModelDone(wallNow());
        yield event;
      }
    },
  };
  return { ...offline, runTurn: (turn: RunTurnOptions) => offline.runTurn({ ...turn, imageModel: timed }) };
}

// ---------- the thread ----------

interface Fixture {
  dir: string;
  services: ForgeServices;
  url: string;
  openUrl: string;
  modelDone: number[];
  close(): Promise<void>;
}

async function makeFixture(model: ImageModel, backend?: AgentBackend): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'forge-bench-long-'));
  const project = join(dir, 'project');
  const home = join(dir, 'home');
  await mkdir(project);
  await mkdir(home);
  const modelDone: number[] = [];
  const services = await createForgeServices({
    workspace: { mode: 'project', projectDir: project },
    backend: backend ?? benchBackend(model, (at) => modelDone.push(at)),
    assetUrl: assetUrlPath,
    thumbnailUrl: thumbnailUrlPath,
    logger: silent,
    dataDir: join(dir, 'data'),
    cacheDir: join(dir, 'cache'),
    home,
  });
  const host = await startWebHost({ services, rendererDir, port: 0, logger: silent });
  return {
    dir,
    services,
    url: host.url,
    openUrl: host.openUrl,
    modelDone,
    async close() {
      await host.close();
      await services.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

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

async function buildThread(services: ForgeServices, count: number): Promise<number> {
  const started = performance.now();
  // Each turn is a request and a reply with one image: `count` images.
  for (let index = 0; index < count; index += 1) await turn(services, `Concept art for a steampunk airship, variation ${String(index)}`);
  return performance.now() - started;
}

// ---------- the browser ----------

async function launchBrowser(): Promise<{ server: BrowserServer; pid: number }> {
  const server = await chromium.launchServer({ executablePath: chromiumExecutablePath(), headless: true, args: [...chromiumArgs] });
  return { server, pid: server.process().pid ?? 0 };
}

/** Counts the pictures mounted (`img` elements, and the canvases thumbnails are drawn into), at most, from now on. */
async function watchImages(page: Page): Promise<void> {
  await page.evaluate(() => {
    const tally = window as unknown as { maxImages: number };
    const count = () => document.querySelectorAll('[role="log"] img, [role="log"] canvas').length;
    tally.maxImages = count();
    new MutationObserver(() => {
      tally.maxImages = Math.max(tally.maxImages, count());
    }).observe(document.body, { childList: true, subtree: true });
  });
}

/** Whether the last message's picture is decoded and on screen (a full image loaded, or a thumbnail drawn). */
function latestPainted(): boolean {
  const articles = document.querySelectorAll('[role="log"] article');
  const frame = articles[articles.length - 1]?.querySelector<HTMLElement>('.forge-thumbnail__frame');
  if (frame === null || frame === undefined) return false;
  if (frame.dataset.drawn !== undefined) return true;
  const image = frame.querySelector('img');
  return image !== null && image.complete && image.naturalWidth > 0;
}

interface OpenFigures {
  paintedMs: number;
  bytes: number;
  maxImages: number;
  pssMb: number;
  /** ms from navigation start (the page's clock). */
  stages: { loaded: number; stateAsked: number; stateAnswered: number; pictureAsked: number; pictureAnswered: number };
}

async function openAndScroll(fixture: Fixture, classic: boolean): Promise<OpenFigures> {
  const { server, pid } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Sign in on a blank page of the host first (the cookie), so the measured load is the app alone.
    await page.goto(fixture.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    cdp.on('Network.dataReceived', () => undefined);
    const started = wallNow();
    await page.goto(`${fixture.url}${classic ? '?transcript=classic' : ''}`);
    await page.waitForFunction(latestPainted, undefined, { timeout: 300_000, polling: 'raf' });
    const paintedAt = await page.evaluate(() => performance.timeOrigin + performance.now());
    // Where the open went: page and script loaded, the thread's state answered, the latest picture fetched.
    const stages = await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const scripts = resources.filter((entry) => entry.name.endsWith('.js'));
      const state = resources.find((entry) => entry.name.includes('/api/call/getState'));
      const pictures = resources.filter((entry) => entry.name.includes('/thumbnails/') || entry.name.includes('/files/'));
      return {
        loaded: Math.max(navigation?.responseEnd ?? 0, ...scripts.map((entry) => entry.responseEnd)),
        stateAsked: state?.fetchStart ?? Number.NaN,
        stateAnswered: state?.responseEnd ?? Number.NaN,
        pictureAsked: pictures.at(-1)?.fetchStart ?? Number.NaN,
        pictureAnswered: pictures.at(-1)?.responseEnd ?? Number.NaN,
      };
    });
    const openBytes = bytes;
    await watchImages(page);
    // Up to the first message (older pages load on the way), then down to the latest, a screen at a time.
    await page.evaluate(async () => {
      const log = document.querySelector<HTMLElement>('[role="log"]');
      if (log === null) return;
      const frame = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      let unchanged = 0;
      while (unchanged < 20) {
        const height = log.scrollHeight;
        log.scrollTop = 0;
        await frame();
        await new Promise((done) => setTimeout(done, 50));
        unchanged = log.scrollHeight === height && log.querySelector('.forge-transcript__older[role="status"]') === null ? unchanged + 1 : 0;
      }
      while (log.scrollTop + log.clientHeight < log.scrollHeight - 2) {
        log.scrollTop += log.clientHeight;
        await frame();
        // The screen's pictures loaded: full images decoded, thumbnails drawn (or half a second passed).
        await Promise.all([...log.querySelectorAll('img')].map((image) => image.decode().catch(() => undefined)));
        for (let waited = 0; waited < 25 && log.querySelector('.forge-thumbnail__frame:not([data-drawn]) canvas') !== null; waited += 1) {
          await new Promise((done) => setTimeout(done, 20));
        }
      }
    });
    await new Promise((done) => setTimeout(done, 1_000));
    // What the page holds on to, not garbage it has not collected yet (the same for both ways).
    await (await context.newCDPSession(page)).send('HeapProfiler.collectGarbage');
    const maxImages = await page.evaluate(() => (window as unknown as { maxImages: number }).maxImages);
    const pssMb = rendererPssMb(pid);
    await browser.close();
    return { paintedMs: paintedAt - started, bytes: openBytes, maxImages, pssMb, stages };
  } finally {
    await server.close();
  }
}

// ---------- our own latency ----------

/** Resolves when the next turn has started and ended (busy on, then off). */
function turnEnded(services: ForgeServices): Promise<void> {
  return new Promise<void>((done) => {
    let started = false;
    const stop = services.subscribe((event) => {
      if (event.type !== 'busy') return;
      if (event.busy) started = true;
      else if (started) {
        stop();
        done();
      }
    });
  });
}

interface LatencyFigures {
  total: number[];
  model: number[];
  save: number[];
  delivery: number[];
  render: number[];
  fetch: number[];
  decode: number[];
}

async function measureLatency(fixture: Fixture, rounds: number): Promise<LatencyFigures> {
  const figures: LatencyFigures = { total: [], model: [], save: [], delivery: [], render: [], fetch: [], decode: [] };
  const published = new Map<string, number>();
  const unsubscribe = fixture.services.subscribe((event) => {
    if (event.type !== 'message') return;
    for (const part of event.message.parts) if (part.type === 'image' && part.status === 'completed' && !published.has(part.id)) published.set(part.id, wallNow());
  });
  const { server } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // When each server event reached the page, by the image it completed.
    await page.addInitScript(() => {
      // When Enter was pressed in the composer (Send).
      document.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') (window as unknown as { sentAt: number }).sentAt = performance.timeOrigin + performance.now();
      }, true);
      const arrivals = new Map<string, number>();
      (window as unknown as { arrivals: Map<string, number> }).arrivals = arrivals;
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener('message', (message: MessageEvent<string>) => {
            const at = performance.timeOrigin + performance.now();
            for (const match of message.data.matchAll(/"id":"([^"]+)","status":"completed"/g)) if (match[1] !== undefined && !arrivals.has(match[1])) arrivals.set(match[1], at);
          });
        }
      };
    });
    await page.goto(fixture.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    for (let round = 0; round < rounds; round += 1) {
      const modelBefore = fixture.modelDone.length;
      const ended = turnEnded(fixture.services);
      await page.getByRole('textbox', { name: 'Message' }).fill(`Concept art for a lighthouse at dusk, take ${String(round)}`);
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const painted = await page.waitForFunction(
        (asked) => {
          // The reply after this round's request has its image decoded.
          const articles = [...document.querySelectorAll('[role="log"] article')];
          const request = articles.findIndex((article) => article.textContent.includes(asked));
          const frame = request === -1 ? null : (articles[request + 1]?.querySelector<HTMLElement>('.forge-thumbnail__frame') ?? null);
          if (frame?.dataset.drawn === undefined) return false;
          const timing = performance.getEntriesByName(new URL(frame.querySelector('canvas')?.dataset.src ?? '', location.href).href)[0] as PerformanceResourceTiming | undefined;
          const wall = (at: number | undefined) => (at === undefined ? Number.NaN : performance.timeOrigin + at);
          return { at: performance.timeOrigin + performance.now(), fetchStart: wall(timing?.fetchStart), responseEnd: wall(timing?.responseEnd) };
        },
        `lighthouse at dusk, take ${String(round)}`,
        { timeout: 60_000, polling: 'raf' },
      );
      const { at, fetchStart, responseEnd } = (await painted.jsonValue()) as { at: number; fetchStart: number; responseEnd: number };
      const sentAt = await page.evaluate(() => (window as unknown as { sentAt: number }).sentAt);
      const modelAt = fixture.modelDone[modelBefore] ?? Number.NaN;
      const latestPublished = [...published.values()].at(-1) ?? Number.NaN;
      const arrived = await page.evaluate(() => [...(window as unknown as { arrivals: Map<string, number> }).arrivals.values()].at(-1) ?? Number.NaN);
      figures.total.push(at - sentAt);
      figures.model.push(modelAt - sentAt);
      figures.save.push(latestPublished - modelAt);
      figures.delivery.push(arrived - latestPublished);
      figures.render.push(fetchStart - arrived);
      figures.fetch.push(responseEnd - fetchStart);
      figures.decode.push(at - responseEnd);
      // The turn ends (busy off) before the next Send.
      await ended;
    }
    await browser.close();
  } finally {
    unsubscribe();
    await server.close();
  }
  return figures;
}

// ---------- the run ----------

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const mb = (value: number): string => `${(value / 1024 / 1024).toFixed(value < 10 * 1024 * 1024 ? 2 : 0)} MB`;

async function compare(label: string, model: ImageModel, runs: number): Promise<string[]> {
  const fixture = await makeFixture(model);
  try {
    const buildMs = await buildThread(fixture.services, messageCount);
    const figures: Record<'classic' | 'paged', OpenFigures[]> = { classic: [], paged: [] };
    for (let run = 0; run < runs; run += 1) {
      figures.classic.push(await openAndScroll(fixture, true));
      figures.paged.push(await openAndScroll(fixture, false));
    }
    const column = (mode: 'classic' | 'paged', pick: (figure: OpenFigures) => number) => median(figures[mode].map(pick));
    return [
      `\n### ${label}: a thread of ${String(messageCount)} images (made in ${(buildMs / 1000).toFixed(0)} s through the offline backend and the store), median of ${String(runs)}\n`,
      '| measure | old way (`?transcript=classic`) | new way | target |',
      '| --- | ---: | ---: | ---: |',
      `| renderer PSS after scrolling top to bottom (after a garbage collection) | ${column('classic', (figure) => figure.pssMb).toFixed(0)} MB | ${column('paged', (figure) => figure.pssMb).toFixed(0)} MB | ≤ 150 MB |`,
      `| open thread → latest message painted | ${ms(column('classic', (figure) => figure.paintedMs))} | ${ms(column('paged', (figure) => figure.paintedMs))} | ≤ 300 ms |`,
      `| bytes transferred to open the thread | ${mb(column('classic', (figure) => figure.bytes))} | ${mb(column('paged', (figure) => figure.bytes))} | ≤ 2 MB |`,
      `| pictures mounted at any time (\`img\`, or the canvas a thumbnail is drawn into) | ${String(column('classic', (figure) => figure.maxImages))} | ${String(column('paged', (figure) => figure.maxImages))} | ≤ 60 |`,
      '',
      'Where the open goes (ms from navigation start, medians):',
      '',
      '| stage | old way | new way |',
      '| --- | ---: | ---: |',
      ...(
        [
          ['page and script loaded', 'loaded'],
          ['thread state asked for', 'stateAsked'],
          ['thread state answered', 'stateAnswered'],
          ['latest picture asked for', 'pictureAsked'],
          ['latest picture answered', 'pictureAnswered'],
        ] as const
      ).map(([name, key]) => `| ${name} | ${ms(column('classic', (figure) => figure.stages[key]))} | ${ms(column('paged', (figure) => figure.stages[key]))} |`),
      `| latest picture painted | ${ms(column('classic', (figure) => figure.paintedMs))} | ${ms(column('paged', (figure) => figure.paintedMs))} |`,
    ];
  } finally {
    await fixture.close();
  }
}

async function latency(): Promise<string[]> {
  const fixture = await makeFixture(createOfflineImageModel({ delayMs: 0 }));
  try {
    // A thread with some history, as a user's would be.
    await buildThread(fixture.services, 20);
    const figures = await measureLatency(fixture, latencyRounds);
    const row = (name: string, values: number[]) => `| ${name} | ${ms(median(values))} | ${ms(Math.min(...values))}–${ms(Math.max(...values))} |`;
    return [
      `\n### Send → image painted, offline model (no simulated delay), ${String(latencyRounds)} rounds\n`,
      '| stage | median | range |',
      '| --- | ---: | ---: |',
      row('Send → the model finished (request, turn start, the model)', figures.model),
      row('save (the store writes the file) → message published', figures.save),
      row('event delivery (published → the page has it)', figures.delivery),
      row('render (the page has it → the thumbnail asked for)', figures.render),
      row('thumbnail fetch (asked → last byte)', figures.fetch),
      row('decode → painted', figures.decode),
      row('**Send → image painted**', figures.total),
    ];
  } finally {
    await fixture.close();
  }
}

// ---------- the OpenAI backend: a frame leaving the server → painted ----------

interface FrameFigures {
  partial: number[];
  final: number[];
}

/**
 * The OpenAI backend against @forge/fake-openai (in this process, so both read one clock): each
 * partial frame's event written by the server → that frame painted in the page, and the final
 * image's event written → the inline image painted.
 */
async function measureFrames(rounds: number): Promise<FrameFigures> {
  const sent: Array<{ type: string; at: number }> = [];
  const fake = await startFakeOpenAI({ onEventSent: (event) => sent.push(event) });
  const backend = createOpenAIBackend({ apiKey: `bench-key-${randomBytes(8).toString('hex')}`, baseURL: fake.url, models: ['gpt-5', 'gpt-image-2'], image: { partialImages: 2 } });
  const fixture = await makeFixture(createOfflineImageModel({ delayMs: 0 }), backend);
  const figures: FrameFigures = { partial: [], final: [] };
  const { server } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // When each partial frame (a new src on the generating picture) was decoded and painted.
    await page.addInitScript(() => {
      const painted: number[] = [];
      const seen = new Set<string>();
      (window as unknown as { partialsPainted: number[] }).partialsPainted = painted;
      const look = () => {
        for (const image of document.querySelectorAll<HTMLImageElement>('img.forge-generating__partial')) {
          if (seen.has(image.src)) continue;
          seen.add(image.src);
          void image.decode().then(() => requestAnimationFrame(() => painted.push(performance.timeOrigin + performance.now())));
        }
      };
      new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
    });
    await page.goto(fixture.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    for (let round = 0; round < rounds; round += 1) {
      sent.length = 0;
      await page.evaluate(() => (window as unknown as { partialsPainted: number[] }).partialsPainted.splice(0));
      const ended = turnEnded(fixture.services);
      const asked = `Draw a lighthouse at dusk, frame test ${String(round)}`;
      await page.getByRole('textbox', { name: 'Message' }).fill(asked);
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const painted = await page.waitForFunction(
        (text) => {
          const articles = [...document.querySelectorAll('[role="log"] article')];
          const request = articles.findIndex((article) => article.textContent.includes(text));
          const frame = request === -1 ? null : (articles[request + 1]?.querySelector<HTMLElement>('.forge-thumbnail__frame') ?? null);
          return frame?.dataset.drawn === undefined ? false : performance.timeOrigin + performance.now();
        },
        asked,
        { timeout: 60_000, polling: 'raf' },
      );
      const finalPainted = (await painted.jsonValue()) as number;
      const partialsPainted = await page.evaluate(() => [...(window as unknown as { partialsPainted: number[] }).partialsPainted]);
      const partialsSent = sent.filter((event) => event.type.endsWith('.partial_image')).map((event) => event.at);
      const finalSent = sent.find((event) => event.type === 'response.output_item.done' && event.at >= (partialsSent.at(-1) ?? 0))?.at ?? Number.NaN;
      partialsSent.forEach((at, index) => {
        const shown = partialsPainted[index];
        if (shown !== undefined) figures.partial.push(shown - at);
      });
      figures.final.push(finalPainted - finalSent);
      // The turn ends (busy off) before the next Send.
      await ended;
    }
    await browser.close();
  } finally {
    await server.close();
    await fixture.close();
    await fake.close();
  }
  return figures;
}

async function frames(): Promise<string[]> {
  const figures = await measureFrames(latencyRounds);
  const row = (name: string, values: number[]) => `| ${name} | ${values.length === 0 ? 'none seen' : ms(median(values))} | ${values.length === 0 ? '' : `${ms(Math.min(...values))}–${ms(Math.max(...values))}`} | ≤ 50 ms |`;
  return [
    `\n### OpenAI backend against @forge/fake-openai, ${String(latencyRounds)} rounds (2 partial frames each)\n`,
    '| stage | median | range | target |',
    '| --- | ---: | ---: | ---: |',
    row(`partial frame: the server wrote it → painted (${String(figures.partial.length)} frames)`, figures.partial),
    row('final image: the server wrote it → the inline thumbnail painted', figures.final),
  ];
}

console.log('Long chats: the old way and the new way, measured in the same run');
// Each part prints as it finishes: the 1.5 MB thread takes longest.
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,frames,offline,noisy').split(','));
if (parts.has('latency')) console.log((await latency()).join('\n'));
if (parts.has('frames')) console.log((await frames()).join('\n'));
if (parts.has('offline')) console.log((await compare('Offline images (~30 kB)', createOfflineImageModel({ delayMs: 0 }), runs)).join('\n'));
if (noisy && parts.has('noisy')) console.log((await compare('Noisy 1.5 MB PNGs', noisyModel(), noisyRuns)).join('\n'));
