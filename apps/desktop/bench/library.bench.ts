// The Library's benchmark, in Chromium against the web host (`pnpm start`'s own script, a
// separate process), with 10,000 assets made by the asset store's save() (every fifth in
// sprites/, each with its own prompt). Each round starts a fresh app on the same project, so
// its first listing comes from the store's index, as after any restart. Printed side by side
// in one run: medians over the rounds (and every keystroke), with the spread and the target.
//   - Library first paint: the click on "Library" → the first tiles painted, and → every
//     thumbnail in view decoded (cold cache: thumbnails made on request; warm: a revisit)
//   - a search keystroke → its results painted
//   - renderer PSS (the page's renderer processes' /proc/<pid>/smaps_rollup; not headless Chromium's own UI renderer): the chat at rest, the
//     Library open, and after scrolling the whole grid; the most thumbnail canvases mounted at once
// `pnpm bench [--rounds N] [--assets N]` (builds the renderer and web host first).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openAssetStore } from '@forge/asset-store';
import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { chromium } from 'playwright-core';
import type { Browser, BrowserServer, Page } from 'playwright-core';
import sharp from 'sharp';
import { rendererMemory, rendererPssMb } from './renderer-memory.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const startScript = path.join(here, '..', 'scripts', 'start.mjs');

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? undefined : Number(process.argv[index + 1]);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}
const rounds = option('rounds', 5);
/** `--project DIR`: reuse (and keep) a project an earlier run made with `--keep`, instead of saving the assets again. */
const reuseIndex = process.argv.indexOf('--project');
const reuseDir = reuseIndex === -1 ? undefined : process.argv[reuseIndex + 1];
const keep = process.argv.includes('--keep');
const assetCount = option('assets', 10_000);
const targets = { firstPaintMs: 500, keystrokeMs: 50, pssMb: 200 };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const adjectives = ['brass', 'crimson', 'mossy', 'frozen', 'gilded', 'ashen', 'coral', 'rusted', 'silver', 'amber', 'violet', 'stormy', 'sunlit', 'hollow', 'ancient', 'tiny', 'giant', 'velvet', 'cobalt', 'misty'];
const nouns = ['airship', 'lantern', 'castle', 'slime', 'dragon', 'harbour', 'forest', 'key', 'button', 'knight', 'tavern', 'lighthouse', 'potion', 'shield', 'comet', 'golem', 'orchard', 'bridge', 'market', 'owl', 'anvil', 'galleon', 'glacier'];

function promptOf(index: number): string {
  return `${adjectives[index % adjectives.length] ?? 'brass'} ${nouns[index % nouns.length] ?? 'airship'} concept, variant ${index}, painterly game art`;
}

/** 10,000 assets through save(), as the chat and the Asset studio make them (small real pictures, so thumbnails are real work). */
async function makeProject(projectDir: string, cacheDir: string): Promise<void> {
  const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
  const pictures = await Promise.all(
    Array.from({ length: 12 }, (_, index) => {
      const width = index % 3 === 2 ? 256 : 384;
      const height = index % 3 === 1 ? 384 : 256;
      const scene = `<svg width="${width}" height="${height}"><circle cx="${60 + index * 12}" cy="${height / 3}" r="${height / 5}" fill="#fde68a"/><rect x="0" y="${(height * 2) / 3}" width="${width}" height="${height / 3}" fill="#1f2937"/></svg>`;
      return sharp({ create: { width, height, channels: 3, background: { r: (index * 53) % 255, g: (index * 97) % 255, b: (index * 31) % 255 } } })
        .composite([{ input: Buffer.from(scene), top: 0, left: 0 }])
        .png()
        .toBuffer();
    }),
  );
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  for (let index = 0; index < assetCount; index += 1) {
    const sprite = index % 5 === 4;
    await store.save(new Uint8Array(pictures[index % pictures.length] ?? Buffer.alloc(0)), {
      createdAt: new Date(start + index * 60_000),
      prompt: promptOf(index),
      model: sprite ? 'asset-studio-sprites-1' : 'gpt-image-2',
      source: sprite ? 'asset-studio' : 'forge-chat/openai',
      ...(sprite ? { kind: 'sprites' } : {}),
    });
  }
  // The index the next process lists from (written after a listing).
  await store.list();
  await new Promise((resolve) => setTimeout(resolve, 2500));
  await store.close();
}

/** Removes the cached thumbnails (the listing index stays), so a round starts with none made. */
async function clearThumbnails(cacheDir: string): Promise<void> {
  for (const entry of await readdir(cacheDir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'index') await rm(path.join(cacheDir, entry.name), { recursive: true, force: true });
  }
}

interface RunningApp {
  url: string;
  child: ChildProcess;
}

function startApp(projectDir: string, homeDir: string): Promise<RunningApp> {
  const child = spawn(process.execPath, [startScript, '--project', projectDir], {
    env: { ...process.env, FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app printed no URL in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ url: match[1], child });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => reject(new Error(`the app exited with ${String(code)}:\n${output}`)));
  });
}

function stopApp(app: RunningApp): Promise<void> {
  return new Promise((resolve) => {
    if (app.child.exitCode !== null) {
      resolve();
      return;
    }
    const timer = setTimeout(() => app.child.kill('SIGKILL'), 20_000);
    app.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    app.child.kill('SIGTERM');
  });
}

/** Collects garbage in the page; the JS heap then in use (MB). */
async function collectGarbage(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send('Runtime.getHeapUsage');
  await session.detach();
  await page.waitForTimeout(500);
  return usedSize / 1024 / 1024;
}

/** In the page: ms from the click on "Library" to the first tiles painted and to every thumbnail in view decoded. */
async function openLibraryTimed(page: Page): Promise<{ firstPaint: number; thumbnails: number; listing: number; afterListing: number }> {
  await page.evaluate(() => {
    const state = window as unknown as { forgeBench?: { clickAt: number; firstPaint?: number; thumbnails?: number } };
    const button = [...document.querySelectorAll('button')].find((element) => element.textContent.trim() === 'Library');
    button?.addEventListener(
      'click',
      () => {
        const bench = { clickAt: performance.now() } as { clickAt: number; firstPaint?: number; thumbnails?: number };
        state.forgeBench = bench;
        const afterPaint = (record: (at: number) => void) => requestAnimationFrame(() => setTimeout(() => record(performance.now() - bench.clickAt), 0));
        const check = () => {
          const shown = [...document.querySelectorAll<HTMLElement>('.forge-tile[data-status]')];
          if (bench.firstPaint === undefined && shown.length > 0) afterPaint((at) => (bench.firstPaint ??= at));
          const frames = [...document.querySelectorAll<HTMLElement>('.forge-tile__frame')].filter((frame) => {
            const rect = frame.getBoundingClientRect();
            return rect.bottom > 0 && rect.top < window.innerHeight;
          });
          if (bench.thumbnails === undefined && frames.length > 0 && frames.every((frame) => frame.dataset.loaded !== undefined)) {
            afterPaint((at) => (bench.thumbnails ??= at));
            return;
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      },
      { capture: true, once: true },
    );
  });
  await page.getByRole('button', { name: 'Library' }).click();
  await page.waitForFunction(() => (window as unknown as { forgeBench?: { thumbnails?: number } }).forgeBench?.thumbnails !== undefined, undefined, { timeout: 120_000 });
  const result = await page.evaluate(() => (window as unknown as { forgeBench: { clickAt: number; firstPaint: number; thumbnails: number } }).forgeBench);
  // The first listAssets request: how long it took, and when its answer was in (from the click).
  const { listing, listedAt } = await page.evaluate((clickAt) => {
    const entry = performance.getEntriesByType('resource').find((candidate) => candidate.name.includes('/api/call/listAssets')) as PerformanceResourceTiming | undefined;
    return entry === undefined ? { listing: Number.NaN, listedAt: Number.NaN } : { listing: entry.duration, listedAt: entry.responseEnd - clickAt };
  }, result.clickAt);
  return { firstPaint: result.firstPaint, thumbnails: result.thumbnails, listing, afterListing: result.firstPaint - listedAt };
}

/**
 * Types `text` a key at a time (as a person does, ~150 ms apart); for each key, ms from its
 * keydown to the results for it painted — or, when a later key's results came first (one
 * search is in flight at a time and the latest wins), to those.
 */
async function typeTimed(page: Page, text: string): Promise<number[]> {
  await page.evaluate(() => {
    const state = window as unknown as { forgeKeys: number[]; forgePending: Array<{ value: string; at: number }> };
    state.forgeKeys = [];
    state.forgePending = [];
    const input = document.querySelector<HTMLInputElement>('input[type="search"]');
    const body = document.querySelector<HTMLElement>('.forge-library__body');
    if (input === null || body === null) throw new Error('no Library');
    const look = () => {
      const shown = body.dataset.resultsFor?.trim();
      const index = state.forgePending.findIndex((pending) => pending.value === shown);
      if (index === -1) return;
      const answered = state.forgePending.splice(0, index + 1);
      requestAnimationFrame(() => setTimeout(() => state.forgeKeys.push(...answered.map((pending) => performance.now() - pending.at)), 0));
    };
    input.addEventListener('keydown', () => {
      const at = performance.now();
      // The value the key makes is there on the next task.
      setTimeout(() => {
        state.forgePending.push({ value: input.value.trim(), at });
        look();
      }, 0);
    });
    new MutationObserver(look).observe(body, { attributes: true, attributeFilter: ['data-results-for'] });
  });
  const input = page.getByRole('searchbox', { name: 'Search assets' });
  await input.click();
  for (const character of text) {
    await page.keyboard.type(character);
    await page.waitForTimeout(150);
  }
  await page.waitForFunction((count) => (window as unknown as { forgeKeys: number[] }).forgeKeys.length >= count, text.length, { timeout: 30_000 });
  return page.evaluate(() => (window as unknown as { forgeKeys: number[] }).forgeKeys);
}

/** Scrolls the grid top to bottom a screen at a time, letting each screen's thumbnails load; the most thumbnail canvases mounted at once. */
async function scrollWholeGrid(page: Page): Promise<number> {
  let mostImages = 0;
  for (;;) {
    const step = await page.evaluate(() => {
      const grid = document.querySelector<HTMLElement>('.forge-library-grid');
      if (grid === null) throw new Error('no grid');
      const images = document.querySelectorAll('.forge-tile canvas').length;
      const atEnd = grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 2;
      grid.scrollTop += grid.clientHeight;
      return { images, atEnd };
    });
    mostImages = Math.max(mostImages, step.images);
    if (step.atEnd) break;
    // Until the screen's tiles are loaded and their thumbnails decoded (or a second passed).
    await page
      .waitForFunction(
        () =>
          document.querySelectorAll('.forge-tile--placeholder').length === 0 &&
          [...document.querySelectorAll<HTMLElement>('.forge-tile__frame')].every((frame) => frame.dataset.loaded !== undefined),
        undefined,
        { timeout: 1000, polling: 50 },
      )
      .catch(() => undefined);
  }
  return mostImages;
}

async function main(): Promise<void> {
  const workDir = reuseDir ?? (await mkdtemp(path.join(os.tmpdir(), 'forge-library-bench-')));
  const projectDir = path.join(workDir, 'project');
  const homeDir = path.join(workDir, 'home');
  const cacheDir = path.join(homeDir, '.cache', 'forge', 'thumbnails');
  let server: BrowserServer | undefined;
  let browser: Browser | undefined;
  try {
    if (reuseDir === undefined) {
      await mkdir(projectDir, { recursive: true });
      const madeAt = performance.now();
      await makeProject(projectDir, cacheDir);
      console.log(`${assetCount.toLocaleString('en')} assets saved in ${((performance.now() - madeAt) / 1000).toFixed(1)} s.`);
    }
    if (keep) console.log(`The project stays in ${workDir} (--project ${workDir} reuses it).`);
    console.log(`${rounds} rounds, each a fresh app process listing from the index.`);

    server = await chromium.launchServer({ executablePath: chromiumExecutablePath(), headless: true, args: [...chromiumArgs] });
    const browserPid = server.process().pid ?? 0;
    browser = await chromium.connect(server.wsEndpoint());

    const figures = { afterListing: [] as number[], firstPaint: [] as number[], thumbnailsCold: [] as number[], thumbnailsWarm: [] as number[], listing: [] as number[], keys: [] as number[], pssChat: [] as number[], pssOpen: [] as number[], pssScrolled: [] as number[], heapScrolled: [] as number[], images: [] as number[] };
    for (let round = 1; round <= rounds; round += 1) {
      await clearThumbnails(cacheDir);
      const app = await startApp(projectDir, homeDir);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      try {
        await page.goto(app.url);
        await page.getByRole('textbox', { name: 'Message' }).waitFor();
        await collectGarbage(page);
        figures.pssChat.push(rendererPssMb(browserPid));

        const cold = await openLibraryTimed(page);
        figures.firstPaint.push(cold.firstPaint);
        figures.afterListing.push(cold.afterListing);
        figures.thumbnailsCold.push(cold.thumbnails);
        figures.listing.push(cold.listing);
        await collectGarbage(page);
        figures.pssOpen.push(rendererPssMb(browserPid));

        const target = Math.floor(assetCount * 0.47) + round;
        // "<adjective> <noun> variant <n>": every word narrows it, the last makes it one asset.
        const keys = await typeTimed(page, `${promptOf(target).split(' concept')[0] ?? ''} variant ${target}`);
        figures.keys.push(...keys);
        console.log(`round ${round}: first paint ${cold.firstPaint.toFixed(0)} ms, keystrokes median ${median(keys).toFixed(0)} ms (max ${Math.max(...keys).toFixed(0)}); scrolling the whole grid…`);
        const found = await page.getByRole('list', { name: 'Assets' }).getByRole('listitem').count();
        if (found !== 1) throw new Error(`the search for asset ${target} found ${found} tiles`);
        await page.getByRole('searchbox', { name: 'Search assets' }).fill('');
        await page.waitForFunction(() => document.querySelector<HTMLElement>('.forge-library__body')?.dataset.resultsFor === '');

        figures.images.push(await scrollWholeGrid(page));
        figures.heapScrolled.push(await collectGarbage(page));
        const scrolled = rendererMemory(browserPid);
        figures.pssScrolled.push(scrolled.pss);
        console.log(`  after scrolling: PSS ${scrolled.pss.toFixed(0)} MB = anonymous ${scrolled.anon.toFixed(0)} + file ${scrolled.file.toFixed(0)} + shared ${scrolled.shmem.toFixed(0)} (the browser's own UI renderer, not counted: ${scrolled.browserUi.toFixed(0)} MB)`);

        // A revisit: thumbnails cached in the store and the browser.
        await page.goBack();
        await page.getByRole('textbox', { name: 'Message' }).waitFor();
        await page.reload();
        await page.getByRole('textbox', { name: 'Message' }).waitFor();
        figures.thumbnailsWarm.push((await openLibraryTimed(page)).thumbnails);
        console.log(
          `round ${round}: first paint ${cold.firstPaint.toFixed(0)} ms (listAssets ${cold.listing.toFixed(0)} ms), thumbnails ${cold.thumbnails.toFixed(0)} ms cold / ${figures.thumbnailsWarm.at(-1)?.toFixed(0) ?? '?'} ms warm, ` +
            `PSS ${figures.pssChat.at(-1)?.toFixed(0) ?? '?'} → ${figures.pssOpen.at(-1)?.toFixed(0) ?? '?'} → ${figures.pssScrolled.at(-1)?.toFixed(0) ?? '?'} MB, at most ${figures.images.at(-1) ?? '?'} thumbnails`,
        );
      } finally {
        await context.close();
        await stopApp(app);
      }
    }

    const row = (what: string, values: number[], unit: string, target: string, beside = '') => {
      const spread = values.length > 1 ? `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}` : '';
      return `| ${what} | **${median(values).toFixed(unit === 'MB' ? 1 : 0)} ${unit}** | ${spread} | ${beside} | ${target} |`;
    };
    console.log(`\nLibrary, ${assetCount.toLocaleString('en')} assets, Chromium ${browser.version()} against the web host, ${rounds} rounds (medians; keystrokes: all ${figures.keys.length})`);
    console.log('| measure | median | range | beside it | target |');
    console.log('| --- | --- | --- | --- | --- |');
    console.log(row('listing answered → first tiles painted', figures.afterListing, 'ms', `≤ ${targets.firstPaintMs} ms`, ''));
    console.log(row('click "Library" → first tiles painted (fresh app, indexed listing)', figures.firstPaint, 'ms', '', `of which the listAssets request ${median(figures.listing).toFixed(0)} ms`));
    console.log(row('click "Library" → thumbnails in view decoded, none cached', figures.thumbnailsCold, 'ms', '', `revisit (cached) ${median(figures.thumbnailsWarm).toFixed(0)} ms`));
    console.log(row('search keystroke → results painted', figures.keys, 'ms', `≤ ${targets.keystrokeMs} ms`, ''));
    console.log(row('renderer PSS after scrolling the whole grid', figures.pssScrolled, 'MB', `≤ ${targets.pssMb} MB`, `chat at rest ${median(figures.pssChat).toFixed(1)} MB, Library open ${median(figures.pssOpen).toFixed(1)} MB; JS heap after scrolling ${median(figures.heapScrolled).toFixed(1)} MB`));
    console.log(row('thumbnails mounted at once while scrolling', figures.images, '', '', `of ${assetCount.toLocaleString('en')}`));
  } finally {
    await browser?.close();
    await server?.close();
    if (reuseDir === undefined && !keep) await rm(workDir, { recursive: true, force: true });
  }
}

await main();
