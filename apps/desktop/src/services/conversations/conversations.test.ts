import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend, AgentTurnEvent, RunTurnOptions } from '@forge/agent';
import { AssetStoreError, openAssetStore } from '@forge/asset-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessageData, ChatProposalPart } from '../../contract/index.ts';
import { createLogger } from '../logger.ts';
import { ConversationStorage } from './conversation-storage.ts';
import { Conversations } from './conversations.ts';
import type { ConversationEvent, ConversationsOptions, WorkspaceTarget } from './conversations.ts';
import { ThreadRepository } from './thread-repository.ts';

const logger = createLogger({ write: () => undefined });
const offline = createOfflineBackend({ imageDelayMs: 0 });

let root: string;
let home: string;
let dataDir: string;
let cacheDir: string;
let projectA: string;
let projectB: string;
const opened: { conversations: Conversations; storage: ConversationStorage }[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'forge-conversations-'));
  home = join(root, 'home');
  dataDir = join(root, 'data');
  cacheDir = join(root, 'cache');
  projectA = join(root, 'harbour');
  projectB = join(root, 'lighthouse');
  for (const folder of [home, projectA, projectB]) await mkdir(folder, { recursive: true });
});

afterEach(async () => {
  for (const { conversations, storage } of opened.splice(0)) {
    await conversations.close();
    storage.close();
  }
  await rm(root, { recursive: true, force: true });
});

/** Opens the conversations like a launch of Forge does (close() is a clean quit; drop() a crash). */
async function launch(target: WorkspaceTarget, overrides: Partial<ConversationsOptions> = {}) {
  const storage = ConversationStorage.open({ dataDir });
  const conversations = await Conversations.open(
    { storage, backend: () => offline, assetUrl: (path) => `/files/${path}`, logger, home, cacheDir, recorderDebounceMs: 10, ...overrides },
    target,
  );
  const entry = { conversations, storage };
  opened.push(entry);
  const events: ConversationEvent[] = [];
  conversations.subscribe((event) => events.push(event));
  return {
    conversations,
    storage,
    events,
    async quit() {
      opened.splice(opened.indexOf(entry), 1);
      await conversations.close();
      storage.close();
    },
  };
}

async function send(conversations: Conversations, text: string): Promise<ChatMessageData> {
  const { messageId, done } = conversations.session.send(text);
  await done;
  const message = conversations.session.transcript().find((candidate) => candidate.id === messageId);
  if (message === undefined) throw new Error('no reply');
  return message;
}

function proposalOf(message: ChatMessageData): ChatProposalPart {
  const part = message.parts.find((candidate): candidate is ChatProposalPart => candidate.type === 'proposal');
  if (part === undefined) throw new Error('no proposal');
  return part;
}

/** A microtask turn, for the coalesced `threads` event. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Conversations', () => {
  it('opens the Scratchpad the first time, and the workspace opened last after that', async () => {
    const first = await launch({ mode: 'last' });
    expect(first.conversations.state()).toMatchObject({ mode: 'open', folder: join(home, '.forge', 'scratchpad'), messages: [], threadTitle: 'New chat' });
    await first.conversations.openWorkspace({ mode: 'project', projectDir: projectA });
    await first.quit();
    const second = await launch({ mode: 'last' });
    expect(second.conversations.state()).toMatchObject({ mode: 'project', folder: projectA });
    await second.quit();
    // The last project is gone: the Scratchpad, not a failure.
    await rm(projectA, { recursive: true });
    const third = await launch({ mode: 'last' });
    expect(third.conversations.state().mode).toBe('open');
  });

  it('keeps threads, messages, images and pending proposals across a restart, and approves them after it', async () => {
    const first = await launch({ mode: 'project', projectDir: projectA });
    const reply = await send(first.conversations, 'draw a lighthouse at dusk');
    const image = reply.parts.find((part) => part.type === 'image');
    expect(image).toMatchObject({ status: 'completed' });
    const firstThread = first.conversations.threadId;
    first.conversations.newThread();
    await send(first.conversations, 'draw a fox');
    const before = first.conversations.listThreads();
    await first.quit();

    const second = await launch({ mode: 'last' });
    expect(second.conversations.listThreads()).toEqual(before);
    expect(before.map((thread) => thread.title)).toEqual(['draw a fox', 'draw a lighthouse at dusk']);
    expect(before.map((thread) => thread.messageCount)).toEqual([2, 2]);
    second.conversations.openThread(firstThread);
    const messages = second.conversations.state().messages;
    expect(messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(messages[1]?.parts.find((part) => part.type === 'image')).toEqual(image);
    const proposal = proposalOf(messages[1] as ChatMessageData);
    expect(proposal.status).toBe('pending');
    const approved = await second.conversations.approveProposal(proposal.id, undefined);
    expect(proposalOf(approved).status).toBe('approved');
    const relativePath = image?.type === 'image' && image.status === 'completed' ? image.relativePath : 'missing';
    expect(await readFile(join(projectA, '.forge', 'ASSETS.md'), 'utf8')).toContain(basename(relativePath));
    await second.quit();
    // The approval itself is kept.
    const third = await launch({ mode: 'last' });
    third.conversations.openThread(firstThread);
    expect(proposalOf(third.conversations.state().messages[1] as ChatMessageData).status).toBe('approved');
  });

  it('approves a kept proposal of a thread that is not the open one', async () => {
    const first = await launch({ mode: 'project', projectDir: projectA });
    const proposal = proposalOf(await send(first.conversations, 'draw a kite'));
    first.conversations.newThread();
    await send(first.conversations, 'draw a boat');
    await first.quit();
    const second = await launch({ mode: 'last' });
    const approved = await second.conversations.approveProposal(proposal.id, undefined);
    expect(proposalOf(approved).status).toBe('approved');
    await expect(second.conversations.approveProposal('no-such-proposal', undefined)).rejects.toThrow('is no longer available');
  });

  it('brings back a turn that was in flight when Forge died as interrupted, with its text', async () => {
    // A backend that speaks, then never finishes (the process dies mid-turn).
    const hanging: AgentBackend = {
      specificationVersion: 'v1',
      id: 'offline',
      async *runTurn(options) {
        yield { type: 'turn-started', threadId: options.threadId, turnId: 't' };
        yield { type: 'text-delta', text: 'Sketching the harbour' };
        await new Promise((resolve) => options.abortSignal?.addEventListener('abort', resolve));
      },
      account: () => Promise.resolve({ backend: 'offline', signedIn: false, defaultImageModel: 'm', imageModels: ['m'], imageModelSelectable: false }),
    };
    const first = await launch({ mode: 'project', projectDir: projectA }, { backend: () => hanging });
    const { messageId } = first.conversations.session.send('draw the harbour');
    await new Promise((resolve) => setTimeout(resolve, 60));
    // Crash: nothing is closed or flushed; a second process opens the same file.
    const second = await launch({ mode: 'last' });
    const message = second.conversations.state().messages.find((candidate) => candidate.id === messageId);
    expect(message).toEqual({ id: messageId, role: 'assistant', pending: false, ending: 'interrupted', parts: [{ type: 'text', text: 'Sketching the harbour' }] });
    expect(second.conversations.state().busy).toBe(false);
    first.conversations.session.cancelTurn();
  });

  it('gives the backend the thread’s history after a restart, works in the workspace folder, and keeps which backend thread served it', async () => {
    const seen: RunTurnOptions[] = [];
    const codexLike = (): AgentBackend => ({
      specificationVersion: 'v1',
      id: 'codex',
      async *runTurn(options): AsyncGenerator<AgentTurnEvent> {
        seen.push(options);
        await Promise.resolve();
        yield { type: 'turn-started', threadId: options.threadId, turnId: 't', backendThreadId: `codex-thread-${String(seen.length)}` };
        yield { type: 'text-delta', text: `Reply to ${options.input.text}` };
        yield { type: 'turn-completed', text: `Reply to ${options.input.text}` };
      },
      account: () => Promise.resolve({ backend: 'codex', signedIn: true, defaultImageModel: 'm', imageModels: ['m'], imageModelSelectable: false }),
    });
    const first = await launch({ mode: 'project', projectDir: projectA }, { backend: ((backend) => () => backend)(codexLike()) });
    await send(first.conversations, 'hello');
    await first.quit();
    const second = await launch({ mode: 'last' }, { backend: ((backend) => () => backend)(codexLike()) });
    await send(second.conversations, 'and again');
    expect(seen[0]?.history).toEqual([]);
    expect(seen[1]?.history).toEqual([
      { role: 'user', text: 'hello' },
      { role: 'assistant', text: 'Reply to hello' },
    ]);
    // Codex works in the workspace's folder.
    expect(seen.map((options) => options.cwd)).toEqual([projectA, projectA]);
    const threadId = second.conversations.threadId;
    await second.quit();
    const storage = ConversationStorage.open({ dataDir });
    try {
      expect(new ThreadRepository({ database: storage.database, assetUrl: (path) => path }).backendThreads(threadId)).toEqual({ codex: 'codex-thread-2' });
    } finally {
      storage.close();
    }
  });

  it('creates, renames and deletes threads, announcing the list each time', async () => {
    const { conversations, events } = await launch({ mode: 'project', projectDir: projectA });
    const empty = conversations.threadId;
    // An empty open thread is reused, not piled up.
    expect(conversations.newThread()).toEqual({ threadId: empty });
    await send(conversations, 'draw a gull');
    const { threadId: second } = conversations.newThread();
    expect(second).not.toBe(empty);
    expect(conversations.state()).toMatchObject({ threadId: second, messages: [] });
    await settle();
    expect(events.filter((event) => event.type === 'threads').at(-1)).toMatchObject({ threads: [{ threadId: second }, { threadId: empty }] });
    expect(events.filter((event) => event.type === 'state').at(-1)).toMatchObject({ state: { threadId: second } });

    const renamed = conversations.renameThread(empty, '<b>Gulls</b>\u0000');
    expect(renamed.title).toBe('<b>Gulls</b>\u0000');
    await settle();
    expect(events.filter((event) => event.type === 'threads').at(-1)).toMatchObject({ threads: expect.arrayContaining([expect.objectContaining({ title: '<b>Gulls</b>\u0000' })]) as unknown });

    // Leaving an empty thread removes it.
    conversations.openThread(empty);
    expect(conversations.listThreads().map((thread) => thread.threadId)).toEqual([empty]);
    expect(conversations.state().messages).toHaveLength(2);

    // Deleting the open thread opens another (a new one when none is left); the images stay.
    const files = await readdir(join(projectA, '.forge', 'generated'));
    expect(conversations.deleteThread(empty)).toEqual({ deleted: true });
    expect(conversations.threadId).not.toBe(empty);
    expect(conversations.listThreads()).toHaveLength(1);
    expect(conversations.deleteThread(empty)).toEqual({ deleted: false });
    expect(await readdir(join(projectA, '.forge', 'generated'))).toEqual(files);
    expect(() => conversations.openThread(empty)).toThrow('That conversation is no longer there');
  });

  it('switches workspace without a restart: the store, the threads and the session follow, and back', async () => {
    const { conversations, events } = await launch({ mode: 'project', projectDir: projectA });
    await send(conversations, 'draw the harbour');
    const harbourThreads = conversations.listThreads();
    await conversations.openWorkspace({ mode: 'project', projectDir: projectB });
    expect(conversations.state()).toMatchObject({ mode: 'project', folder: projectB, messages: [] });
    expect(conversations.store.root).toBe(join(projectB, '.forge'));
    await send(conversations, 'draw the lighthouse');
    expect(await readdir(join(projectB, '.forge', 'generated'))).toHaveLength(1);
    await conversations.openWorkspace({ mode: 'open' });
    expect(conversations.state()).toMatchObject({ mode: 'open', memoryFile: '~/.forge/scratchpad/ASSETS.md' });
    await conversations.openWorkspace({ mode: 'project', projectDir: projectA });
    expect(conversations.listThreads()).toEqual(harbourThreads);
    expect(conversations.state().messages).toHaveLength(2);
    expect(conversations.listWorkspaces().map((workspace) => [workspace.name, workspace.current])).toEqual([
      ['harbour', true],
      ['Scratchpad', false],
      ['lighthouse', false],
    ]);
    expect(events.filter((event) => event.type === 'workspaces').length).toBe(3);
    // Opening the open workspace again changes nothing.
    await conversations.openWorkspace({ mode: 'project', projectDir: projectA });
    expect(conversations.listThreads()).toEqual(harbourThreads);
  });

  it('keeps the open workspace when another cannot be opened, and says why', async () => {
    const refusal = '`.forge` in this project is a link to another place; Forge will not follow it';
    const { conversations } = await launch(
      { mode: 'project', projectDir: projectA },
      {
        openStore: (options) => {
          if (options.mode === 'project' && options.projectDir === projectB) return Promise.reject(new AssetStoreError({ code: 'outside_root', message: refusal, path: projectB }));
          return openAssetStore(options);
        },
      },
    );
    await expect(conversations.openWorkspace({ mode: 'project', projectDir: projectB })).rejects.toThrow(refusal);
    await expect(conversations.openWorkspace({ mode: 'project', projectDir: join(root, 'missing') })).rejects.toMatchObject({ code: 'folder_missing' });
    await writeFile(join(root, 'file.txt'), 'x');
    await expect(conversations.openWorkspace({ mode: 'project', projectDir: join(root, 'file.txt') })).rejects.toMatchObject({ code: 'not_a_folder' });
    expect(conversations.state()).toMatchObject({ mode: 'project', folder: projectA });
    await send(conversations, 'still working');
    expect(conversations.listWorkspaces().map((workspace) => workspace.folder)).toEqual([projectA]);
  });

  it('marks a recent project that is gone as missing', async () => {
    const { conversations } = await launch({ mode: 'project', projectDir: projectB });
    await conversations.openWorkspace({ mode: 'project', projectDir: projectA });
    await rm(projectB, { recursive: true });
    expect(conversations.listWorkspaces().find((workspace) => workspace.folder === projectB)).toMatchObject({ missing: true, current: false });
  });

  it('lets a turn left running in another thread finish and keeps it, without showing it in the open one', async () => {
    const { conversations, events } = await launch({ mode: 'project', projectDir: projectA }, { backend: ((backend) => () => backend)(createOfflineBackend({ imageDelayMs: 150 })) });
    const { messageId, done } = conversations.session.send('draw a slow ship');
    const background = conversations.threadId;
    conversations.newThread();
    const openThread = conversations.threadId;
    events.length = 0;
    await done;
    expect(events.filter((event) => event.type === 'message')).toEqual([]);
    conversations.openThread(background);
    const finished = conversations.state().messages.find((message) => message.id === messageId);
    expect(finished?.pending).toBe(false);
    expect(finished?.parts.some((part) => part.type === 'image' && part.status === 'completed')).toBe(true);
    expect(conversations.listThreads().map((thread) => thread.threadId)).not.toContain(openThread);
  });

  it('says the conversations may not be kept when a message reached the database but not the disk', async () => {
    let failing = false;
    const syncFile = (): Promise<void> => (failing ? Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })) : Promise.resolve());
    const storage = ConversationStorage.open({ dataDir, syncFile });
    const conversations = await Conversations.open({ storage, backend: () => offline, assetUrl: (path) => `/files/${path}`, logger, home, cacheDir }, { mode: 'project', projectDir: projectA });
    opened.push({ conversations, storage });
    const events: ConversationEvent[] = [];
    conversations.subscribe((event) => events.push(event));
    failing = true;
    await send(conversations, 'a fox');
    await storage.synced();
    expect(conversations.storageStatus).toMatchObject({ state: 'unavailable', problem: 'io', showingOldConversations: true });
    expect(events.filter((event) => event.type === 'storage').at(-1)).toMatchObject({ storage: { state: 'unavailable', message: expect.stringContaining('New messages may not be kept') as unknown } });
  });

  it('starts a fresh database when asked, keeping the open workspace', async () => {
    const path = join(dataDir, 'forge.db');
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, 'garbage'.repeat(2000));
    const { conversations, storage, events } = await launch({ mode: 'project', projectDir: projectA });
    expect(conversations.storageStatus).toMatchObject({ state: 'unavailable', problem: 'corrupt' });
    await send(conversations, 'kept in memory only');
    const { renamedTo } = await conversations.startFreshDatabase();
    expect(await readFile(renamedTo, 'utf8')).toBe('garbage'.repeat(2000));
    expect(storage.status).toEqual({ state: 'saved', path });
    expect(conversations.state()).toMatchObject({ mode: 'project', folder: projectA, messages: [] });
    expect(events.some((event) => event.type === 'storage' && event.storage.state === 'saved')).toBe(true);
    await send(conversations, 'kept on disk');
    expect(conversations.listThreads().map((thread) => thread.title)).toEqual(['kept on disk']);
  });
});
