// `pnpm bench`: the overhead of generateImage over a bare `openai` SDK call against the same
// fake server (interleaved, one run), and the offline pictures at 1536×1024 (drawn and PNG
// encoded) side by side with the picture before issue 15 (bench/baseline-offline-picture.ts).
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';

import { startFakeOpenAI } from '@forge/fake-openai';
import OpenAI from 'openai';

import { createOfflineImageModel, createOpenAIImageModel, drawOfflinePicture, generateImage } from '../src/index.ts';
import { renderOfflinePixels as renderBaselinePixels } from './baseline-offline-picture.ts';
import { encodePng } from '../src/png-encoder.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 200);
const offlineIterations = Number(process.env.BENCH_OFFLINE_ITERATIONS ?? 40);
const prompt = 'concept art for a steampunk airship';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function timeSync(run: () => unknown): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/**
 * The JS heap one call of `run` allocates, garbage included (MB, the mean of `runs` calls):
 * V8's sampling heap profiler, keeping the samples of objects already collected.
 */
async function allocatedMb(run: () => unknown, runs = 20): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    for (let index = 0; index < runs; index += 1) run();
    const { profile } = await session.post('HeapProfiler.stopSampling');
    const total = (node: typeof profile.head): number => node.selfSize + node.children.reduce((sum, child) => sum + total(child), 0);
    return total(profile.head) / runs / 1024 / 1024;
  } finally {
    session.disconnect();
  }
}

const pictureWidth = 1536;
const pictureHeight = 1024;
const pictures = [
  ['concept art (steampunk airship)', 'Concept art for a steampunk airship'],
  ['UI mock-up (button, three states)', 'A UI button in three states'],
  ['sprite sheet (four-frame walk)', 'A sprite sheet reference for a four-frame walk cycle'],
  ['generic poster (neon city at night)', 'a neon city street at night'],
] as const;
// First, before anything is warm: the first concept art of a process also reads the icon set.
const firstConceptArt = timeSync(() => drawOfflinePicture('a dragon over a castle', pictureWidth, pictureHeight));
const baselinePicture = (prompt: string): Uint8Array => encodePng(pictureWidth, pictureHeight, renderBaselinePixels(prompt, pictureWidth, pictureHeight).rgba);

const fake = await startFakeOpenAI();
try {
  const client = new OpenAI({ apiKey: 'sk-fake-bench-not-a-real-key', baseURL: fake.url, maxRetries: 0 });
  const model = createOpenAIImageModel({ client });

  // The same request our model sends: streaming, no partials, 1024×1024 PNG.
  async function bareSdkCall(): Promise<Uint8Array> {
    const stream = await client.images.generate({ model: 'gpt-image-2', prompt, n: 1, size: '1024x1024', stream: true, partial_images: 0 });
    for await (const event of stream) {
      if (event.type === 'image_generation.completed') return Buffer.from(event.b64_json, 'base64');
    }
    throw new Error('no image');
  }
  const viaGenerateImage = (): Promise<unknown> => generateImage({ model, prompt, size: '1024x1024' });

  for (let warmup = 0; warmup < 20; warmup += 1) {
    await bareSdkCall();
    await viaGenerateImage();
  }
  const bare: number[] = [];
  const ours: number[] = [];
  for (let index = 0; index < iterations; index += 1) {
    // Alternate the order so neither side always runs on a warmer server.
    if (index % 2 === 0) {
      bare.push(await time(bareSdkCall));
      ours.push(await time(viaGenerateImage));
    } else {
      ours.push(await time(viaGenerateImage));
      bare.push(await time(bareSdkCall));
    }
  }

  const offline = createOfflineImageModel();
  await generateImage({ model: offline, prompt: 'warm-up', size: '1536x1024' });
  const pictureRows: string[][] = [];
  for (const [label, prompt] of pictures) {
    for (let warmup = 0; warmup < 3; warmup += 1) {
      baselinePicture(prompt);
      drawOfflinePicture(prompt, pictureWidth, pictureHeight);
    }
    const before: number[] = [];
    const now: number[] = [];
    for (let index = 0; index < offlineIterations; index += 1) {
      if (index % 2 === 0) {
        before.push(timeSync(() => baselinePicture(prompt)));
        now.push(timeSync(() => drawOfflinePicture(prompt, pictureWidth, pictureHeight)));
      } else {
        now.push(timeSync(() => drawOfflinePicture(prompt, pictureWidth, pictureHeight)));
        before.push(timeSync(() => baselinePicture(prompt)));
      }
    }
    const garbageBefore = await allocatedMb(() => baselinePicture(prompt));
    const garbageNow = await allocatedMb(() => drawOfflinePicture(prompt, pictureWidth, pictureHeight));
    pictureRows.push([label, median(before).toFixed(1), median(now).toFixed(1), garbageBefore.toFixed(1), garbageNow.toFixed(1)]);
  }

  const bareMedian = median(bare);
  const oursMedian = median(ours);
  const overheadMs = oursMedian - bareMedian;
  const overheadShare = overheadMs / oursMedian;
  const rows = [
    ['bare openai SDK call (stream, 1024×1024 PNG)', bareMedian.toFixed(2), ''],
    ['generateImage + createOpenAIImageModel', oursMedian.toFixed(2), ''],
    ['overhead of generateImage', overheadMs.toFixed(2), `${(overheadShare * 100).toFixed(1)} % of wall time`],
  ];
  console.log(`\n@forge/image-gen bench: ${iterations} interleaved calls each against the fake server, ${offlineIterations} offline images (medians)\n`);
  console.log(`${'case'.padEnd(48)} ${'median ms'.padStart(10)}  note`);
  for (const [name, value, note] of rows) console.log(`${name!.padEnd(48)} ${value!.padStart(10)}  ${note!}`);
  const withinTarget = overheadShare < 0.05 && overheadMs < 2;
  console.log(`\ntarget (overhead < 5 % and < 2 ms per image): ${withinTarget ? 'met' : 'NOT met'}`);

  console.log(`\noffline pictures, ${pictureWidth}×${pictureHeight}, drawn and PNG-encoded, ${offlineIterations} interleaved runs each (median ms), and the JS heap each one allocates (MB, garbage included)\n`);
  console.log(`${'request'.padEnd(40)} ${'before #15'.padStart(11)} ${'now'.padStart(8)} ${'MB before'.padStart(10)} ${'MB now'.padStart(8)}`);
  for (const [label, before, now, garbageBefore, garbageNow] of pictureRows) console.log(`${label!.padEnd(40)} ${before!.padStart(11)} ${now!.padStart(8)} ${garbageBefore!.padStart(10)} ${garbageNow!.padStart(8)}`);
  console.log(`${'first concept art of a process (reads the icon set, cold)'.padEnd(40)} ${''.padStart(11)} ${firstConceptArt.toFixed(1).padStart(8)}`);
  const slowest = Math.max(...pictureRows.map(([, , now]) => Number(now)));
  console.log(`\ntarget (each picture < 100 ms at ${pictureWidth}×${pictureHeight}): ${slowest < 100 ? 'met' : 'NOT met'}`);
} finally {
  await fake.close();
}
