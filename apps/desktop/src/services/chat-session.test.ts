import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AgentError, createOfflineBackend } from '@forge/agent';
import type { AgentBackend, AgentTurnEvent, RunTurnOptions, WatchdogClock } from '@forge/agent';
import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import { drawOfflinePicture } from '@forge/image-gen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessageData, ChatPart } from '../contract/index.ts';
import { ChatSession } from './chat-session.ts';
import { createLogger } from './logger.ts';

const silent = createLogger({ write: () => undefined });

/** A backend that plays a fixed script of events and records what it was asked. */
function scriptedBackend(script: (options: RunTurnOptions) => AgentTurnEvent[]): AgentBackend & { inputs: string[] } {
  const inputs: string[] = [];
  return {
    specificationVersion: 'v1',
    id: 'offline',
    inputs,
    async *runTurn(options) {
      inputs.push(options.input.text);
      for (const event of script(options)) {
        await Promise.resolve();
        yield event;
      }
    },
    account: () => Promise.resolve({ backend: 'offline', signedIn: false, defaultImageModel: 'test', imageModels: ['test'], imageModelSelectable: false }),
  };
}

function partsOf(message: ChatMessageData | undefined, type: ChatPart['type']): ChatPart[] {
  return message?.parts.filter((part) => part.type === type) ?? [];
}

describe('ChatSession', () => {
  let projectDir: string;
  let store: AssetStore;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-session-'));
    // The store's cache (thumbnails, the listing index) inside the test's folder, never the user's.
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir: join(projectDir, 'cache') });
  });

  afterEach(async () => {
    await store.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  function session(backend: AgentBackend): ChatSession {
    return new ChatSession({ backend: () => backend, store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent });
  }

  it('makes the inline thumbnails as soon as the image is saved, before the page asks for them', async () => {
    const chat = new ChatSession({ backend: () => createOfflineBackend(), store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent, thumbnailHeights: [192, 384] });
    await chat.send('Draw a lighthouse at dusk').done;
    const cache = join(projectDir, 'cache');
    const thumbnails = async () => (await readdir(cache, { recursive: true })).filter((name) => name.endsWith('.webp'));
    await expect.poll(async () => (await thumbnails()).length, { timeout: 20_000 }).toBe(2);
    // Without heights (a host that shows the full image), none is made.
    await rm(cache, { recursive: true, force: true });
    await mkdir(cache);
    await session(createOfflineBackend()).send('Draw a harbour at night').done;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await thumbnails()).toEqual([]);
  });

  it('saves the generated image, shows it inline and proposes one ASSETS.md entry that Approve writes', async () => {
    const chat = session(createOfflineBackend());
    const { messageId, done } = chat.send('Draw a lighthouse at dusk');
    await done;
    const message = chat.transcript().find((candidate) => candidate.id === messageId);
    const [image] = partsOf(message, 'image');
    expect(image).toMatchObject({ status: 'completed', prompt: 'A lighthouse at dusk', width: 1536, height: 1024, offlinePreview: true });
    if (image?.type !== 'image' || image.status !== 'completed') throw new Error('no image');
    expect(image.url).toBe(`/files/${image.relativePath}`);
    expect(await readdir(join(projectDir, '.forge', 'generated'))).toEqual([image.relativePath.split('/').at(-1)]);
    // The offline concept art's icon needs attribution (CC BY): the saved file carries it.
    expect((await store.get(image.relativePath)).provenance.credit).toBe('Silhouette "lighthouse" by Delapouite from Game Icons (https://game-icons.net), CC BY 3.0');

    const proposals = partsOf(message, 'proposal');
    expect(proposals).toHaveLength(1);
    const proposal = proposals[0];
    if (proposal?.type !== 'proposal') throw new Error('no proposal');
    expect(proposal).toMatchObject({ file: '.forge/ASSETS.md', operation: 'append', status: 'pending' });

    const approved = await chat.approve(proposal.id);
    expect(partsOf(approved, 'proposal')[0]).toMatchObject({ status: 'approved' });
    const assets = await readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8');
    expect(assets).toContain(image.relativePath.replace(/^\.forge\//, ''));
    expect(assets).toContain('A lighthouse at dusk');
    expect(assets).toContain('Model: forge-offline-1');

    await chat.approve(proposal.id);
    expect(await readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8')).toBe(assets);
  });

  it('finishes a turn in flight on the backend it started on, and starts the next on the one current then', async () => {
    const bytes = drawOfflinePicture('gear', 64, 64);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const released: string[] = [];
    const first: AgentBackend = {
      ...scriptedBackend(() => []),
      id: 'codex',
      async *runTurn() {
        yield { type: 'image', callId: 'c1', event: { type: 'started', model: 'gpt-image-2', prompt: 'a gear' } };
        await held;
        yield { type: 'image', callId: 'c1', event: { type: 'completed', bytes, mediaType: 'image/png', width: 64, height: 64, model: 'gpt-image-2', warnings: [] } };
        yield { type: 'turn-completed', text: '' };
      },
      releaseImage: (callId) => {
        released.push(`codex:${callId}`);
        return Promise.resolve();
      },
    };
    const second = scriptedBackend(() => [{ type: 'text-delta', text: 'from the new backend' }, { type: 'turn-completed', text: '' }]);
    let currentBackend: AgentBackend = first;
    const chat = new ChatSession({ backend: () => currentBackend, store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent });
    const turn = chat.send('a gear');
    // The account changes while the first turn draws.
    currentBackend = second;
    release();
    await turn.done;
    const [image] = partsOf(chat.transcript().find((candidate) => candidate.id === turn.messageId), 'image');
    if (image?.type !== 'image' || image.status !== 'completed') throw new Error('the first turn did not finish its image');
    const saved = await store.list();
    expect(saved.map((asset) => asset.provenance.source)).toEqual(['forge-chat/codex']);
    expect(released).toEqual(['codex:c1']);

    const next = chat.send('hello');
    await next.done;
    expect(second.inputs).toEqual(['hello']);
    expect(chat.transcript().find((candidate) => candidate.id === next.messageId)?.parts).toEqual([{ type: 'text', text: 'from the new backend' }]);
  });

  it('keeps the memory writer’s lock and index in the store’s cache folder: .forge holds only what git should commit', async () => {
    const chat = session(createOfflineBackend());
    const { messageId, done } = chat.send('Draw a harbour at dawn');
    await done;
    const proposal = partsOf(chat.transcript().find((candidate) => candidate.id === messageId), 'proposal')[0];
    if (proposal?.type !== 'proposal') throw new Error('no proposal');
    expect(partsOf(await chat.approve(proposal.id), 'proposal')[0]).toMatchObject({ status: 'approved' });
    expect((await readdir(join(projectDir, '.forge'))).sort()).toEqual(['.gitattributes', 'ASSETS.md', 'generated']);
    expect((await readdir(join(store.cacheDir, 'memory'))).map((name) => name.replace(/^[0-9a-f]{32}/, '<hash>'))).toEqual(['<hash>.index']);
  });

  it('ignores an agent block that repeats the host entry in the same turn, and keeps a different one', async () => {
    const bytes = drawOfflinePicture('fox', 64, 64);
    let savedName = '';
    const backend: AgentBackend = {
      ...scriptedBackend(() => []),
      async *runTurn() {
        yield { type: 'image', callId: 'c', event: { type: 'started', model: 'm', prompt: 'a fox' } };
        yield { type: 'image', callId: 'c', event: { type: 'completed', bytes, mediaType: 'image/png', width: 64, height: 64, model: 'm', revisedPrompt: 'a red fox in snow', warnings: [] } };
        savedName = (await readdir(join(projectDir, '.forge', 'generated')))[0] ?? '';
        yield { type: 'memory-proposal', block: ['```forge-propose', 'file: ASSETS.md', '---', `- generated/${savedName}`, '```'].join('\n') };
        yield { type: 'memory-proposal', block: ['```forge-propose', 'file: STYLE.md', 'operation: append', '---', 'Foxes are orange.', '```'].join('\n') };
        yield { type: 'turn-completed', text: '' };
      },
    };
    const chat = session(backend);
    const { messageId, done } = chat.send('a fox');
    await done;
    const proposals = partsOf(chat.transcript().find((candidate) => candidate.id === messageId), 'proposal');
    expect(proposals.map((part) => part.type === 'proposal' && part.file)).toEqual(['.forge/ASSETS.md', 'STYLE.md']);
    const image = partsOf(chat.transcript().find((candidate) => candidate.id === messageId), 'image')[0];
    expect(image).toMatchObject({ status: 'completed', prompt: 'a fox', revisedPrompt: 'a red fox in snow' });
    expect(savedName).not.toBe('');
  });

  it('shows "Reconnecting…" on the message while the backend reconnects, and drops it once it is back', async () => {
    const backend = scriptedBackend(() => [
      { type: 'text-delta', text: 'Drawing' },
      { type: 'reconnecting', attempt: 1, maxAttempts: 5 },
      { type: 'reconnecting', attempt: 2, maxAttempts: 5 },
      { type: 'text-delta', text: ' it now.' },
      { type: 'reconnecting' },
      { type: 'turn-completed', text: 'Drawing it now.' },
    ]);
    const chat = session(backend);
    const shown: (string | undefined)[] = [];
    chat.subscribe((event) => {
      if (event.type === 'message' && event.message.role === 'assistant') shown.push(event.message.status);
    });
    const { messageId, done } = chat.send('a lighthouse');
    await done;
    expect(shown.filter((status, index) => index === 0 || status !== shown[index - 1])).toEqual([
      undefined,
      'Connection lost. Reconnecting… (attempt 1 of 5)',
      'Connection lost. Reconnecting… (attempt 2 of 5)',
      undefined,
      'Connection lost. Reconnecting…',
      undefined,
    ]);
    expect(chat.transcript().find((message) => message.id === messageId)).not.toHaveProperty('status');
  });

  it('sends a finished image\'s 1× thumbnail with the message that finishes it, once, so the page need not ask for it', async () => {
    // The first of the heights asked for is the one sent (the app's are 192 and 384). Waited for as
    // long as it takes here: on a busy machine making it can take longer than the app's 100 ms.
    const chat = new ChatSession({ backend: () => createOfflineBackend(), store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent, thumbnailHeights: [150, 300], drawnThumbnailWaitMs: 20_000 });
    const events: { message: ChatMessageData; drawn?: { partId: string; webp: string } }[] = [];
    chat.subscribe((event) => {
      if (event.type === 'message') events.push(event);
    });
    await chat.send('Draw a lighthouse at dusk').done;
    const withDrawn = events.filter((event) => event.drawn !== undefined);
    expect(withDrawn).toHaveLength(1);
    const [{ message, drawn }] = withDrawn as [{ message: ChatMessageData; drawn: { partId: string; webp: string } }];
    const image = message.parts.find((part) => part.type === 'image');
    if (image?.type !== 'image' || image.status !== 'completed') throw new Error('the event that carries the thumbnail has the finished image');
    expect(drawn.partId).toBe(image.id);
    // The store's own 150-px thumbnail, byte for byte.
    const thumbnail = await store.thumbnail(image.relativePath, { height: 150 });
    expect(Buffer.from(drawn.webp, 'base64').equals(Buffer.from(thumbnail.bytes))).toBe(true);
    expect(thumbnail.height).toBe(150);
    // Never kept with the message.
    expect(JSON.stringify(chat.transcript())).not.toContain(drawn.webp.slice(0, 40));
    // A host that shows full images (no thumbnail heights) sends none.
    const plain = session(createOfflineBackend());
    const plainEvents: unknown[] = [];
    plain.subscribe((event) => plainEvents.push(event));
    await plain.send('Draw a harbour at night').done;
    expect(plainEvents.some((event) => 'drawn' in (event as object))).toBe(false);
  }, 30_000);

  it('finishes the image without its thumbnail when the thumbnail fails or is slow to come (the page then asks for it)', async () => {
    const warnings: string[] = [];
    const logger = createLogger({ write: (line) => warnings.push(line) });
    const finishedWith = async (thumbnail: AssetStore['thumbnail']) => {
      const chat = new ChatSession({ backend: () => createOfflineBackend(), store: { ...store, thumbnail }, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger, thumbnailHeights: [192, 384] });
      const events: { message: ChatMessageData; drawn?: unknown }[] = [];
      chat.subscribe((event) => {
        if (event.type === 'message') events.push(event);
      });
      await chat.send('Draw a lighthouse at dusk').done;
      const finished = events.find((event) => event.message.parts.some((part) => part.type === 'image' && part.status === 'completed'));
      return { finished, drawn: events.filter((event) => event.drawn !== undefined) };
    };
    const failed = await finishedWith(() => Promise.reject(new Error('the WebP encoder is missing')));
    expect(failed.finished).toBeDefined();
    expect(failed.drawn).toEqual([]);
    expect(warnings.join('\n')).toMatch(/inline thumbnail could not be made.*WebP encoder is missing/s);
    // One that never comes: the message goes without it (after 100 ms).
    const started = performance.now();
    const warned = warnings.length;
    const slow = await finishedWith(() => new Promise(() => undefined));
    expect(slow.finished).toBeDefined();
    expect(slow.drawn).toEqual([]);
    // Slow is not a failure: nothing to warn about.
    expect(warnings.slice(warned).join('\n')).not.toMatch(/inline thumbnail/);
    expect(performance.now() - started).toBeLessThan(15_000);
    // One too large to send along (an odd, very wide picture) is asked for instead.
    const large = await finishedWith(async (relativePath, options) => ({ ...(await store.thumbnail(relativePath, options)), bytes: new Uint8Array(129 * 1024) }));
    expect(large.finished).toBeDefined();
    expect(large.drawn).toEqual([]);
  }, 60_000);

  it('sends a reply streamed word by word to the page a few times, not once per word, and never holds its words back for long', async () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${String(index)} `);
    let resume: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const backend: AgentBackend = {
      ...scriptedBackend(() => []),
      async *runTurn() {
        // The model takes a moment before its first word (the reply's bubble is shown meanwhile).
        await new Promise((resolve) => setTimeout(resolve, 80));
        for (const text of words) {
          await Promise.resolve();
          yield { type: 'text-delta', text };
        }
        // The model thinks a while before its next words: what it wrote is on screen meanwhile.
        await paused;
        yield { type: 'text-delta', text: 'done.' };
        yield { type: 'turn-completed', text: '' };
      },
    };
    const chat = session(backend);
    const shown: string[] = [];
    chat.subscribe((event) => {
      if (event.type === 'message' && event.message.role === 'assistant') shown.push(event.message.parts.map((part) => (part.type === 'text' ? part.text : '')).join(''));
    });
    const { done } = chat.send('tell me a story');
    // The first word at once; the rest together once the interval (50 ms) has passed.
    await expect.poll(() => shown.at(-1), { timeout: 5_000 }).toBe(words.join(''));
    expect(shown.slice(0, 2)).toEqual(['', words[0]]);
    expect(shown.length).toBeLessThanOrEqual(4);
    resume();
    await done;
    expect(shown.at(-1)).toBe(`${words.join('')}done.`);
  });

  it('turns a failed save into a clear error that names the folder, and leaves no proposal', async () => {
    await rm(join(projectDir, '.forge', 'generated'), { recursive: true, force: true });
    await mkdir(join(projectDir, '.forge'), { recursive: true });
    await writeFile(join(projectDir, '.forge', 'generated'), 'not a folder');
    const chat = session(createOfflineBackend());
    const { messageId, done } = chat.send('draw a cat');
    await done;
    const message = chat.transcript().find((candidate) => candidate.id === messageId);
    const [image] = partsOf(message, 'image');
    expect(image).toMatchObject({ status: 'failed', error: { code: 'save_failed' } });
    if (image?.type !== 'image' || image.status !== 'failed') throw new Error('expected a failure');
    expect(image.error.message).toContain('.forge');
    expect(partsOf(message, 'proposal')).toHaveLength(0);
  });

  it('cancels an image in flight: the part says cancelled and nothing is saved', async () => {
    const chat = session(createOfflineBackend({ imageDelayMs: 2_000 }));
    const { messageId, done } = chat.send('draw a slow cat');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const generating = partsOf(chat.transcript().find((candidate) => candidate.id === messageId), 'image')[0];
    expect(generating).toMatchObject({ status: 'generating' });
    if (generating?.type !== 'image') throw new Error('no image part');
    expect(chat.cancelImage(generating.id)).toBe(true);
    await done;
    const message = chat.transcript().find((candidate) => candidate.id === messageId);
    expect(partsOf(message, 'image')[0]).toMatchObject({ status: 'cancelled' });
    expect(partsOf(message, 'error')).toHaveLength(0);
    expect(await readdir(join(projectDir, '.forge', 'generated')).catch(() => [])).toEqual([]);
  });

  it('tells the agent about a rejected proposal on the next turn, and writes nothing', async () => {
    const backend = scriptedBackend((options) =>
      options.input.text.endsWith('remember foxes')
        ? [{ type: 'memory-proposal', block: '```forge-propose\nfile: NOTES.md\n---\nfoxes\n```' }, { type: 'turn-completed', text: '' }]
        : [{ type: 'turn-completed', text: '' }],
    );
    const chat = session(backend);
    const first = chat.send('remember foxes');
    await first.done;
    const proposal = partsOf(chat.transcript().find((candidate) => candidate.id === first.messageId), 'proposal')[0];
    if (proposal?.type !== 'proposal') throw new Error('no proposal');
    expect(chat.reject(proposal.id).parts.find((part) => part.type === 'proposal')).toMatchObject({ status: 'rejected' });
    await chat.send('next').done;
    expect(backend.inputs[1]).toContain('rejected your proposed append to NOTES.md');
    await expect(readFile(join(projectDir, '.forge', 'NOTES.md'), 'utf8')).rejects.toThrow();
  });

  it('refuses a second message while a turn runs, with a message a person can act on', async () => {
    const chat = session(createOfflineBackend({ imageDelayMs: 300 }));
    const first = chat.send('draw a boat');
    expect(() => chat.send('and a plane')).toThrow(/still answering/);
    await first.done;
  });

  describe('turns that always end', () => {
    /** A backend that says something, then waits for the test (or for its signal, when it listens). */
    function waitingBackend(options: { listens: boolean; before?: AgentTurnEvent[] }) {
      const turns: RunTurnOptions[] = [];
      let release: () => void = () => undefined;
      const backend: AgentBackend = {
        ...scriptedBackend(() => []),
        async *runTurn(turn) {
          turns.push(turn);
          yield { type: 'turn-started', threadId: turn.threadId, turnId: `turn-${turns.length}` };
          for (const event of options.before ?? []) yield event;
          await new Promise<void>((resolve) => {
            release = resolve;
            if (!options.listens) return;
            if (turn.abortSignal?.aborted === true) resolve();
            turn.abortSignal?.addEventListener('abort', () => resolve());
          });
          if (turn.abortSignal?.aborted === true) {
            yield { type: 'turn-failed', error: new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' }) };
            return;
          }
          yield { type: 'text-delta', text: 'Done.' };
          yield { type: 'turn-completed', text: 'Done.' };
        },
      };
      return { backend, turns, release: () => release() };
    }

    /** A clock whose timers the test fires by hand. */
    function handClock(): WatchdogClock & { fireAll(): void } {
      const timers = new Map<number, () => void>();
      let next = 0;
      let now = 0;
      return {
        now: () => now,
        setTimeout(callback) {
          next += 1;
          timers.set(next, callback);
          return next;
        },
        clearTimeout: (handle) => void timers.delete(handle as number),
        fireAll() {
          now += 86_400_000;
          for (const [id, callback] of [...timers]) {
            timers.delete(id);
            callback();
          }
        },
      };
    }

    const messageOf = (chat: ChatSession, id: string) => chat.transcript().find((message) => message.id === id);
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('Stop keeps the text written so far and marks the reply Stopped; never an empty bubble', async () => {
      const { backend } = waitingBackend({ listens: true, before: [{ type: 'text-delta', text: 'Sketching the hull' }] });
      const chat = session(backend);
      const { messageId, done } = chat.send('draw an airship');
      await settle();
      expect(messageOf(chat, messageId)).toMatchObject({ pending: true, startedAt: expect.any(Number) as unknown });
      expect(chat.cancelTurn()).toBe(true);
      await done;
      const message = messageOf(chat, messageId);
      expect(message).toMatchObject({ ending: 'stopped', parts: [{ type: 'text', text: 'Sketching the hull' }] });
      expect(message).not.toHaveProperty('pending', true);
      expect(message).not.toHaveProperty('startedAt');

      // Stopped before a word: the reply still says Stopped.
      const empty = session(waitingBackend({ listens: true }).backend);
      const second = empty.send('draw a kite');
      await settle();
      empty.cancelTurn();
      await second.done;
      expect(messageOf(empty, second.messageId)).toMatchObject({ ending: 'stopped', parts: [] });
    });

    it('a reply cut off by Forge closing says Interrupted, not Stopped', async () => {
      const { backend } = waitingBackend({ listens: true, before: [{ type: 'text-delta', text: 'Half a sentence' }] });
      const chat = session(backend);
      const { messageId } = chat.send('draw a mill');
      await settle();
      await chat.close();
      expect(messageOf(chat, messageId)).toMatchObject({ ending: 'interrupted', parts: [{ type: 'text', text: 'Half a sentence' }] });
    });

    it('cancelling the image in flight stops the turn too: the reply says Stopped', async () => {
      const chat = session(createOfflineBackend({ imageDelayMs: 5_000 }));
      const { messageId, done } = chat.send('draw a slow heron');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const image = partsOf(messageOf(chat, messageId), 'image')[0];
      if (image?.type !== 'image') throw new Error('no image part');
      chat.cancelImage(image.id);
      await done;
      expect(messageOf(chat, messageId)).toMatchObject({ ending: 'stopped', parts: [{ type: 'text' }, { type: 'image', status: 'cancelled' }] });
    });

    it('a backend that goes silent fails the turn as timeout, and the session is free again', async () => {
      const clock = handClock();
      const { backend, turns } = waitingBackend({ listens: false, before: [{ type: 'text-delta', text: 'Thinking about it' }] });
      const chat = new ChatSession({ backend: () => backend, store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent, stallTimeoutMs: () => 120_000, watchdogClock: clock });
      const { messageId, done } = chat.send('draw a lighthouse');
      await settle();
      clock.fireAll(); // two minutes of silence
      await settle();
      clock.fireAll(); // the backend never winds down: given up on
      await done;
      const message = messageOf(chat, messageId);
      expect(message?.parts).toEqual([
        { type: 'text', text: 'Thinking about it' },
        { type: 'error', error: { code: 'timeout', retryable: true, message: 'The model stopped answering for 2 minutes, so Forge ended the turn. Retry, or check the connection.' } },
      ]);
      expect(message).not.toHaveProperty('ending');
      expect(chat.busy).toBe(false);
      expect(turns[0]?.abortSignal?.aborted).toBe(true);
    });

    it('Retry sends the same request again as a new reply after the failed one, with the conversation as history', async () => {
      let fail = true;
      const backend = scriptedBackend((turn) =>
        fail ? [{ type: 'turn-failed', error: new AgentError({ code: 'server', message: 'OpenAI had a problem (HTTP 500); try again.' }) }] : [{ type: 'text-delta', text: `Answer to ${turn.input.text}` }, { type: 'turn-completed', text: '' }],
      );
      const chat = session(backend);
      const first = chat.send('draw a fox');
      await first.done;
      expect(partsOf(messageOf(chat, first.messageId), 'error')).toMatchObject([{ error: { code: 'server', retryable: true } }]);
      fail = false;
      const retry = chat.retryTurn(first.messageId);
      await retry.done;
      expect(chat.transcript().map((message) => message.role)).toEqual(['user', 'assistant', 'assistant']);
      expect(messageOf(chat, retry.messageId)?.parts).toEqual([{ type: 'text', text: 'Answer to draw a fox' }]);
      expect(backend.inputs).toEqual(['draw a fox', 'draw a fox']);

      // Retrying an older reply repeats its request first, so the new reply reads right.
      await chat.send('and a badger').done;
      const again = chat.retryTurn(first.messageId);
      await again.done;
      expect(chat.transcript().slice(-2).map((message) => [message.role, message.parts[0]?.type === 'text' ? message.parts[0].text : ''])).toEqual([
        ['user', 'draw a fox'],
        ['assistant', 'Answer to draw a fox'],
      ]);
    });

    it('refuses to retry what cannot be retried, with messages a person can act on', async () => {
      const chat = session(scriptedBackend(() => [{ type: 'turn-completed', text: '' }]));
      const { messageId, done } = chat.send('hello');
      await done;
      const user = chat.transcript()[0];
      expect(() => chat.retryTurn('no-such-message')).toThrow(expect.objectContaining({ code: 'not_found' }) as Error);
      expect(() => chat.retryTurn(user?.id ?? '')).toThrow(expect.objectContaining({ code: 'invalid_input' }) as Error);
      expect(() => chat.regenerateImage('no-such-image')).toThrow(expect.objectContaining({ code: 'not_found' }) as Error);
      const slow = session(waitingBackend({ listens: true }).backend);
      const pending = slow.send('draw');
      expect(() => slow.retryTurn(pending.messageId)).toThrow(/still answering/);
      slow.cancelTurn();
      await pending.done;
      expect(messageId).toBeTruthy();
    });

    it('Regenerate draws the image again as a new file and keeps the old one', async () => {
      const chat = session(createOfflineBackend({ imageDelayMs: 0 }));
      const first = chat.send('Draw a lighthouse at dusk');
      await first.done;
      const image = partsOf(messageOf(chat, first.messageId), 'image')[0];
      if (image?.type !== 'image' || image.status !== 'completed') throw new Error('no image');
      const again = chat.regenerateImage(image.id);
      await again.done;
      const second = partsOf(messageOf(chat, again.messageId), 'image')[0];
      if (second?.type !== 'image' || second.status !== 'completed') throw new Error('no second image');
      expect(second.relativePath).not.toBe(image.relativePath);
      expect((await readdir(join(projectDir, '.forge', 'generated'))).sort()).toEqual([image.relativePath, second.relativePath].map((path) => path.split('/').at(-1)).sort());
    });

    it('gives the backend the conversation so far', async () => {
      const backend = scriptedBackend(() => [{ type: 'text-delta', text: 'Here it is.' }, { type: 'turn-completed', text: '' }]);
      const histories: unknown[] = [];
      const recording: AgentBackend = {
        ...backend,
        runTurn(turn) {
          histories.push(turn.history);
          return backend.runTurn(turn);
        },
      };
      const chat = session(recording);
      await chat.send('draw a fox').done;
      await chat.send('make it red').done;
      expect(histories).toEqual([
        [],
        [
          { role: 'user', text: 'draw a fox' },
          { role: 'assistant', text: 'Here it is.' },
        ],
      ]);
    });
  });

  describe('kept in a thread (the conversations database)', () => {
    /** A recorder that notes every call in order. */
    function notingRecorder() {
      const calls: string[] = [];
      return {
        calls,
        recorder: {
          saveMessage: (message: ChatMessageData) => calls.push(`message ${message.role} ${message.pending === true ? 'pending' : 'done'} ${message.parts.map((part) => part.type).join(',')}`),
          saveProposal: (_id: string, messageId: string) => calls.push(`proposal of ${messageId === '' ? '?' : 'its message'}`),
          saveBackendThread: (backend: string, id: string) => calls.push(`backend ${backend} ${id}`),
          flush: () => calls.push('flush'),
        },
      };
    }

    it('keeps every state of every message, a proposal before the card that offers it, and the backend’s thread id', async () => {
      const { calls, recorder } = notingRecorder();
      const backend = scriptedBackend((options) => [
        { type: 'turn-started', threadId: options.threadId, turnId: 't', backendThreadId: 'codex-1' },
        { type: 'memory-proposal', block: '```forge-propose\nfile: NOTES.md\n---\nfoxes\n```' },
        { type: 'turn-completed', text: '' },
      ]);
      const chat = new ChatSession({ backend: () => backend, store, assetUrl: (path) => path, memoryFileLabel: '.forge/ASSETS.md', logger: silent, threadId: 'thread-7', recorder });
      expect(chat.threadId).toBe('thread-7');
      await chat.send('remember foxes').done;
      await chat.close();
      expect(calls).toEqual([
        'message user done text',
        'message assistant pending ',
        'backend offline codex-1',
        'proposal of its message',
        'message assistant pending proposal',
        'message assistant done proposal',
        'flush',
      ]);
    });

    it('shows each state of a message before keeping it, its image’s proposal too (the page never waits for the database)', async () => {
      const { calls, recorder } = notingRecorder();
      const chat = new ChatSession({ backend: () => createOfflineBackend(), store, assetUrl: (path) => path, memoryFileLabel: '.forge/ASSETS.md', logger: silent, recorder });
      chat.subscribe((event) => {
        if (event.type === 'message') calls.push(`shown ${event.message.role} ${event.message.pending === true ? 'pending' : 'done'} ${event.message.parts.map((part) => part.type).join(',')}`);
      });
      await chat.send('Draw a lighthouse at dusk').done;
      // The image's ASSETS.md proposal: its card shown, then what approving it needs kept, then the message.
      const proposalKept = calls.indexOf('proposal of its message');
      expect(calls[proposalKept - 1]).toMatch(/^shown assistant pending .*image,proposal/);
      expect(calls[proposalKept + 1]).toMatch(/^message assistant pending .*image,proposal/);
      const kept = calls.filter((call) => call.startsWith('message '));
      expect(kept.length).toBeGreaterThan(2);
      for (const call of kept) {
        const shownAt = calls.indexOf(call.replace(/^message /, 'shown '));
        expect(shownAt, call).toBeGreaterThanOrEqual(0);
        expect(shownAt, call).toBeLessThan(calls.indexOf(call));
      }
    });

    it('opens with the kept messages and approves a kept proposal; gives the backend the history and the folder', async () => {
      const seen: RunTurnOptions[] = [];
      const backend = scriptedBackend((options) => {
        seen.push(options);
        return [{ type: 'turn-completed', text: '' }];
      });
      const kept: ChatMessageData[] = [
        { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'remember foxes' }] },
        {
          id: 'a1',
          role: 'assistant',
          pending: false,
          parts: [
            { type: 'text', text: 'Noted.' },
            { type: 'image', id: 'i1', status: 'completed', prompt: 'a fox', url: 'x', width: 1, height: 1, mediaType: 'image/png', relativePath: '.forge/generated/fox.png', model: 'm', createdAt: 'now' },
            { type: 'proposal', id: 'p1', file: 'NOTES.md', operation: 'append', body: 'foxes', status: 'pending' },
          ],
        },
      ];
      const chat = new ChatSession({
        backend: () => backend,
        store,
        assetUrl: (path) => path,
        memoryFileLabel: '.forge/ASSETS.md',
        logger: silent,
        threadId: 'thread-7',
        cwd: projectDir,
        restored: { messages: kept, proposals: new Map([['p1', { messageId: 'a1', proposal: { file: 'NOTES.md', operation: 'append', body: 'foxes' } }]]), backendThreads: { offline: 'kept-thread' } },
      });
      expect(chat.transcript()).toEqual(kept);
      const approved = await chat.approve('p1');
      expect(partsOf(approved, 'proposal')[0]).toMatchObject({ status: 'approved' });
      expect(await readFile(join(projectDir, '.forge', 'NOTES.md'), 'utf8')).toContain('foxes');
      await chat.send('and owls').done;
      expect(seen[0]).toMatchObject({
        threadId: 'thread-7',
        cwd: projectDir,
        history: [
          { role: 'user', text: 'remember foxes' },
          { role: 'assistant', text: 'Noted.\n[Image: a fox — saved as .forge/generated/fox.png]' },
        ],
      });
    });
  });
});
