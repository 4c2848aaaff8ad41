// End to end against the real `codex app-server` 0.169.0, pointed through a private CODEX_HOME
// at the fake OpenAI server on loopback. No network, never ~/.codex.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';

import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { inspectImage } from '@forge/image-gen';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import type { AgentLogger } from '../agent-logger.ts';
import { runTurnWithStallTimeout } from '../stall-timeout.ts';
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

/** Whether `error` says the file or folder is gone. */
const vanished = (error: unknown): boolean => (error as { code?: unknown }).code === 'ENOENT';

/**
 * Every file under `folder`, walked while Codex may still be working in it: a folder or file it
 * removes between listing and reading (its short-lived `.tmp/git-*` checkouts) is simply not there.
 */
function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    if (vanished(error)) return [];
    throw error;
  }
  return entries.flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Bytes of every file under `folder` (databases with their -wal and -shm files included). */
function folderSize(folder: string): number {
  return filesUnder(folder).reduce((total, file) => {
    try {
      return total + statSync(file).size;
    } catch (error) {
      if (vanished(error)) return total;
      throw error;
    }
  }, 0);
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
  }, 30_000);
  afterAll(async () => {
    await fake.close();
  });
  // Closing a backend stops its codex process: room for a machine 4× slower than a busy one.
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    rmSync(home, { recursive: true, force: true });
    fake.setScenario('ok');
    fake.clearRequests();
    // Secrets never reach the logs, whatever the test did.
    expect(logs.join('\n')).not.toContain(actorSecret);
    logs.length = 0;
  }, 30_000);
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
    let signsOfLife = 0;
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'concept art for a lighthouse' }, mode: 'agent', onActivity: () => (signsOfLife += 1) }));
    expect(events.filter((event) => event.type === 'reconnecting')).toEqual([{ type: 'reconnecting', attempt: 1, maxAttempts: expect.any(Number) as unknown }]);
    // Every notification counts for the host's stall watchdog, the reconnect note and those that map to no event.
    expect(signsOfLife).toBeGreaterThan(events.length);
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
    // The fallback that ends a turn Codex never confirms waits longer than this test may run:
    // the turn can only end in time through Codex's own `interrupted`, however slow the machine.
    const codex = create({ interruptTimeoutMs: 600_000 });
    fake.setScenario((request) => (request.path === '/v1/images/generations' ? 'hang' : 'ok'));
    const controller = new AbortController();
    const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent', abortSignal: controller.signal }), (event) => {
      if (event.type === 'image' && event.event.type === 'started') controller.abort();
    });
    expect(kinds(events)).toEqual(['turn-started', 'image:started', 'image:failed', 'turn-failed']);
    expect(events[2]).toMatchObject({ event: { error: { code: 'cancelled' } } });
    expect(events[3]).toMatchObject({ error: { code: 'cancelled' } });
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
    // Forge's threads are ephemeral in Codex: the restarted app-server gets the conversation from Forge's own history.
    const history = [{ role: 'user' as const, text: 'draw a cat' }];
    const next = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'now draw a dog' }, mode: 'agent', history }));
    expect(children.length).toBe(2);
    expect(next.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringMatching(/\S/) as unknown });
    const firstTurn = crashed[0];
    expect(next[0]).toMatchObject({ type: 'turn-started', backendThreadId: expect.any(String) as unknown });
    expect(next[0]).not.toMatchObject({ backendThreadId: firstTurn?.type === 'turn-started' ? firstTurn.backendThreadId : 'missing' });
    expect(JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')?.body)).toContain('draw a cat');
    const fresh = await collect(codex.runTurn({ threadId: 'chat-2', input: { text: 'draw a dog' }, mode: 'agent' }));
    expect(fresh.some((event) => event.type === 'image' && event.event.type === 'completed')).toBe(true);
  });

  it('starts a new thread in the folder the turn names (the workspace it belongs to)', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'forge-codex-workspace-'));
    try {
      const codex = create();
      // With agent tools on, the folder is where commands would run, and Codex tells the model so.
      // (With them off Codex is given no environment at all: nothing runs anywhere.)
      const events = await collect(codex.runTurn({ threadId: 'chat-1', input: { text: 'draw a fox' }, mode: 'agent', agentTools: true, cwd: workspace }));
      expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
      expect(JSON.stringify(fake.requests.find((request) => request.path === '/v1/responses')?.body)).toContain(workspace);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('gives a Forge thread its history back after Forge restarts, in a fresh Codex thread', async () => {
    const first = create();
    const before = await collect(first.runTurn({ threadId: 'chat-1', input: { text: 'draw a red lighthouse' }, mode: 'agent' }));
    await first.close();
    fake.clearRequests();
    const second = create();
    const history = [
      { role: 'user' as const, text: 'draw a red lighthouse' },
      { role: 'assistant' as const, text: 'Here is the lighthouse.\n[Image: a red lighthouse, saved as .forge/generated/20261123-195130-042.png]' },
    ];
    const after = await collect(second.runTurn({ threadId: 'chat-1', input: { text: 'make it blue' }, mode: 'agent', history }));
    expect(after.at(-1)).toMatchObject({ type: 'turn-completed' });
    expect(after[0]).not.toMatchObject({ backendThreadId: before[0]?.type === 'turn-started' ? before[0].backendThreadId : 'missing' });
    // The model sees the earlier exchange, then the new request, as plain messages.
    const input = JSON.stringify((fake.requests.find((request) => request.path === '/v1/responses')?.body as { input: unknown }).input);
    const order = ['draw a red lighthouse', 'Here is the lighthouse.', 'saved as .forge/generated/20261123-195130-042.png', 'make it blue'].map((text) => input.indexOf(text));
    expect(order.every((position) => position >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('ends a turn on a hung model as timeout under the stall watchdog, and the thread still works', { timeout: 120_000 }, async () => {
    const codex = create();
    fake.setScenario((request) => (request.path === '/v1/responses' ? 'hang' : 'ok'));
    const startedAt = Date.now();
    const hung = await collect(runTurnWithStallTimeout(codex, { threadId: 'chat-1', input: { text: 'draw a cat' }, mode: 'agent' }, { stallTimeoutMs: 1_500 }));
    expect(hung.at(-1)).toMatchObject({ type: 'turn-failed', error: { code: 'timeout', message: expect.stringContaining('stopped answering for 2 seconds') as unknown } });
    // Ended by the watchdog, not by Codex's own five-minute idle timeout.
    expect(Date.now() - startedAt).toBeLessThan(60_000);
    fake.setScenario('ok');
    const next = await collect(runTurnWithStallTimeout(codex, { threadId: 'chat-1', input: { text: 'draw a dog' }, mode: 'agent' }, { stallTimeoutMs: 30_000 }));
    expect(kinds(next)).toContain('image:completed');
    expect(next.at(-1)).toMatchObject({ type: 'turn-completed' });
  });

  it('keeps CODEX_HOME small: 20 images grow it by less than 1 MB and leave no image bytes behind', { timeout: 400_000 }, async () => {
    const codex = create();
    const codexHome = path.join(home, 'codex-home');
    // What Codex writes when it starts (its databases, config) is not the images' doing.
    await codex.account();
    const sizeBefore = folderSize(codexHome);
    let images = 0;
    for (let turn = 0; turn < 20; turn += 1) {
      const events = await collect(codex.runTurn({ threadId: turn < 10 ? 'chat-1' : 'chat-2', input: { text: `draw lighthouse number ${turn}` }, mode: 'agent' }));
      for (const event of events) {
        if (event.type !== 'image' || event.event.type !== 'completed') continue;
        images += 1;
        // As Forge does once its own copy is saved.
        await codex.releaseImage(event.callId);
      }
    }
    expect(images).toBe(20);
    const grown = folderSize(codexHome) - sizeBefore;
    console.info(`CODEX_HOME grew by ${(grown / 1024).toFixed(1)} KiB for 20 images`);
    expect(grown).toBeLessThan(1_000_000);
    // No copy of any picture anywhere: not in a session log, not in a thread-history database.
    const pngBase64 = 'iVBORw0KGgo';
    const holders = filesUnder(codexHome).filter((file) => {
      try {
        return readFileSync(file).toString('latin1').includes(pngBase64);
      } catch (error) {
        if (vanished(error)) return false;
        throw error;
      }
    });
    expect(holders).toEqual([]);
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
