import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, expect, it } from 'vitest';

import type { ChatImagePart, ChatMessageData } from '../../contract/index.ts';
import { createLogger } from '../logger.ts';
import { ConversationStorage } from './conversation-storage.ts';
import { Conversations } from './conversations.ts';
import type { ConversationEvent, WorkspaceTarget } from './conversations.ts';
import { ThreadRepository } from './thread-repository.ts';

const logger = createLogger({ write: () => undefined });
const offline = createOfflineBackend({ imageDelayMs: 0 });

let root: string;
let project: string;
let other: string;
const opened: { conversations: Conversations; storage: ConversationStorage }[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'forge-paging-'));
  project = join(root, 'harbour');
  other = join(root, 'lighthouse');
  for (const folder of [project, other, join(root, 'home')]) await mkdir(folder, { recursive: true });
});

afterEach(async () => {
  for (const { conversations, storage } of opened.splice(0)) {
    await conversations.close();
    storage.close();
  }
  await rm(root, { recursive: true, force: true });
});

async function launch(target: WorkspaceTarget = { mode: 'project', projectDir: project }) {
  const storage = ConversationStorage.open({ dataDir: join(root, 'data') });
  const conversations = await Conversations.open(
    { storage, backend: () => offline, assetUrl: (path) => `/files/${path}`, logger, home: join(root, 'home'), cacheDir: join(root, 'cache'), recorderDebounceMs: 10 },
    target,
  );
  opened.push({ conversations, storage });
  return { conversations, storage };
}

const text = (index: number): ChatMessageData => ({ id: `m-${String(index)}`, role: index % 2 === 0 ? 'user' : 'assistant', parts: [{ type: 'text', text: `message ${String(index)}` }] });

/** A thread of `count` messages kept in the database, opened by a fresh launch (as after a restart). */
async function threadOf(count: number) {
  const first = await launch();
  const { threadId } = first.conversations;
  const repository = new ThreadRepository({ database: first.storage.database, assetUrl: (path) => `/files/${path}` });
  for (let index = 0; index < count; index += 1) repository.saveMessage(threadId, text(index));
  const entry = opened.splice(0, 1)[0];
  await entry?.conversations.close();
  entry?.storage.close();
  const second = await launch();
  return { ...second, threadId };
}

const ids = (messages: readonly ChatMessageData[]) => messages.map((message) => message.id);

it('opens a long thread with its latest 50 messages, the total and that there are older ones', async () => {
  const { conversations, threadId } = await threadOf(1_000);
  expect(conversations.threadId).toBe(threadId);
  const state = conversations.state();
  expect(state.messages).toHaveLength(50);
  expect(state.messages[0]?.id).toBe('m-950');
  expect(state.messages.at(-1)?.id).toBe('m-999');
  expect(state.messageCount).toBe(1_000);
  expect(state.hasOlder).toBe(true);
  // Opening it again (the sidebar) sends the same page, not the whole thread.
  expect(ids(conversations.openThread(threadId).messages)).toEqual(ids(state.messages));
});

it('a short thread comes whole, with nothing older', async () => {
  const { conversations } = await threadOf(50);
  const state = conversations.state();
  expect(state.messages).toHaveLength(50);
  expect(state.hasOlder).toBe(false);
  expect(state.messageCount).toBe(50);
});

it('loadOlder reads the pages above a message from the database until the first one', async () => {
  const { conversations, threadId } = await threadOf(120);
  const seen = ids(conversations.state().messages);
  let hasOlder = true;
  let pages = 0;
  while (hasOlder) {
    const page = conversations.loadOlder(threadId, seen[0] ?? '');
    seen.unshift(...ids(page.messages));
    hasOlder = page.hasOlder;
    pages += 1;
  }
  expect(pages).toBe(2);
  expect(seen).toEqual(Array.from({ length: 120 }, (_, index) => `m-${String(index)}`));
  expect(ids(conversations.loadOlder(threadId, 'm-10', 4).messages)).toEqual(['m-6', 'm-7', 'm-8', 'm-9']);
  expect(conversations.loadOlder(threadId, 'm-0')).toEqual({ messages: [], hasOlder: false });
});

it('loadOlder refuses a message or thread that is not there, or a thread of another workspace, with not_found', async () => {
  const { conversations, threadId } = await threadOf(10);
  expect(() => conversations.loadOlder(threadId, 'm-nowhere')).toThrow(expect.objectContaining({ code: 'not_found' }));
  expect(() => conversations.loadOlder('no-such-thread', 'm-5')).toThrow(expect.objectContaining({ code: 'not_found' }));
  await conversations.openWorkspace({ mode: 'project', projectDir: other });
  expect(() => conversations.loadOlder(threadId, 'm-5')).toThrow('belongs to another workspace');
});

it('a turn sends events with only the message that changed, never the thread', async () => {
  const { conversations } = await threadOf(200);
  const events: ConversationEvent[] = [];
  conversations.subscribe((event) => events.push(event));
  await conversations.session.send('a lighthouse at dusk').done;
  expect(events.some((event) => event.type === 'message')).toBe(true);
  expect(events.filter((event) => event.type === 'state')).toEqual([]);
  for (const event of events) if (event.type === 'message') expect(['user', 'assistant']).toContain(event.message.role);
  // Each message event is one message; the page grows by the two new ones.
  expect(new Set(events.flatMap((event) => (event.type === 'message' ? [event.message.id] : []))).size).toBe(2);
  expect(conversations.state().messageCount).toBe(202);
});

it('the contract takes loadOlder({ threadId, before, limit }) and nothing else', async () => {
  const { contractInputs } = await import('../../contract/index.ts');
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: 'm-1', limit: 50 }).success).toBe(true);
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: 'm-1' }).success).toBe(true);
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: 'm-1', limit: 0 }).success).toBe(false);
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: 'm-1', limit: 1_001 }).success).toBe(false);
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: '' }).success).toBe(false);
  expect(contractInputs.loadOlder.safeParse({ threadId: 't', before: 'm-1', all: true }).success).toBe(false);
});

it('saved images leave with their thumbnail links (192 and 384 px, named by the file), in the state, the pages and the events', async () => {
  const storage = ConversationStorage.open({ dataDir: join(root, 'data') });
  const thumbnailUrl = (relativePath: string, height: number, version: string) => `/thumbnails/${relativePath}?h=${String(height)}&v=${version}`;
  const conversations = await Conversations.open(
    { storage, backend: () => offline, assetUrl: (path) => `/files/${path}`, thumbnailUrl, logger, home: join(root, 'home'), cacheDir: join(root, 'cache'), recorderDebounceMs: 10 },
    { mode: 'project', projectDir: project },
  );
  opened.push({ conversations, storage });
  const events: ConversationEvent[] = [];
  conversations.subscribe((event) => events.push(event));
  await conversations.session.send('Concept art for a steampunk airship').done;
  const image = conversations
    .state()
    .messages.flatMap((message) => message.parts)
    .find((part): part is ChatImagePart & { status: 'completed' } => part.type === 'image' && part.status === 'completed');
  if (image === undefined) throw new Error('no image');
  const { size, mtimeMs } = await stat(conversations.store.resolve(image.relativePath));
  const version = `${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}`;
  expect(image.url).toBe(`/files/${image.relativePath}`);
  expect(image.thumbnail).toEqual({ url: `/thumbnails/${image.relativePath}?h=192&v=${version}`, url2x: `/thumbnails/${image.relativePath}?h=384&v=${version}` });
  const sent = events.flatMap((event) => (event.type === 'message' ? event.message.parts : [])).find((part) => part.type === 'image' && part.status === 'completed');
  expect(sent).toMatchObject({ thumbnail: image.thumbnail });
  // The event that finished it carries its 1× thumbnail's bytes, for the page to draw without asking.
  const drawn = events.flatMap((event) => (event.type === 'message' && event.drawn !== undefined ? [event.drawn] : []));
  expect(drawn.map((thumbnail) => thumbnail.partId)).toEqual([image.id]);
  const thumbnail = await conversations.store.thumbnail(image.relativePath, { height: 192 });
  expect(drawn[0]?.webp).toBe(Buffer.from(thumbnail.bytes).toString('base64'));
  // The database keeps the message without links or bytes.
  const kept = new ThreadRepository({ database: storage.database, assetUrl: (path) => `/files/${path}` }).messages(conversations.threadId).messages;
  expect(JSON.stringify(kept)).not.toContain('/thumbnails/');
  expect(JSON.stringify(kept)).not.toContain(drawn[0]?.webp.slice(0, 40));
});
