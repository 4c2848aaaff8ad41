// Long chats (issue 14), side by side in one run: a thread of 1,000 images, made through the
// real save path (the offline backend's turns, saved by the asset store, kept in the
// database), opened in headless Chromium against the real web host, the old way
// (`?transcript=classic`: whole thread sent, every message mounted, full images inline) and
// the new way (latest page, virtualized, thumbnails). Then our own latency: Send → image
// painted on the offline model, stage by stage; and with the OpenAI backend against
// @forge/fake-openai, each frame leaving the server → painted. Medians over BENCH_RUNS runs
// (default 3). The app (services and web host) runs in a process of its own, as in the product
// (long-chat-host.ts); this one drives the browser.
//   pnpm --filter @forge/desktop bench:long-chat
//   (BENCH_MESSAGES=1000 BENCH_NOISY=1 BENCH_PARTS=latency,frames,offline,noisy)
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { chromium } from 'playwright-core';
import type { BrowserServer, Page } from 'playwright-core';

import { pacedFinalMs, pacedMarker } from './fake-openai-pacing.ts';
import type { HostCommand, HostKind, HostMark, HostMessage } from './long-chat-host.ts';
import { rendererMemory } from './renderer-memory.ts';

/** The app process's answer to a command. */
type HostReply = Extract<HostMessage, { type: 'done' | 'marks' }>;

const here = fileURLToPath(new URL('.', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? '3');
const messageCount = Number(process.env.BENCH_MESSAGES ?? '1000');
const noisy = process.env.BENCH_NOISY !== '0';
/** The 1.5 MB thread moves gigabytes the old way: fewer runs by default. */
const noisyRuns = Number(process.env.BENCH_NOISY_RUNS ?? '1');
const latencyRounds = Number(process.env.BENCH_LATENCY_ROUNDS ?? '10');
/** Before each measured open, after the sign-in page is left. */
const settleMs = Number(process.env.BENCH_SETTLE_MS ?? '2000');
/** Between two latency rounds: the reader looks at the picture before sending the next message. */
const readingMs = 1000;

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Wall-clock milliseconds, comparable between this process and the page (both read the same clock). */
const wallNow = (): number => performance.timeOrigin + performance.now();

// ---------- the app, in its own process ----------

interface Host {
  url: string;
  openUrl: string;
  /** When the model started each image, and when the image left it (wall clock), in order. */
  modelStart: number[];
  modelDone: number[];
  /** The model's own time for each image: its steps, not the app's handling between them. */
  modelOwn: number[];
  /** When each finished image's message was published, by image id, in order. */
  published: Map<string, number>;
  /** What the fake OpenAI server wrote, and when. */
  serverSent: Array<{ type: string; at: number }>;
  /** Makes `count` turns of one image each through the services; resolves with the time it took. */
  build(count: number): Promise<number>;
  /** A full garbage collection in the app's process, so the next open does not pay for what came before. */
  collect(): Promise<number>;
  /**
   * Brings over the marks the app's process noted since the last call (into the lists above);
   * resolves with how many turns have ended there. Called between measured moments only.
   */
  syncMarks(): Promise<number>;
  /** Resolves once `count` turns have ended in the app's process. */
  turnsEnded(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startHost(kind: HostKind): Promise<Host> {
  const child = fork(resolve(here, 'long-chat-host.ts'), [kind], { execArgv: ['--conditions=@forge/source', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const modelStart: number[] = [];
  const modelDone: number[] = [];
  const modelOwn: number[] = [];
  const published = new Map<string, number>();
  const serverSent: Array<{ type: string; at: number }> = [];
  const replies = new Map<number, { done: (reply: HostReply) => void; fail: (error: Error) => void }>();
  let nextId = 0;
  const exited = new Promise<never>((_, fail) => child.once('exit', (code) => fail(new Error(`The bench's app process exited (${String(code)}).`))));
  exited.catch(() => undefined);
  const ready = new Promise<{ url: string; openUrl: string }>((done) => {
    child.on('message', (message: HostMessage) => {
      switch (message.type) {
        case 'ready':
          done(message);
          break;
        case 'done':
        case 'marks':
        case 'failed': {
          const reply = replies.get(message.id);
          replies.delete(message.id);
          if (message.type === 'failed') reply?.fail(new Error(message.error));
          else reply?.done(message);
          break;
        }
        default:
          message satisfies never;
      }
    });
  });
  const ask = (command: HostCommand extends infer Each ? (Each extends HostCommand ? Omit<Each, 'id'> : never) : never): Promise<HostReply> => {
    const id = (nextId += 1);
    const reply = new Promise<HostReply>((done, fail) => replies.set(id, { done, fail }));
    child.send({ ...command, id });
    return Promise.race([reply, exited]);
  };
  const took = async (reply: Promise<HostReply>): Promise<number> => {
    const answer = await reply;
    return answer.type === 'done' ? answer.ms : Number.NaN;
  };
  const note = ({ mark, at, detail }: HostMark): void => {
    if (mark === 'model-start') modelStart.push(at);
    else if (mark === 'model-done') {
      modelDone.push(at);
      modelOwn.push(Number(detail));
    } else if (mark === 'published') published.set(detail ?? '', at);
    else serverSent.push({ type: detail ?? '', at });
  };
  const { url, openUrl } = await Promise.race([ready, exited]);
  return {
    url,
    openUrl,
    modelStart,
    modelDone,
    modelOwn,
    published,
    serverSent,
    build: (count) => took(ask({ type: 'build', count })),
    collect: () => took(ask({ type: 'collect' })),
    async syncMarks() {
      const reply = await ask({ type: 'marks' });
      if (reply.type !== 'marks') return Number.NaN;
      reply.marks.forEach(note);
      return reply.turnsEnded;
    },
    async turnsEnded(count) {
      await ask({ type: 'turns-ended', count });
    },
    async close() {
      await ask({ type: 'close' });
      await new Promise((done) => (child.exitCode === null ? child.once('exit', done) : done(undefined)));
    },
  };
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
  // Laid out is not shown: the list stays hidden until it has scrolled to the latest message.
  if (getComputedStyle(frame).visibility !== 'visible') return false;
  if (frame.dataset.drawn !== undefined) return true;
  const image = frame.querySelector('img');
  return image !== null && image.complete && image.naturalWidth > 0;
}

/**
 * When the latest picture was painted (wall clock), told by the page itself: `latestPainted`
 * checked each frame in the page's own world, then a console message. Waited for through
 * Playwright instead (`waitForFunction`), Playwright's own script is compiled in the page while
 * the thread opens: a 24–30 ms task on the page's main thread in a trace of the open, in the
 * middle of what is measured and nothing a person opening Forge has.
 */
async function latestPaintedTold(page: Page): Promise<() => Promise<number>> {
  const prefix = 'forge-bench: latest painted at ';
  await page.addInitScript({
    content: `(() => {
      const latestPainted = ${latestPainted.toString()};
      const check = () => {
        if (latestPainted()) console.debug(${JSON.stringify(prefix)} + String(performance.timeOrigin + performance.now()));
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    })();`,
  });
  const told = page.waitForEvent('console', { predicate: (message) => message.text().startsWith(prefix), timeout: 300_000 });
  // Unclaimed until the open is waited for: a failure is then that wait's.
  told.catch(() => undefined);
  return async () => Number((await told).text().slice(prefix.length));
}

interface OpenFigures {
  paintedMs: number;
  bytes: number;
  maxImages: number;
  /** The page's renderer processes (the browser's own UI renderer not counted). */
  pssMb: number;
  /** The browser's own UI renderer (headless Chromium's hidden window), not counted in `pssMb`. */
  browserUiMb: number;
  /** ms from navigation start (the page's clock). */
  stages: { loaded: number; stateAsked: number; stateAnswered: number; pictureAsked: number; pictureAnswered: number };
}

async function openAndScroll(host: Host, classic: boolean): Promise<OpenFigures> {
  const { server, pid } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Sign in on a blank page of the host first (the cookie), so the measured load is the app alone.
    await page.goto(host.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    await page.goto('about:blank');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => (bytes += event.encodedDataLength));
    cdp.on('Network.dataReceived', () => undefined);
    // The sign-in page just left is, most likely, still being torn down in the browser (the app
    // serves nothing meanwhile): a person opening Forge has nothing of the kind going on. Without
    // this pause the measured open overlapped it: page and script loaded at 131 ms instead of 74.
    await new Promise((done) => setTimeout(done, settleMs));
    await host.collect();
    const painted = await latestPaintedTold(page);
    const started = wallNow();
    await page.goto(`${host.url}${classic ? '?transcript=classic' : ''}`);
    const paintedAt = await painted();
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
    const memory = rendererMemory(pid);
    await browser.close();
    return { paintedMs: paintedAt - started, bytes: openBytes, maxImages, pssMb: memory.pss, browserUiMb: memory.browserUi, stages };
  } finally {
    await server.close();
  }
}

// ---------- our own latency ----------

interface LatencyFigures {
  total: number[];
  /** Send → painted, less the model's own drawing: what the app adds. */
  ours: number[];
  turn: number[];
  drawing: number[];
  /** While the model draws: the app handling its first events (the placeholder shown). */
  between: number[];
  save: number[];
  page: PageStages;
}

/** A published image's way through the page: event delivery, render, thumbnail fetch, decode → painted. */
interface PageStages {
  delivery: number[];
  /** The thumbnail came with the message (an image just finished): the page has it → painted. */
  sent: number[];
  /** The page asked for the thumbnail: */
  render: number[];
  fetch: number[];
  decode: number[];
}

const noPageStages = (): PageStages => ({ delivery: [], sent: [], render: [], fetch: [], decode: [] });

/** Notes one image's page stages, from its message published to its thumbnail painted (wall clock); no fetch: its thumbnail came with it. */
function notePageStages(stages: PageStages, times: { published: number; arrived: number; fetchStart: number; responseEnd: number; painted: number }): void {
  stages.delivery.push(times.arrived - times.published);
  if (Number.isNaN(times.fetchStart)) {
    stages.sent.push(times.painted - times.arrived);
    return;
  }
  stages.render.push(times.fetchStart - times.arrived);
  stages.fetch.push(times.responseEnd - times.fetchStart);
  stages.decode.push(times.painted - times.responseEnd);
}

/** A stage's row: its median and range. */
const stageRow = (name: string, values: number[]) => `| ${name} | ${ms(median(values))} | ${ms(Math.min(...values))}–${ms(Math.max(...values))} |`;

const pageStageRows = (stages: PageStages) => {
  const images = stages.delivery.length;
  return [
    stageRow('event delivery (published → the page has it)', stages.delivery),
    ...(stages.sent.length === 0 ? [] : [stageRow(`thumbnail sent with the message (${String(stages.sent.length)} of ${String(images)}): the page has it → decoded and painted`, stages.sent)]),
    ...(stages.fetch.length === 0
      ? []
      : [
          stageRow(`render (the page has it → the thumbnail asked for; ${String(stages.fetch.length)} of ${String(images)} asked)`, stages.render),
          stageRow('thumbnail fetch (asked → last byte)', stages.fetch),
          stageRow('decode → painted', stages.decode),
        ]),
  ];
};

/** Notes, in the page, when Enter was pressed (Send) and when each finished image's event arrived. */
async function noteArrivals(page: Page): Promise<void> {
  await page.addInitScript(() => {
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
}

/** What the page tells of a reply's painted picture: when (wall clock), and its thumbnail's fetch if it made one. */
interface PaintedReply {
  at: number;
  fetchStart: number;
  responseEnd: number;
}

/**
 * Installs, in the page, `forgeBenchPainted(asked)`: resolves at the first animation frame after
 * the picture of the reply to the request containing `asked` was drawn (a thumbnail's
 * `data-drawn`). Checked when the transcript changes, not every frame: polling each frame
 * (Playwright's `polling: 'raf'`) keeps the page drawing a frame every 16 ms for as long as it
 * waits, load on the same two cores that a person's idle page does not have.
 */
async function notePaintedReplies(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const wall = (at: number | undefined) => (at === undefined ? Number.NaN : performance.timeOrigin + at);
    const drawnReply = (text: string): HTMLElement | null => {
      // The reply after the request has its image drawn.
      const articles = [...document.querySelectorAll('[role="log"] article')];
      const request = articles.findIndex((article) => article.textContent.includes(text));
      const frame = request === -1 ? null : (articles[request + 1]?.querySelector<HTMLElement>('.forge-thumbnail__frame') ?? null);
      return frame?.dataset.drawn === undefined || getComputedStyle(frame).visibility !== 'visible' ? null : frame;
    };
    (window as unknown as { forgeBenchPainted: (text: string) => Promise<PaintedReply> }).forgeBenchPainted = (text) =>
      new Promise((done, fail) => {
        const stamp = (frame: HTMLElement) =>
          requestAnimationFrame(() => {
            const at = performance.timeOrigin + performance.now();
            const timing = performance.getEntriesByName(new URL(frame.querySelector('canvas')?.dataset.src ?? '', location.href).href)[0] as PerformanceResourceTiming | undefined;
            done({ at, fetchStart: wall(timing?.fetchStart), responseEnd: wall(timing?.responseEnd) });
          });
        const already = drawnReply(text);
        if (already !== null) {
          stamp(already);
          return;
        }
        const timer = setTimeout(() => {
          observer.disconnect();
          fail(new Error(`No picture was drawn for "${text}" within 60 s.`));
        }, 60_000);
        const observer = new MutationObserver(() => {
          const frame = drawnReply(text);
          if (frame === null) return;
          observer.disconnect();
          clearTimeout(timer);
          stamp(frame);
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-drawn', 'style'] });
      });
  });
}

/** When the finished image of the reply to the request containing `asked` was painted, and its thumbnail's fetch (wall clock). */
const imagePainted = (page: Page, asked: string): Promise<PaintedReply> =>
  page.evaluate((text) => (window as unknown as { forgeBenchPainted: (text: string) => Promise<PaintedReply> }).forgeBenchPainted(text), asked);

/** When the page had the latest finished image's event. */
const latestArrival = (page: Page) => page.evaluate(() => [...(window as unknown as { arrivals: Map<string, number> }).arrivals.values()].at(-1) ?? Number.NaN);

async function measureLatency(host: Host, rounds: number): Promise<LatencyFigures> {
  const figures: LatencyFigures = { total: [], ours: [], turn: [], drawing: [], between: [], save: [], page: noPageStages() };
  const { server } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await noteArrivals(page);
    await notePaintedReplies(page);
    await page.goto(host.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    for (let round = 0; round < rounds; round += 1) {
      const turnsBefore = await host.syncMarks();
      const modelBefore = host.modelDone.length;
      const startBefore = host.modelStart.length;
      await page.getByRole('textbox', { name: 'Message' }).fill(`Concept art for a lighthouse at dusk, take ${String(round)}`);
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const { at, fetchStart, responseEnd } = await imagePainted(page, `lighthouse at dusk, take ${String(round)}`);
      const sentAt = await page.evaluate(() => (window as unknown as { sentAt: number }).sentAt);
      await host.syncMarks();
      const modelAt = host.modelDone[modelBefore] ?? Number.NaN;
      const modelStartAt = host.modelStart[startBefore] ?? Number.NaN;
      const latestPublished = [...host.published.values()].at(-1) ?? Number.NaN;
      const arrived = await latestArrival(page);
      figures.total.push(at - sentAt);
      const own = host.modelOwn[modelBefore] ?? Number.NaN;
      figures.ours.push(at - sentAt - own);
      figures.turn.push(modelStartAt - sentAt);
      figures.drawing.push(own);
      figures.between.push(modelAt - modelStartAt - own);
      figures.save.push(latestPublished - modelAt);
      notePageStages(figures.page, { published: latestPublished, arrived, fetchStart, responseEnd, painted: at });
      // The turn ends (busy off) before the next Send.
      await host.turnsEnded(turnsBefore + 1);
      await new Promise((done) => setTimeout(done, readingMs));
    }
    await browser.close();
  } finally {
    await server.close();
  }
  return figures;
}

// ---------- the run ----------

const ms = (value: number): string => `${value.toFixed(0)} ms`;
const mb = (value: number): string => `${(value / 1024 / 1024).toFixed(value < 10 * 1024 * 1024 ? 2 : 0)} MB`;

/** The same browser, launched the same way, showing about:blank: the renderer's own floor (MB). */
async function blankPagePssMb(): Promise<number> {
  const { server, pid } = await launchBrowser();
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto('about:blank');
    await new Promise((done) => setTimeout(done, 1_000));
    await (await context.newCDPSession(page)).send('HeapProfiler.collectGarbage');
    const { pss } = rendererMemory(pid);
    await browser.close();
    return pss;
  } finally {
    await server.close();
  }
}

async function compare(label: string, kind: HostKind, runs: number): Promise<string[]> {
  const host = await startHost(kind);
  try {
    const buildMs = await host.build(messageCount);
    const figures: Record<'classic' | 'paged', OpenFigures[]> = { classic: [], paged: [] };
    const blank: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      blank.push(await blankPagePssMb());
      figures.classic.push(await openAndScroll(host, true));
      figures.paged.push(await openAndScroll(host, false));
    }
    const column = (mode: 'classic' | 'paged', pick: (figure: OpenFigures) => number) => median(figures[mode].map(pick));
    return [
      `\n### ${label}: a thread of ${String(messageCount)} images (made in ${(buildMs / 1000).toFixed(0)} s through the offline backend and the store), median of ${String(runs)}\n`,
      '| measure | old way (`?transcript=classic`) | new way | target |',
      '| --- | ---: | ---: | ---: |',
      `| renderer PSS after scrolling top to bottom (after a garbage collection; the page's renderers, not the browser's own UI renderer: ${column('paged', (figure) => figure.browserUiMb).toFixed(0)} MB) | ${column('classic', (figure) => figure.pssMb).toFixed(0)} MB | ${column('paged', (figure) => figure.pssMb).toFixed(0)} MB | ≤ 150 MB |`,
      `| the same, above the browser's own floor (about:blank: ${median(blank).toFixed(0)} MB) | ${(column('classic', (figure) => figure.pssMb) - median(blank)).toFixed(0)} MB | ${(column('paged', (figure) => figure.pssMb) - median(blank)).toFixed(0)} MB | |`,
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
    await host.close();
  }
}

async function latency(): Promise<string[]> {
  const host = await startHost('offline');
  try {
    // A thread with some history, as a user's would be.
    await host.build(20);
    const figures = await measureLatency(host, latencyRounds);
    return [
      `\n### Send → image painted, offline model (no simulated delay), ${String(latencyRounds)} rounds\n`,
      '| stage | median | range |',
      '| --- | ---: | ---: |',
      stageRow('Send → the model starts (the request, the turn)', figures.turn),
      stageRow('the model draws (the offline model\'s own time)', figures.drawing),
      stageRow('the app handles the model\'s first events meanwhile (the placeholder shown)', figures.between),
      stageRow('save (the store writes the file) → message published', figures.save),
      ...pageStageRows(figures.page),
      stageRow('**Send → image painted**', figures.total),
      stageRow('**ours**: Send → painted, less the model\'s drawing', figures.ours),
    ];
  } finally {
    await host.close();
  }
}

// ---------- the OpenAI backend: a frame leaving the server → painted ----------

interface FrameFigures {
  partial: number[];
  final: number[];
  /** The final image of the paced rounds: sent `pacedFinalMs` after the last partial frame. */
  pacedFinal: number[];
  pacedPartial: number[];
  /** Partial frames the server sent (unpaced, paced rounds): a frame the finished image is right behind is dropped, not painted. */
  partialsSent: number;
  pacedPartialsSent: number;
  /** The final image: the server wrote it → the app published it (read, decoded, checked, saved), then its way through the page. */
  finalSaved: number[];
  finalPage: PageStages;
}

/**
 * The OpenAI backend against @forge/fake-openai (in the app's process, telling the time it wrote each event): each
 * partial frame's event written by the server → that frame painted in the page, and the final
 * image's event written → the inline image painted.
 */
async function measureFrames(rounds: number): Promise<FrameFigures> {
  const host = await startHost('openai');
  const sent = host.serverSent;
  const figures: FrameFigures = { partial: [], final: [], pacedFinal: [], pacedPartial: [], partialsSent: 0, pacedPartialsSent: 0, finalSaved: [], finalPage: noPageStages() };
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
    await noteArrivals(page);
    await notePaintedReplies(page);
    await page.goto(host.openUrl);
    await page.waitForSelector('[role="log"]', { timeout: 120_000 });
    // Odd rounds are paced: the finished image comes a while after the last partial frame.
    for (let round = 0; round < rounds * 2; round += 1) {
      const paced = round % 2 === 1;
      const turnsBefore = await host.syncMarks();
      sent.length = 0;
      await page.evaluate(() => (window as unknown as { partialsPainted: number[] }).partialsPainted.splice(0));
      const asked = `Draw a lighthouse at dusk, frame test ${String(round)}${paced ? ` ${pacedMarker}` : ''}`;
      await page.getByRole('textbox', { name: 'Message' }).fill(asked);
      await page.getByRole('textbox', { name: 'Message' }).press('Enter');
      const { at: finalPainted, fetchStart, responseEnd } = await imagePainted(page, asked);
      await host.syncMarks();
      const partialsPainted = await page.evaluate(() => [...(window as unknown as { partialsPainted: number[] }).partialsPainted]);
      const partialsSent = sent.filter((event) => event.type.endsWith('.partial_image')).map((event) => event.at);
      const finalSent = sent.find((event) => event.type === 'response.output_item.done' && event.at >= (partialsSent.at(-1) ?? 0))?.at ?? Number.NaN;
      if (paced) figures.pacedPartialsSent += partialsSent.length;
      else figures.partialsSent += partialsSent.length;
      // Painted frames are the first ones sent: only the last can be dropped (the fake draws each frame tens of ms after the one before).
      partialsSent.forEach((at, index) => {
        const shown = partialsPainted[index];
        if (shown !== undefined) (paced ? figures.pacedPartial : figures.partial).push(shown - at);
      });
      if (paced) {
        figures.pacedFinal.push(finalPainted - finalSent);
      } else {
        figures.final.push(finalPainted - finalSent);
        const published = [...host.published.values()].at(-1) ?? Number.NaN;
        const arrived = await latestArrival(page);
        figures.finalSaved.push(published - finalSent);
        notePageStages(figures.finalPage, { published, arrived, fetchStart, responseEnd, painted: finalPainted });
      }
      // The turn ends (busy off) before the next Send.
      await host.turnsEnded(turnsBefore + 1);
      await new Promise((done) => setTimeout(done, readingMs));
    }
    await browser.close();
  } finally {
    await server.close();
    await host.close();
  }
  return figures;
}

async function frames(): Promise<string[]> {
  const figures = await measureFrames(latencyRounds);
  const row = (name: string, values: number[]) => `| ${name} | ${values.length === 0 ? 'none seen' : ms(median(values))} | ${values.length === 0 ? '' : `${ms(Math.min(...values))}–${ms(Math.max(...values))}`} | ≤ 50 ms |`;
  return [
    `\n### OpenAI backend against @forge/fake-openai, ${String(latencyRounds)} + ${String(latencyRounds)} rounds (2 partial frames each)\n`,
    '| stage | median | range | target |',
    '| --- | ---: | ---: | ---: |',
    row(`partial frame: the server wrote it → painted (${String(figures.partial.length)} of ${String(figures.partialsSent)} frames; the others were dropped, the finished image right behind them)`, figures.partial),
    row('final image, sent with the last partial frame: the server wrote it → the inline thumbnail painted', figures.final),
    row(`partial frame, paced rounds (${String(figures.pacedPartial.length)} of ${String(figures.pacedPartialsSent)} frames)`, figures.pacedPartial),
    row(`final image, sent ${String(pacedFinalMs)} ms after the last partial frame (paced rounds)`, figures.pacedFinal),
    '',
    `The fake server sends the finished image in the same millisecond as the last partial frame unless asked to pace it; a real service streams its partial frames while it still draws, so its finished image comes later. Each run alternates the two (${String(latencyRounds)} rounds each); the stages below are the unpaced rounds'.`,
    '',
    'Where the final image\'s time goes:',
    '',
    '| stage | median | range |',
    '| --- | ---: | ---: |',
    stageRow('the server wrote it → the app published it (read from the stream, decoded, checked, saved)', figures.finalSaved),
    ...pageStageRows(figures.finalPage),
  ];
}

console.log('Long chats: the old way and the new way, measured in the same run');
// Each part prints as it finishes: the 1.5 MB thread takes longest.
const parts = new Set((process.env.BENCH_PARTS ?? 'latency,frames,offline,noisy').split(','));
if (parts.has('latency')) console.log((await latency()).join('\n'));
if (parts.has('frames')) console.log((await frames()).join('\n'));
if (parts.has('offline')) console.log((await compare('Offline images (~30 kB)', 'offline', runs)).join('\n'));
if (noisy && parts.has('noisy')) console.log((await compare('Noisy 1.5 MB PNGs', 'noisy', noisyRuns)).join('\n'));
