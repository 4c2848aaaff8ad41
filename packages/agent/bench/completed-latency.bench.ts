// Benchmark: time from a backend receiving the final image to the `completed` event it yields,
// per backend, for a 1536×1024 PNG of realistic size. Prints medians (target: under 5 ms).
// Run: pnpm bench (Node 22, straight from the TypeScript sources).
import { PassThrough } from 'node:stream';
import { crc32, deflateSync } from 'node:zlib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { ImageGenerationEvent, ImageModel } from '@forge/image-gen';

import type { AgentBackend, AgentTurnEvent } from '../src/agent-backend-spec.ts';
import { silentLogger } from '../src/agent-logger.ts';
import type { CodexChildProcess } from '../src/codex/app-server-supervisor.ts';
import { createCodexBackend } from '../src/codex/codex-backend.ts';
import { createOfflineBackend } from '../src/offline/offline-backend.ts';
import { createOpenAIBackend } from '../src/openai/openai-backend.ts';

const iterations = 40;
const warmup = 5;

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, checksum]);
}

/** A 1536×1024 RGB PNG with gradients and grain, about the size gpt-image returns (~2–3 MB). */
function realisticPng(width = 1536, height = 1024): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  let seed = 42;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      const grain = (seed >>> 24) & 0x1f;
      const offset = y * stride + 1 + x * 3;
      raw[offset] = (x * 255) / width + grain;
      raw[offset + 1] = (y * 255) / height + grain;
      raw[offset + 2] = 128 + grain;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

const png = realisticPng();
const base64 = png.toString('base64');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Drives one turn; `deliverFinal` sends the final image and returns the moment it was handed to the backend. */
async function measureTurn(backend: AgentBackend, threadId: string, deliverFinal: () => number): Promise<number> {
  let receivedAt = 0;
  let completedAt = 0;
  for await (const event of backend.runTurn({ threadId, input: { text: 'draw a landscape' }, mode: 'agent' })) {
    if (event.type === 'image' && event.event.type === 'started') receivedAt = deliverFinal();
    if (event.type === 'image' && event.event.type === 'completed') completedAt = performance.now();
    if (event.type === 'turn-failed') throw event.error;
  }
  return completedAt - receivedAt;
}

async function benchCodex(): Promise<number[]> {
  // A scripted app-server on in-memory pipes: the same JSON-RPC lines the real one writes.
  const stdout = new PassThrough();
  const stdin = new PassThrough();
  let turn = 0;
  let threadId = '';
  const send = (message: unknown): void => {
    stdout.write(`${JSON.stringify(message)}\n`);
  };
  const pendingFinal: (() => void)[] = [];
  stdin.on('data', (data: Buffer) => {
    for (const line of data.toString().split('\n').filter(Boolean)) {
      const request = JSON.parse(line) as { id?: number; method: string };
      if (request.method === 'initialize') send({ id: request.id, result: { userAgent: 'bench', codexHome: '/tmp', platformFamily: 'unix', platformOs: 'linux' } });
      if (request.method === 'account/read') send({ id: request.id, result: { account: null, requiresOpenaiAuth: false } });
      if (request.method === 'thread/start') {
        threadId = 'thread-bench';
        send({ id: request.id, result: { thread: { id: threadId } } });
      }
      if (request.method === 'turn/start') {
        turn += 1;
        const turnId = `turn-${turn}`;
        const callId = `call_${turn}`;
        send({ id: request.id, result: { turn: { id: turnId, status: 'inProgress' } } });
        send({ method: 'turn/started', params: { threadId, turn: { id: turnId, status: 'inProgress' } } });
        send({ method: 'item/started', params: { threadId, turnId, item: { type: 'imageGeneration', id: callId, status: 'in_progress', revisedPrompt: null, result: '' } } });
        // Serialised up front: the clock starts when the bytes reach the backend's pipe.
        const lines = Buffer.from(
          [
            { method: 'item/completed', params: { threadId, turnId, item: { type: 'imageGeneration', id: callId, status: 'completed', revisedPrompt: 'a landscape', result: base64, savedPath: `/tmp/generated_images/${threadId}/${callId}.png` } } },
            { method: 'turn/completed', params: { threadId, turn: { id: turnId, status: 'completed', error: null } } },
          ].map((message) => `${JSON.stringify(message)}\n`).join(''),
        );
        pendingFinal.push(() => stdout.write(lines));
      }
    }
  });
  const child: CodexChildProcess = {
    stdin,
    stdout,
    stderr: new PassThrough(),
    pid: 0,
    kill: () => true,
    once: () => child,
  };
  const home = mkdtempSync(path.join(tmpdir(), 'forge-bench-codex-'));
  const backend = createCodexBackend({ codexHome: home, binaryPath: 'scripted', spawner: () => child, logger: silentLogger });
  const samples: number[] = [];
  for (let index = 0; index < warmup + iterations; index += 1) {
    const sample = await measureTurn(backend, 'bench', () => {
      const at = performance.now();
      pendingFinal.shift()?.();
      return at;
    });
    if (index >= warmup) samples.push(sample);
  }
  rmSync(home, { recursive: true, force: true });
  return samples;
}

async function benchOpenAI(): Promise<number[]> {
  const encoder = new TextEncoder();
  let deliver: (() => number) | undefined;
  const fakeFetch: typeof fetch = () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        controller = streamController;
      },
    });
    const event = (data: Record<string, unknown>): void => controller.enqueue(encoder.encode(`event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`));
    event({ type: 'response.created', response: { id: 'resp_bench' } });
    event({ type: 'response.output_item.added', output_index: 0, item: { type: 'image_generation_call', id: 'ig_1', status: 'in_progress' } });
    // Serialised up front: the clock starts when the bytes reach the backend's stream.
    const final = [
      { type: 'response.output_item.done', output_index: 0, item: { type: 'image_generation_call', id: 'ig_1', status: 'completed', result: base64, revised_prompt: 'a landscape' } },
      { type: 'response.completed', response: { id: 'resp_bench', output: [] } },
    ].map((data) => encoder.encode(`event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`));
    deliver = () => {
      const at = performance.now();
      for (const bytes of final) controller.enqueue(bytes);
      controller.close();
      return at;
    };
    return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
  };
  const backend = createOpenAIBackend({ apiKey: 'sk-bench-not-a-key', baseURL: 'http://127.0.0.1:9/v1', fetch: fakeFetch });
  const samples: number[] = [];
  for (let index = 0; index < warmup + iterations; index += 1) {
    const sample = await measureTurn(backend, `bench-${index}`, () => deliver?.() ?? Number.NaN);
    if (index >= warmup) samples.push(sample);
  }
  return samples;
}

async function benchOffline(): Promise<number[]> {
  let handedAt = 0;
  const model: ImageModel = {
    specificationVersion: 'v1',
    provider: 'bench',
    modelId: 'bench-model',
    async *generate(request): AsyncGenerator<ImageGenerationEvent> {
      yield { type: 'started', model: 'bench-model', prompt: request.prompt };
      await Promise.resolve();
      handedAt = performance.now();
      yield { type: 'completed', bytes: new Uint8Array(png), mediaType: 'image/png', width: 1536, height: 1024, model: 'bench-model', warnings: [] };
    },
  };
  const backend = createOfflineBackend();
  const samples: number[] = [];
  for (let index = 0; index < warmup + iterations; index += 1) {
    let completedAt = 0;
    const events: AgentTurnEvent[] = [];
    for await (const event of backend.runTurn({ threadId: 'bench', input: { text: 'draw a landscape' }, mode: 'agent', imageModel: model })) {
      events.push(event);
      if (event.type === 'image' && event.event.type === 'completed') completedAt = performance.now();
    }
    if (index >= warmup) samples.push(completedAt - handedAt);
  }
  return samples;
}

console.log(`Final image → completed event, 1536×1024 PNG of ${(png.length / 1_048_576).toFixed(2)} MiB (${(base64.length / 1_048_576).toFixed(2)} MiB base64), median of ${iterations} runs:`);
for (const [name, run] of [['codex', benchCodex], ['openai', benchOpenAI], ['offline', benchOffline]] as const) {
  const samples = await run();
  const p95 = [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] ?? Number.NaN;
  console.log(`  ${name.padEnd(8)} median ${median(samples).toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   ${median(samples) < 5 ? 'under' : 'OVER'} the 5 ms target`);
}
