// Measures the asset store against its targets, side by side in one run:
// save() vs a raw write + fsync + rename of the same bytes, list() over 10,000 saved assets
// (first listing after the saves, a new process, the same process, and a folder never seen
// here), and a thumbnail of a 1024×1024 PNG. Prints medians and ratios.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, open, readdir, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import sharp from 'sharp';

import { type AssetStore, openAssetStore } from '../src/index.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function time(step: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await step();
  return performance.now() - start;
}

/** A picture-like PNG: smooth gradients plus low-amplitude noise, ~2.8 MB at 1536×1024 like a model's output. */
async function picturePng(width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  const noise = randomBytes(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const index = (y * width + x) * 3;
      pixels[index] = ((x * 255) / width + ((noise[index] ?? 0) & 3)) & 255;
      pixels[index + 1] = ((y * 255) / height + ((noise[index + 1] ?? 0) & 3)) & 255;
      pixels[index + 2] = (((x + y) * 128) / (width + height) + ((noise[index + 2] ?? 0) & 3)) & 255;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'forge-asset-store-bench-'));
const rows: [string, string, string, string][] = [];
try {
  // 1. save() against the raw baseline, interleaved so both see the same disk.
  const big = await picturePng(1536, 1024);
  const saveProject = path.join(workDir, 'save-project');
  const baselineDir = path.join(workDir, 'baseline');
  await mkdir(saveProject);
  await mkdir(baselineDir);
  const store = await openAssetStore({ mode: 'project', projectDir: saveProject, cacheDir: path.join(workDir, 'cache') });
  const meta = { prompt: 'concept art for a steampunk airship over a foggy harbour at dawn', revisedPrompt: 'A brass-and-canvas steampunk airship…', model: 'gpt-image-2', source: 'chat' };
  await store.save(big, meta);
  const saveTimes: number[] = [];
  const baselineTimes: number[] = [];
  const rounds = 60;
  for (let round = 0; round < rounds; round += 1) {
    const baseline = async (): Promise<void> => {
      const temporary = path.join(baselineDir, `.raw-${round}.tmp`);
      const handle = await open(temporary, 'wx');
      await handle.writeFile(big);
      await handle.sync();
      await handle.close();
      await rename(temporary, path.join(baselineDir, `raw-${round}.png`));
    };
    const save = (): Promise<unknown> => store.save(big, meta);
    if (round % 2 === 0) {
      baselineTimes.push(await time(baseline));
      saveTimes.push(await time(save));
    } else {
      saveTimes.push(await time(save));
      baselineTimes.push(await time(baseline));
    }
  }
  const saveMedian = median(saveTimes);
  const baselineMedian = median(baselineTimes);
  // The disk is shared, so each round's pair also gives a ratio; its median shrugs off bursts.
  const pairedRatio = median(saveTimes.map((saveTime, round) => saveTime / (baselineTimes[round] ?? saveTime)));
  rows.push([
    `save() 1536×1024 PNG (${(big.length / 1e6).toFixed(1)} MB)`,
    `${saveMedian.toFixed(2)} ms`,
    `baseline write+fsync+rename ${baselineMedian.toFixed(2)} ms`,
    `${(saveMedian / baselineMedian).toFixed(2)}× (paired ${pairedRatio.toFixed(2)}×; target ≤ 1.3×)`,
  ]);
  await store.close();

  // 2. list() over 10,000 assets in both layouts, each with its own provenance, saved by save()
  //    (as the chat saves them: the store logs each save for the next listing).
  const listProject = path.join(workDir, 'list-project');
  await mkdir(listProject);
  const raw = await sharp({ create: { width: 512, height: 512, channels: 3, background: { r: 9, g: 90, b: 60 } } }).png().toBuffer();
  const start = Date.UTC(2026, 0, 1);
  const count = 10_000;
  const savedCache = path.join(workDir, 'list-cache-saved');
  const saver = await openAssetStore({ mode: 'project', projectDir: listProject, cacheDir: savedCache });
  for (let index = 0; index < count; index += 8) {
    await Promise.all(
      Array.from({ length: Math.min(8, count - index) }, (_, offset) =>
        saver.save(raw, { ...meta, prompt: `${meta.prompt} #${index + offset}`, createdAt: new Date(start + (index + offset) * 1000), kind: (index + offset) % 5 === 0 ? 'sprites' : undefined }),
      ),
    );
  }
  await saver.close();
  const [savedLog] = (await readdir(path.join(savedCache, 'index'))).filter((name) => name.endsWith('.saved'));
  if (savedLog === undefined) throw new Error('save() left no saved log');
  const listed = async (listStore: AssetStore): Promise<void> => {
    const assets = await listStore.list();
    if (assets.length !== count) throw new Error(`listed ${assets.length} assets, expected ${count}`);
  };
  // A folder no store on this machine saved or listed (cloned, copied, another tool's): every header is read.
  // Measured first, so its first round also pays this process's JIT warm-up for the header code: shown on its own.
  const unseenTimes: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const unseen = await openAssetStore({ mode: 'project', projectDir: listProject, cacheDir: path.join(workDir, `list-cache-unseen-${round}`) });
    unseenTimes.push(await time(() => listed(unseen)));
    await unseen.close();
  }
  // The first listing after the saves (a gallery opened on what the chat made), then a new process on the index it wrote.
  const savedTimes: number[] = [];
  const indexedTimes: number[] = [];
  for (let round = 0; round < 5; round += 1) {
    const cacheDir = path.join(workDir, `list-cache-${round}`);
    await mkdir(path.join(cacheDir, 'index'), { recursive: true });
    await copyFile(path.join(savedCache, 'index', savedLog), path.join(cacheDir, 'index', savedLog));
    const first = await openAssetStore({ mode: 'project', projectDir: listProject, cacheDir });
    savedTimes.push(await time(() => listed(first)));
    await first.close();
    const restarted = await openAssetStore({ mode: 'project', projectDir: listProject, cacheDir });
    indexedTimes.push(await time(() => listed(restarted)));
    await restarted.close();
  }
  const warmStore = await openAssetStore({ mode: 'project', projectDir: listProject, cacheDir: path.join(workDir, 'list-cache-0') });
  await warmStore.list();
  const warmTimes: number[] = [];
  const pageTimes: number[] = [];
  for (let round = 0; round < 10; round += 1) {
    warmTimes.push(await time(() => listed(warmStore)));
    pageTimes.push(await time(() => warmStore.list({ limit: 50 })));
  }
  await warmStore.close();
  rows.push(['list() 10,000 saved assets, first listing (saved log + stat)', `${median(savedTimes).toFixed(1)} ms`, '', 'target < 150 ms']);
  rows.push(['list() 10,000 assets, new process (index + stat)', `${median(indexedTimes).toFixed(1)} ms`, '', 'target < 150 ms']);
  rows.push(['list() 10,000 assets, same process (stat only)', `${median(warmTimes).toFixed(1)} ms`, `limit 50: ${median(pageTimes).toFixed(1)} ms`, 'target < 150 ms']);
  rows.push(['list() 10,000 assets never seen here (every header read)', `${median(unseenTimes).toFixed(1)} ms`, `first round ${(unseenTimes[0] ?? 0).toFixed(1)} ms`, 'one-off per folder and machine']);

  // 3. Thumbnail of a 1024×1024 PNG: built (cold cache) and served from the cache.
  const thumbProject = path.join(workDir, 'thumb-project');
  await mkdir(thumbProject);
  const thumbStore = await openAssetStore({ mode: 'project', projectDir: thumbProject, cacheDir: path.join(workDir, 'thumb-cache-0') });
  const square = await thumbStore.save(await picturePng(1024, 1024), meta);
  await thumbStore.close();
  const buildTimes: number[] = [];
  const hitTimes: number[] = [];
  for (let round = 0; round < 15; round += 1) {
    const roundStore = await openAssetStore({ mode: 'project', projectDir: thumbProject, cacheDir: path.join(workDir, `thumb-cache-${round + 1}`) });
    buildTimes.push(await time(() => roundStore.thumbnail(square.relativePath, { height: 192 })));
    hitTimes.push(await time(() => roundStore.thumbnail(square.relativePath, { height: 192 })));
    await roundStore.close();
  }
  rows.push(['thumbnail() 1024×1024 PNG → 192 px WebP, built', `${median(buildTimes).toFixed(1)} ms`, `cached: ${median(hitTimes).toFixed(2)} ms`, 'target < 40 ms']);
} finally {
  await rm(workDir, { recursive: true, force: true });
}

const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => row[column as 0 | 1 | 2 | 3].length)));
console.log(`@forge/asset-store bench (node ${process.version}, ${os.cpus().length} CPUs, ${os.platform()}, medians)`);
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
