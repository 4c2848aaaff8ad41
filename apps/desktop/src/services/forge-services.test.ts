import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend, RunTurnOptions } from '@forge/agent';
import { createOfflineImageModel } from '@forge/image-gen';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';

import { createForgeServices } from './forge-services.ts';
import type { ForgeServices } from './forge-services.ts';
import { createLogger } from './logger.ts';
import { openSettingsFile } from './settings-file.ts';
import type { SettingsFile } from './settings-file.ts';

const logger = createLogger({ write: () => undefined });

describe('Forge services in Open mode', () => {
  let homeDir: string;
  let workingDir: string;

  beforeEach(async () => {
    homeDir = await mkdtemp(join(tmpdir(), 'forge-home-'));
    workingDir = await mkdtemp(join(tmpdir(), 'forge-cwd-'));
  });

  afterEach(async () => {
    await rm(homeDir, { recursive: true, force: true });
    await rm(workingDir, { recursive: true, force: true });
  });

  it('saves to ~/.forge/scratchpad/generated, logs to the scratchpad ASSETS.md, and touches nothing else', async () => {
    const services = await createForgeServices({ workspace: { mode: 'open', homeDir }, backend: createOfflineBackend(), assetUrl: (path) => `/files/${path}`, logger });
    try {
      const state = await services.call('getState', {});
      expect(state).toMatchObject({ mode: 'open', memoryFile: '~/.forge/scratchpad/ASSETS.md', folder: join(homeDir, '.forge', 'scratchpad') });
      await services.call('sendMessage', { text: 'draw a map of the harbour' });
      let proposalId: string | undefined;
      for (let attempt = 0; attempt < 100 && proposalId === undefined; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const parts = (await services.call('getState', {})).messages.flatMap((message) => message.parts);
        proposalId = parts.find((part) => part.type === 'proposal')?.id;
      }
      if (proposalId === undefined) throw new Error('no proposal appeared');
      const { message } = await services.call('approveProposal', { proposalId });
      const image = message.parts.find((part) => part.type === 'image');
      expect(image).toMatchObject({ status: 'completed' });
      if (image?.type !== 'image' || image.status !== 'completed') throw new Error('no image');
      expect(image.relativePath).toMatch(/^generated\/\d{8}-\d{6}-\d{3}\.png$/);
      expect(await readdir(join(homeDir, '.forge', 'scratchpad', 'generated'))).toEqual([image.relativePath.slice('generated/'.length)]);
      expect(await readFile(join(homeDir, '.forge', 'scratchpad', 'ASSETS.md'), 'utf8')).toContain(image.relativePath);
      expect(await readdir(workingDir)).toEqual([]);
      expect(await readdir(join(homeDir, '.forge'))).toEqual(['scratchpad']);
    } finally {
      await services.close();
    }
  });
});

describe('Settings → Account → Image model', () => {
  let projectDir: string;
  /** The store's cache, outside the project (which must stay empty) and never the user's. */
  let cacheDir: string;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-settings-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'forge-cache-'));
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('shows the fixed model and refuses another where the backend offers no choice', async () => {
    const services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: createOfflineBackend(), assetUrl: (path) => path, logger, cacheDir });
    try {
      expect((await services.call('getState', {})).account).toMatchObject({ imageModel: 'forge-offline-1', imageModelSelectable: false });
      await expect(services.callUntrusted('setImageModel', { model: 'gpt-image-1' })).rejects.toThrow(/draws with forge-offline-1/);
    } finally {
      await services.close();
    }
  });

  /** An API-key backend offering two models, recording the model each turn was asked to draw with. */
  function selectableBackend(seen: (string | undefined)[] = []): AgentBackend {
    return {
      specificationVersion: 'v1',
      id: 'openai',
      // eslint-disable-next-line @typescript-eslint/require-await -- a backend that answers at once
      async *runTurn(options: RunTurnOptions) {
        seen.push(options.imageModel?.modelId);
        yield { type: 'turn-completed', text: '' };
      },
      account: () => Promise.resolve({ backend: 'openai', signedIn: true, plan: 'api-key', defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-1.5', 'gpt-image-2'], imageModelSelectable: true }),
    };
  }

  /** Services on selectableBackend, building a model for each pick (recorded in `built`). */
  function launch(extra: { seen?: (string | undefined)[]; built?: string[]; lines?: string[]; settings?: SettingsFile } = {}): Promise<ForgeServices> {
    return createForgeServices({
      workspace: { mode: 'project', projectDir },
      cacheDir,
      backend: selectableBackend(extra.seen),
      assetUrl: (path) => path,
      logger: extra.lines === undefined ? logger : createLogger({ write: (line) => extra.lines?.push(line) }),
      imageModelFor: (modelId) => {
        extra.built?.push(modelId);
        return { ...createOfflineImageModel(), modelId };
      },
      ...(extra.settings === undefined ? {} : { settings: extra.settings }),
    });
  }

  /** Sends one message and waits until the backend has been asked to draw. */
  async function sendTurnAndWait(services: ForgeServices, seen: (string | undefined)[]): Promise<void> {
    await services.call('sendMessage', { text: 'draw a gear' });
    for (let attempt = 0; attempt < 50 && seen.length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  it('draws later turns with the picked model, and only with one the account lists', async () => {
    const seen: (string | undefined)[] = [];
    const built: string[] = [];
    const services = await launch({ seen, built });
    const events: string[] = [];
    const unsubscribe = services.subscribe((event) => events.push(event.type));
    try {
      await expect(services.callUntrusted('setImageModel', { model: 'dall-e-9' })).rejects.toThrow(/Pick one of: gpt-image-1.5, gpt-image-2/);
      const { account } = await services.call('setImageModel', { model: 'gpt-image-1.5' });
      expect(account.imageModel).toBe('gpt-image-1.5');
      expect(events).toContain('account');
      await sendTurnAndWait(services, seen);
      expect(seen).toEqual(['gpt-image-1.5']);
      expect(built).toEqual(['gpt-image-1.5']);
      expect((await services.call('getState', {})).account.imageModel).toBe('gpt-image-1.5');
    } finally {
      unsubscribe();
      await services.close();
    }
  });

  it('keeps the picked model across launches, and draws with it from the first turn', async () => {
    const configDir = await mkdtemp(join(tmpdir(), 'forge-config-'));
    onTestFinished(() => rm(configDir, { recursive: true, force: true }));
    const settingsPath = join(configDir, 'forge', 'settings.json');
    const first = await launch({ settings: openSettingsFile({ path: settingsPath, warn: () => undefined }) });
    await first.call('setImageModel', { model: 'gpt-image-1.5' });
    await first.close();

    const seen: (string | undefined)[] = [];
    const second = await launch({ seen, settings: openSettingsFile({ path: settingsPath, warn: () => undefined }) });
    try {
      expect((await second.call('getState', {})).account.imageModel).toBe('gpt-image-1.5');
      await sendTurnAndWait(second, seen);
      expect(seen).toEqual(['gpt-image-1.5']);
      // Nothing of it lands in the project.
      expect(await readdir(projectDir)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('falls back to the default, and says why, when the account no longer offers the kept model', async () => {
    const settings = openSettingsFile({ path: join(projectDir, 'settings.json'), warn: () => undefined });
    await settings.write({ imageModels: { openai: 'gpt-image-retired' } });
    const lines: string[] = [];
    const services = await launch({ lines, settings });
    try {
      expect((await services.call('getState', {})).account.imageModel).toBe('gpt-image-2');
      expect(lines.join('\n')).toMatch(/gpt-image-retired.*not available.*gpt-image-2/s);
    } finally {
      await services.close();
    }
  });

  it('still switches the model when the choice cannot be kept, and logs where it tried', async () => {
    const blocker = join(projectDir, 'blocker');
    await writeFile(blocker, 'a file where the settings folder should be');
    const lines: string[] = [];
    const services = await launch({ lines, settings: openSettingsFile({ path: join(blocker, 'settings.json'), warn: () => undefined }) });
    try {
      const { account } = await services.call('setImageModel', { model: 'gpt-image-1.5' });
      expect(account.imageModel).toBe('gpt-image-1.5');
      expect(lines.join('\n')).toContain(join(blocker, 'settings.json'));
    } finally {
      await services.close();
    }
  });
});

describe('turns that always end, through the contract', () => {
  let projectDir: string;
  let cacheDir: string;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-turns-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'forge-turns-cache-'));
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  /** Hangs on the first turn (until cancelled), answers the next ones. */
  function hangOnceBackend(): AgentBackend & { turns: number } {
    const backend = {
      specificationVersion: 'v1' as const,
      id: 'openai' as const,
      turns: 0,
      async *runTurn(turn: RunTurnOptions) {
        backend.turns += 1;
        yield { type: 'turn-started' as const, threadId: turn.threadId, turnId: String(backend.turns) };
        if (backend.turns === 1) {
          await new Promise((resolve) => turn.abortSignal?.addEventListener('abort', resolve));
          return;
        }
        yield { type: 'text-delta' as const, text: 'Here it is.' };
        yield { type: 'turn-completed' as const, text: 'Here it is.' };
      },
      account: () => Promise.resolve({ backend: 'openai' as const, signedIn: true, defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-2'], imageModelSelectable: false }),
    };
    return backend;
  }

  async function until<T>(read: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const value = await read();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('it never happened');
  }

  async function timedOutReply(services: ForgeServices): Promise<{ id: string; message: string }> {
    await services.call('sendMessage', { text: 'draw a lighthouse' });
    return until(async () => {
      const state = await services.call('getState', {});
      const reply = state.messages.find((message) => message.role === 'assistant' && message.pending !== true);
      const error = reply?.parts.find((part) => part.type === 'error');
      return reply !== undefined && error?.type === 'error' && !state.busy ? { id: reply.id, message: error.error.message } : undefined;
    });
  }

  it('fails a silent turn as timeout after the settings file\'s stall timeout, FORGE_STALL_TIMEOUT_MS winning; Retry answers', { timeout: 30_000 }, async () => {
    const settingsPath = join(cacheDir, 'settings.json');
    await writeFile(settingsPath, JSON.stringify({ imageModels: {}, stallTimeoutMs: 2_000 }));
    const settings = openSettingsFile({ path: settingsPath, warn: () => undefined });
    const fromFile = await createForgeServices({ workspace: { mode: 'project', projectDir }, cacheDir, backend: hangOnceBackend(), assetUrl: (path) => path, logger, settings });
    try {
      expect((await timedOutReply(fromFile)).message).toContain('stopped answering for 2 seconds');
    } finally {
      await fromFile.close();
    }

    const fromEnvironment = await createForgeServices({ workspace: { mode: 'project', projectDir }, cacheDir, backend: hangOnceBackend(), assetUrl: (path) => path, logger, settings, stallTimeoutMs: 300 });
    try {
      const failed = await timedOutReply(fromEnvironment);
      expect(failed.message).toContain('stopped answering for 1 second');
      const { messageId } = (await fromEnvironment.callUntrusted('retryTurn', { messageId: failed.id })) as { messageId: string };
      const retried = await until(async () => (await fromEnvironment.call('getState', {})).messages.find((message) => message.id === messageId && message.pending !== true));
      expect(retried.parts).toEqual([{ type: 'text', text: 'Here it is.' }]);
      const roles = (await fromEnvironment.call('getState', {})).messages.map((message) => message.role);
      expect(roles).toEqual(['user', 'assistant', 'assistant']);
    } finally {
      await fromEnvironment.close();
    }
  });

  it('answers a bad Retry or Regenerate with a code and a message, never a crash', async () => {
    const services = await createForgeServices({ workspace: { mode: 'project', projectDir }, cacheDir, backend: createOfflineBackend(), assetUrl: (path) => path, logger });
    try {
      expect(await services.respond('retryTurn', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await services.respond('retryTurn', { messageId: 'm', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(await services.respond('retryTurn', { messageId: 'gone' })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('no longer in this chat') as unknown } });
      expect(await services.respond('regenerateImage', { imageId: 'gone' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await services.respond('retryImage', { imageId: 'gone' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await services.close();
    }
  });
});

describe('Conversations through the contract', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'forge-contract-conversations-'));
    await mkdir(join(root, 'home'));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function launchIn(dataDir: string, workspace: { mode: 'project'; projectDir: string } | { mode: 'last' }): Promise<ForgeServices> {
    return createForgeServices({ workspace, home: join(root, 'home'), dataDir, cacheDir: join(root, 'cache'), backend: createOfflineBackend({ imageDelayMs: 0 }), assetUrl: (path) => `/files/${path}`, logger });
  }

  it('lists, opens, renames and deletes threads; getState carries the open thread and its messages', async () => {
    const projectDir = join(root, 'game');
    await mkdir(projectDir);
    const services = await launchIn(join(root, 'data'), { mode: 'project', projectDir });
    try {
      const { messageId } = await services.call('sendMessage', { text: 'hello there' });
      for (let attempt = 0; attempt < 100 && (await services.call('getState', {})).busy; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      const first = await services.call('getState', {});
      expect(first.messages.map((message) => message.id)).toContain(messageId);
      const [listed] = await services.call('listThreads', {});
      expect(listed).toEqual({ threadId: first.threadId, title: 'hello there', updatedAt: expect.any(String) as unknown, messageCount: 2 });
      expect(Object.keys(listed ?? {}).sort()).toEqual(['messageCount', 'threadId', 'title', 'updatedAt']);

      const { threadId } = await services.call('newThread', {});
      expect((await services.call('getState', {})).threadId).toBe(threadId);
      const opened = await services.call('openThread', { threadId: first.threadId });
      expect(opened).toMatchObject({ threadId: first.threadId, messages: first.messages });

      const title = `<script>alert(1)</script>\u0001${'x'.repeat(9_974)}`;
      expect(title).toHaveLength(10_000);
      expect(await services.callUntrusted('renameThread', { threadId: first.threadId, title })).toMatchObject({ thread: { title } });
      expect((await services.call('listThreads', {}))[0]?.title).toBe(title);
      await expect(services.callUntrusted('renameThread', { threadId: first.threadId, title: '   ' })).rejects.toThrow('Give the conversation a name.');
      await expect(services.callUntrusted('renameThread', { threadId: first.threadId })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(services.respond('openThread', { threadId: 'gone' })).resolves.toEqual({ ok: false, error: { code: 'not_found', message: 'That conversation is no longer there: it may have been deleted.' } });

      expect(await services.call('deleteThread', { threadId: first.threadId })).toEqual({ deleted: true });
      expect((await services.call('listThreads', {})).map((thread) => thread.threadId)).not.toContain(first.threadId);
    } finally {
      await services.close();
    }
  });

  it('switches workspaces by contract, refuses a relative or missing folder with a clear message, and reopens the last one', async () => {
    const projectDir = join(root, 'game');
    await mkdir(projectDir);
    const dataDir = join(root, 'data');
    const services = await launchIn(dataDir, { mode: 'last' });
    try {
      expect((await services.call('getState', {})).mode).toBe('open');
      await expect(services.respond('openWorkspace', { projectDir: 'game' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('full path') as unknown } });
      await expect(services.respond('openWorkspace', { projectDir: join(root, 'nope') })).resolves.toEqual({ ok: false, error: { code: 'folder_missing', message: `The folder ${join(root, 'nope')} does not exist.` } });
      await expect(services.respond('openWorkspace', { projectDir, mode: 'open' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      const state = await services.call('openWorkspace', { projectDir });
      expect(state).toMatchObject({ mode: 'project', folder: projectDir, storage: { state: 'saved', path: join(dataDir, 'forge.db') } });
      expect((await services.call('listWorkspaces', {})).map((workspace) => [workspace.mode, workspace.current])).toEqual([
        ['project', true],
        ['open', false],
      ]);
      // The asset store follows: files resolve in the project now.
      expect(services.store.root).toBe(join(projectDir, '.forge'));
    } finally {
      await services.close();
    }
    const again = await launchIn(dataDir, { mode: 'last' });
    try {
      expect((await again.call('getState', {})).folder).toBe(projectDir);
    } finally {
      await again.close();
    }
  });

  it('keeps nothing on disk without a data folder, and says it keeps them in memory', async () => {
    const services = await createForgeServices({ workspace: { mode: 'open', homeDir: join(root, 'home') }, cacheDir: join(root, 'cache'), backend: createOfflineBackend(), assetUrl: (path) => path, logger });
    try {
      expect((await services.call('getState', {})).storage).toEqual({ state: 'memory' });
      await expect(services.respond('startFreshDatabase', {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await services.close();
    }
  });
});
