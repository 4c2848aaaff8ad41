// End to end against the real `codex app-server` 0.169.0, pointed through a private CODEX_HOME
// at the fake OpenAI server on loopback. No network, never ~/.codex.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';

import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { inspectImage } from '@forge/image-gen';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import type { AgentLogger } from '../agent-logger.ts';
import { defaultCodexSpawner, type CodexChildProcess, type CodexSpawner } from './app-server-supervisor.ts';
import { createCodexBackend, type CodexBackend, type CodexBackendOptions } from './codex-backend.ts';
import { resolveCodexBinary } from './codex-binary.ts';

const actorSecret = 'forge-test-actor-secret-7f3a';

function codexUnavailableReason(): string | undefined {
  try {
    const binary = resolveCodexBinary();
    const version = execFileSync(binary.path, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '' } });
    return version.includes('0.169.0') ? undefined : `the codex binary reports "${version.trim()}", not 0.169.0`;
  } catch (error) {
    return `the codex binary cannot run here: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const unavailable = codexUnavailableReason();
if (unavailable !== undefined) console.warn(`Skipping the real-Codex tests: ${unavailable}`);

async function collect(events: AsyncIterable<AgentTurnEvent>, onEvent?: (event: AgentTurnEvent) => void): Promise<AgentTurnEvent[]> {
  const collected: AgentTurnEvent[] = [];
  for await (const event of events) {
    collected.push(event);
    onEvent?.(event);
  }
  return collected;
}

const kinds = (events: AgentTurnEvent[]): string[] => events.map((event) => (event.type === 'image' ? `image:${event.event.type}` : event.type));

describe.skipIf(unavailable !== undefined)('codex backend on the real codex binary', { timeout: 60_000 }, () => {
  let fake: FakeOpenAI;
  let home: string;
  let backend: CodexBackend | undefined;
  const logs: string[] = [];
  const logger: AgentLogger = { debug: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) };

  function create(overrides: Partial<CodexBackendOptions> = {}): CodexBackend {
    backend = createCodexBackend({
      codexHome: path.join(home, 'codex-home'),
      provider: { baseURL: fake.url, actorAuthorization: actorSecret, model: 'gpt-fake' },
      logger,
      restartDelayMs: 50,
      ...overrides,
    });
    return backend;
  }

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    rmSync(home, { recursive: true, force: true });
    fake.setScenario('ok');
    fake.clearRequests();
    // Secrets never reach the logs, whatever the test did.
    expect(logs.join('\n')).not.toContain(actorSecret);
    logs.length = 0;
  });
  beforeEach(() => {
    // A fresh app profile (and so a fresh CODEX_HOME) per test.
    home = mkdtempSync(path.join(tmpdir(), 'forge-codex-test-'));
  });

  it('runs a real turn: the agent calls the image tool and the image arrives with its bytes and revised prompt', async () => {
    const codex = create();
    expect(await codex.account()).toMatchObject({ signedIn: true, defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-2'], imageModelSelectable: false });
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'concept art for a steampunk airship' }, mode: 'agent' }));
    expect(kinds(events)).toEqual(['turn-started', 'image:started', 'image:completed', ...events.slice(3, -1).map(() => 'text-delta'), 'turn-completed']);
    const completed = events.find((event) => event.type === 'image' && event.event.type === 'completed');
    if (completed?.type !== 'image' || completed.event.type !== 'completed') throw new Error('no image');
    const info = inspectImage(completed.event.bytes);
    expect(info.mediaType).toBe('image/png');
    expect(completed.event.model).toBe('gpt-image-2');
    // The fake model asks the tool for the user's words; Codex reports the tool's prompt as the revised prompt.
    expect(completed.event.revisedPrompt).toContain('steampunk airship');
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: 'Here is the image you asked for. It is saved with the project.' });

    const imageRequest = fake.requests.find((request) => request.path === '/v1/images/generations');
    expect(imageRequest?.body).toMatchObject({ model: 'gpt-image-2' });
    expect(fake.requests.filter((request) => request.path === '/v1/responses')).toHaveLength(2);

    // Codex keeps its own copy; once the host has saved ours, releaseImage deletes it.
    const codexCopy = String(completed.event.metadata?.codexSavedPath);
    expect(existsSync(codexCopy)).toBe(true);
    await codex.releaseImage(completed.callId);
    expect(existsSync(codexCopy)).toBe(false);
  });

  it('announces each reconnect when the model stream drops, then finishes the turn', async () => {
    const codex = create();
    fake.script({ name: 'disconnect-mid-stream' });
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'concept art for a lighthouse' }, mode: 'agent' }));
    expect(events.filter((event) => event.type === 'reconnecting')).toEqual([{ type: 'reconnecting', attempt: 1, maxAttempts: expect.any(Number) as unknown }]);
    expect(kinds(events)).toContain('image:completed');
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
  });

  it('fails the turn with quota_exceeded when /responses reports the plan usage limit', async () => {
    const codex = create();
    fake.setScenario((request) => (request.path === '/v1/responses' ? 'usage-limit' : 'ok'));
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }));
    expect(kinds(events)).toEqual(['turn-started', 'turn-failed']);
    expect(events[1]).toMatchObject({ error: { code: 'quota_exceeded', retryable: false, message: expect.stringMatching(/usage limit.*try again at/s) as unknown } });
    expect(fake.requests.filter((request) => request.path === '/v1/images/generations')).toHaveLength(0);
  });

  it('reports a 429 on the image call as a rate_limited image failure; the turn still completes', async () => {
    const codex = create();
    fake.setScenario((request) => (request.path === '/v1/images/generations' ? 'rate-limit' : 'ok'));
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }));
    const image = events.filter((event) => event.type === 'image');
    expect(image.map((event) => event.event.type)).toEqual(['started', 'failed']);
    expect(image[1]).toMatchObject({ event: { error: { code: 'rate_limited', status: 429, retryable: true } } });
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
  });

  it('cancels mid-generation with turn/interrupt: no image, and the turn ends cancelled', async () => {
    const codex = create();
    fake.setScenario((request) => (request.path === '/v1/images/generations' ? 'hang' : 'ok'));
    const controller = new AbortController();
    const startedAt = Date.now();
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent', abortSignal: controller.signal }), (event) => {
      if (event.type === 'image' && event.event.type === 'started') controller.abort();
    });
    expect(kinds(events)).toEqual(['turn-started', 'image:started', 'image:failed', 'turn-failed']);
    expect(events[2]).toMatchObject({ event: { error: { code: 'cancelled' } } });
    expect(events[3]).toMatchObject({ error: { code: 'cancelled' } });
    expect(Date.now() - startedAt).toBeLessThan(4_000);
  });

  it('fails a turn clearly when the app-server crashes mid-turn, then restarts it so the next turn works', async () => {
    const children: CodexChildProcess[] = [];
    const spawner: CodexSpawner = (command, args, options) => {
      const child = defaultCodexSpawner(command, args, options);
      children.push(child);
      return child;
    };
    const codex = create({ spawner });
    fake.setScenario((request) => (request.path === '/v1/images/generations' && request.index < 3 ? 'hang' : 'ok'));
    const crashed = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }), (event) => {
      if (event.type === 'image' && event.event.type === 'started') children[0]?.kill('SIGKILL');
    });
    expect(kinds(crashed)).toEqual(['turn-started', 'image:started', 'image:failed', 'turn-failed']);
    expect(crashed.at(-1)).toMatchObject({ error: { code: 'backend_crashed', retryable: true, message: expect.stringContaining('send your message again') as unknown } });

    fake.setScenario('ok');
    fake.clearRequests();
    const next = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'now draw a dog' }, mode: 'agent' }));
    expect(children.length).toBe(2);
    expect(next.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringMatching(/\S/) as unknown });
    // The conversation survived the crash: the restarted app-server resumed the same Codex thread.
    const firstTurn = crashed[0];
    expect(next[0]).toMatchObject({ type: 'turn-started', backendThreadId: firstTurn?.type === 'turn-started' ? firstTurn.backendThreadId : 'missing' });
    expect(JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')?.body)).toContain('draw a cat');
    const fresh = await collect(codex.runTurn({ threadId: 'chat-2', input: { text: 'draw a dog' }, mode: 'agent' }));
    expect(fresh.some((event) => event.type === 'image' && event.event.type === 'completed')).toBe(true);
  });

  it('resumes a Codex thread a host kept from an earlier run, so the agent keeps its context', async () => {
    const first = create();
    const before = await collect(first.runTurn({ threadId: 'chat-1', input: { text: 'draw a lighthouse at dusk' }, mode: 'agent', cwd: home }));
    const started = before[0];
    if (started?.type !== 'turn-started' || started.backendThreadId === undefined) throw new Error('no Codex thread id');
    expect(first.codexThreadId('chat-1')).toBe(started.backendThreadId);
    await first.close();

    // Forge restarted: a new backend that has never seen chat-1, told which Codex thread it was.
    fake.clearRequests();
    const second = create();
    const after = await collect(second.runTurn({ threadId: 'chat-1', input: { text: 'now make it stormy' }, mode: 'agent', backendThreadId: started.backendThreadId }));
    expect(after[0]).toMatchObject({ type: 'turn-started', backendThreadId: started.backendThreadId });
    expect(after.at(-1)).toMatchObject({ type: 'turn-completed' });
    const sent = JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')?.body);
    expect(sent).toContain('draw a lighthouse at dusk');
    expect(sent).toContain('now make it stormy');
  });

  it('starts a new Codex thread when the kept one is gone, and works in the folder the turn names', async () => {
    const codex = create();
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a fox' }, mode: 'agent', backendThreadId: '00000000-0000-4000-8000-000000000000', cwd: home }));
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
    expect(codex.codexThreadId('chat-1')).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(logs.join('\n')).toContain('Could not resume Codex thread');
    expect(JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')?.body)).toContain(home);
  });

  it('skips malformed JSON-RPC lines from the app-server and still delivers the image', async () => {
    const spawner: CodexSpawner = (command, args, options) => {
      const child = defaultCodexSpawner(command, args, options);
      let injected = 0;
      let atLineStart = true;
      const corrupt = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          // Garbage between real lines: not JSON, a JSON array, an object that is not JSON-RPC.
          const junk = atLineStart ? [`${['{"jsonrpc":"2.0","method":', '[1,2,3]', '{"hello":"world"}'][injected % 3] ?? ''}\n`] : [];
          injected += junk.length;
          atLineStart = chunk.at(-1) === 0x0a;
          callback(null, Buffer.concat([...junk.map((line) => Buffer.from(line)), chunk]));
        },
      });
      child.stdout.pipe(corrupt);
      return { stdin: child.stdin, stdout: corrupt, stderr: child.stderr, pid: child.pid, kill: (signal) => child.kill(signal), once: child.once.bind(child) };
    };
    const codex = create({ spawner });
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }));
    expect(events.some((event) => event.type === 'image' && event.event.type === 'completed')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
    expect(logs.some((line) => line.includes('skipped a line'))).toBe(true);
  });

  it('reports a signed-out account and fails the turn with signed_out without calling the model', async () => {
    const codex = create({ provider: { baseURL: fake.url, actorAuthorization: actorSecret, requiresOpenaiAuth: true } });
    expect(await codex.account()).toMatchObject({ backend: 'codex', signedIn: false });
    expect(await codex.rateLimits()).toBeUndefined();
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }));
    expect(events).toMatchObject([{ type: 'turn-failed', error: { code: 'signed_out', message: expect.stringContaining('sign in') as unknown } }]);
    expect(fake.requests.filter((request) => request.path === '/v1/responses')).toHaveLength(0);
  });
});
