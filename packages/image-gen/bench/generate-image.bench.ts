// `pnpm bench`: the overhead of generateImage over a bare `openai` SDK call against the same
// fake server (interleaved, one run), and the offline model's time per 1024×1024 image.
import { performance } from 'node:perf_hooks';

import { startFakeOpenAI } from '@forge/fake-openai';
import OpenAI from 'openai';

import { createOfflineImageModel, createOpenAIImageModel, generateImage } from '../src/index.ts';

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
  const scenesPrompts = ['concept art for a steampunk airship', 'a neon city street at night', 'a red sailboat at sunset', 'a ringed planet in deep space', 'a UI button in three states'];
  await generateImage({ model: offline, prompt: 'warm-up', size: '1024x1024' });
  const offlineTimes: number[] = [];
  for (let index = 0; index < offlineIterations; index += 1) {
    const offlinePrompt = `${scenesPrompts[index % scenesPrompts.length]!} #${index}`;
    offlineTimes.push(await time(() => generateImage({ model: offline, prompt: offlinePrompt, size: '1024x1024' })));
  }

  const bareMedian = median(bare);
  const oursMedian = median(ours);
  const overheadMs = oursMedian - bareMedian;
  const overheadShare = overheadMs / oursMedian;
  const rows = [
    ['bare openai SDK call (stream, 1024×1024 PNG)', bareMedian.toFixed(2), ''],
    ['generateImage + createOpenAIImageModel', oursMedian.toFixed(2), ''],
    ['overhead of generateImage', overheadMs.toFixed(2), `${(overheadShare * 100).toFixed(1)} % of wall time`],
    ['offline model, 1024×1024 PNG', median(offlineTimes).toFixed(2), ''],
  ];
  console.log(`\n@forge/image-gen bench: ${iterations} interleaved calls each against the fake server, ${offlineIterations} offline images (medians)\n`);
  console.log(`${'case'.padEnd(48)} ${'median ms'.padStart(10)}  note`);
  for (const [name, value, note] of rows) console.log(`${name!.padEnd(48)} ${value!.padStart(10)}  ${note!}`);
  const withinTarget = overheadShare < 0.05 && overheadMs < 2;
  console.log(`\ntarget (overhead < 5 % and < 2 ms per image): ${withinTarget ? 'met' : 'NOT met'}`);
} finally {
  await fake.close();
}
