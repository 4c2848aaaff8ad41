import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessageData } from '../../contract/index.ts';
import { openConversationDatabase } from './conversation-database.ts';
import type { ConversationDatabase } from './conversation-database.ts';
import { ConversationError } from './conversation-error.ts';
import { ThreadRepository } from './thread-repository.ts';

let dir: string;
let database: ConversationDatabase;
let repository: ThreadRepository;
let time: number;
let ids: number;

const assetUrl = (relativePath: string): string => `/files/${relativePath}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forge-repository-'));
  database = openConversationDatabase({ path: join(dir, 'forge.db') });
  time = Date.UTC(2026, 2, 12, 10, 0, 0);
  ids = 0;
  // Every call reads a later time, so "newest first" is unambiguous.
  repository = new ThreadRepository({ database, assetUrl, clock: () => new Date((time += 1000)), createId: () => `thread-${String((ids += 1))}` });
});

afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
});

const user = (id: string, text: string): ChatMessageData => ({ id, role: 'user', parts: [{ type: 'text', text }] });
const assistant = (id: string, text: string, extra: Partial<ChatMessageData> = {}): ChatMessageData => ({ id, role: 'assistant', parts: [{ type: 'text', text }], ...extra });

function rawBody(id: string): string {
  return (database.connection.prepare('SELECT body FROM messages WHERE id = ?').get(id) as { body: string }).body;
}

describe('workspaces', () => {
  it('records a workspace once and lists the most recently opened first', () => {
    const game = repository.touchWorkspace('project', '/home/ada/game');
    const scratch = repository.touchWorkspace('open', '/home/ada/.forge/scratchpad');
    const again = repository.touchWorkspace('project', '/home/ada/game');
    expect(again.id).toBe(game.id);
    expect(repository.recentWorkspaces().map((workspace) => [workspace.kind, workspace.folder])).toEqual([
      ['project', '/home/ada/game'],
      ['open', '/home/ada/.forge/scratchpad'],
    ]);
    expect(repository.recentWorkspaces()[0]?.openedAt).toBe(again.openedAt);
    expect(repository.recentWorkspaces(1)).toHaveLength(1);
    expect(scratch.kind).toBe('open');
  });
});

describe('threads', () => {
  it('lists a workspace’s threads newest first, and only its own', () => {
    const game = repository.touchWorkspace('project', '/game');
    const site = repository.touchWorkspace('project', '/site');
    const first = repository.createThread(game.id);
    const elsewhere = repository.createThread(site.id);
    const second = repository.createThread(game.id);
    expect(repository.listThreads(game.id).map((thread) => thread.threadId)).toEqual([second.threadId, first.threadId]);
    // A message makes a thread the newest.
    repository.saveMessage(first.threadId, user('m1', 'hello'));
    expect(repository.listThreads(game.id).map((thread) => thread.threadId)).toEqual([first.threadId, second.threadId]);
    expect(repository.latestThread(game.id)?.threadId).toBe(first.threadId);
    expect(repository.listThreads(site.id).map((thread) => thread.threadId)).toEqual([elsewhere.threadId]);
    expect(repository.latestThread(repository.touchWorkspace('open', '/scratch').id)).toBeUndefined();
  });

  it('starts as "New chat" in agent mode, and takes its title from the first thing the user says', () => {
    const { id } = repository.touchWorkspace('project', '/game');
    const thread = repository.createThread(id);
    expect(thread).toMatchObject({ title: 'New chat', messageCount: 0, mode: 'agent', titleSetByUser: false });
    repository.saveMessage(thread.threadId, assistant('a0', 'Welcome!'));
    expect(repository.requireThread(thread.threadId).title).toBe('New chat');
    repository.saveMessage(thread.threadId, user('u1', '\n  Concept art for a steampunk airship\nwith brass details'));
    repository.saveMessage(thread.threadId, user('u2', 'Something else'));
    expect(repository.requireThread(thread.threadId)).toMatchObject({ title: 'Concept art for a steampunk airship', messageCount: 3 });
  });

  it('keeps a title exactly as the user gives it: 10,000 characters, control characters, NUL, HTML', () => {
    const { id } = repository.touchWorkspace('project', '/game');
    const thread = repository.createThread(id);
    const titles = ['x'.repeat(10_000), 'tab\there\nnewline\u0007bell\u0000nul\u202Ertl', '<img src=x onerror=alert(1)><b>bold</b> & "quotes"', '🚀 émoji'];
    for (const title of titles) {
      expect(repository.renameThread(thread.threadId, title).title).toBe(title);
      expect(repository.listThreads(id)[0]?.title).toBe(title);
    }
    expect(repository.requireThread(thread.threadId).titleSetByUser).toBe(true);
    // A named thread keeps its name when the first message arrives.
    repository.saveMessage(thread.threadId, user('u1', 'draw a fox'));
    expect(repository.requireThread(thread.threadId).title).toBe('🚀 émoji');
  });

  it('reads a title it did not write as "New chat"', () => {
    const { id } = repository.touchWorkspace('project', '/game');
    const thread = repository.createThread(id);
    for (const stored of ['42', 'not json', 'null', '{"title":"x"}']) {
      database.connection.prepare('UPDATE threads SET title = ? WHERE id = ?').run(stored, thread.threadId);
      expect(repository.requireThread(thread.threadId).title).toBe('New chat');
    }
  });

  it('titles a thread from the text of its first request, not its images', () => {
    const { id } = repository.touchWorkspace('project', '/game');
    const thread = repository.createThread(id);
    repository.saveMessage(thread.threadId, {
      id: 'u1',
      role: 'user',
      parts: [
        { type: 'image', id: 'i', status: 'cancelled', prompt: 'ignored' },
        { type: 'text', text: 'first part' },
        { type: 'text', text: 'second part' },
      ],
    });
    expect(repository.requireThread(thread.threadId).title).toBe('first part');
  });

  it('says a thread that is gone is gone', () => {
    expect(() => repository.renameThread('nope', 'x')).toThrow(ConversationError);
    expect(() => repository.renameThread('nope', 'x')).toThrow(expect.objectContaining({ code: 'not_found', message: 'That conversation is no longer there: it may have been deleted.' }) as Error);
    expect(() => repository.requireThread('nope')).toThrow('That conversation is no longer there');
    expect(() => repository.saveMessage('nope', user('u', 'hi'))).toThrow(expect.objectContaining({ code: 'not_found', message: 'That conversation is no longer there: it may have been deleted.' }) as Error);
    expect(repository.thread('nope')).toBeUndefined();
    expect(repository.deleteThread('nope')).toBe(false);
  });

  it('deletes a thread with its messages, proposals and backend ids, and nothing of another thread', () => {
    const { id } = repository.touchWorkspace('project', '/game');
    const doomed = repository.createThread(id);
    const kept = repository.createThread(id);
    for (const thread of [doomed, kept]) {
      repository.saveMessage(thread.threadId, user(`${thread.threadId}-u`, 'draw'));
      repository.saveProposal(thread.threadId, `${thread.threadId}-p`, `${thread.threadId}-u`, { file: 'ASSETS.md', operation: 'append', body: 'entry' });
      repository.setBackendThread(thread.threadId, 'codex', `codex-${thread.threadId}`);
    }
    expect(repository.deleteThread(doomed.threadId)).toBe(true);
    const count = (table: string): unknown => database.connection.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    expect([count('threads'), count('messages'), count('proposals'), count('backend_threads')]).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
    expect(repository.proposals(kept.threadId).size).toBe(1);
    expect(database.integrityCheck()).toBe('ok');
  });

  it('keeps the thread mode (ask or agent)', () => {
    const thread = repository.createThread(repository.touchWorkspace('project', '/game').id, { mode: 'ask' });
    expect(thread.mode).toBe('ask');
    repository.setThreadMode(thread.threadId, 'agent');
    expect(repository.requireThread(thread.threadId).mode).toBe('agent');
  });
});

describe('messages', () => {
  let threadId: string;

  beforeEach(() => {
    threadId = repository.createThread(repository.touchWorkspace('project', '/game').id).threadId;
  });

  it('appends each new message after the last, and replaces it in place when it changes', () => {
    expect(repository.saveMessage(threadId, user('u1', 'draw a fox'))).toEqual({ inserted: true });
    expect(repository.saveMessage(threadId, assistant('a1', 'Draw', { pending: true }))).toEqual({ inserted: true });
    const before = repository.requireThread(threadId).updatedAt;
    expect(repository.saveMessage(threadId, assistant('a1', 'Drawing a fox now.'))).toEqual({ inserted: false });
    const thread = repository.requireThread(threadId);
    expect(thread.messageCount).toBe(2);
    expect(thread.updatedAt > before).toBe(true);
    expect(repository.messages(threadId).messages).toEqual([user('u1', 'draw a fox'), assistant('a1', 'Drawing a fox now.')]);
    const seqs = database.connection.prepare('SELECT seq FROM messages WHERE thread_id = ? ORDER BY seq').all(threadId);
    expect(seqs).toEqual([{ seq: 1 }, { seq: 2 }]);
  });

  it('keeps a pending message pending, and says so', () => {
    repository.saveMessage(threadId, assistant('a1', 'so far', { pending: true, status: 'Connection lost. Reconnecting…' }));
    expect(repository.messages(threadId).messages[0]).toEqual(assistant('a1', 'so far', { pending: true, status: 'Connection lost. Reconnecting…' }));
  });

  it('keeps an image by its file, never its bytes or URL, and gives the URL back when read', () => {
    const message: ChatMessageData = {
      id: 'a1',
      role: 'assistant',
      parts: [
        { type: 'image', id: 'i1', status: 'generating', prompt: 'a fox', startedAt: 5, partialUrl: `data:image/png;base64,${'A'.repeat(50_000)}` },
        {
          type: 'image',
          id: 'i2',
          status: 'completed',
          prompt: 'a fox',
          url: 'http://127.0.0.1:9/files/generated/20260312-100000-000.png',
          width: 1536,
          height: 1024,
          mediaType: 'image/png',
          relativePath: 'generated/20260312-100000-000.png',
          model: 'gpt-image-2',
          createdAt: '2026-03-12T10:00:00.000Z',
        },
      ],
      pending: true,
    };
    repository.saveMessage(threadId, message);
    const body = rawBody('a1');
    expect(body).not.toContain('data:');
    expect(body).not.toContain('base64');
    expect(body).not.toContain('http://');
    expect(body.length).toBeLessThan(600);
    const [read] = repository.messages(threadId).messages;
    expect(read?.parts[0]).toEqual({ type: 'image', id: 'i1', status: 'generating', prompt: 'a fox', startedAt: 5 });
    expect(read?.parts[1]).toMatchObject({ status: 'completed', relativePath: 'generated/20260312-100000-000.png', url: '/files/generated/20260312-100000-000.png' });
  });

  it('pages a thread from the latest message back, by position', () => {
    for (let index = 1; index <= 7; index += 1) repository.saveMessage(threadId, user(`m${String(index)}`, `message ${String(index)}`));
    const latest = repository.messages(threadId, { limit: 3 });
    expect(latest.messages.map((message) => message.id)).toEqual(['m5', 'm6', 'm7']);
    expect(latest).toMatchObject({ firstSeq: 5, hasOlder: true });
    const older = repository.messages(threadId, { before: latest.firstSeq, limit: 3 });
    expect(older.messages.map((message) => message.id)).toEqual(['m2', 'm3', 'm4']);
    const oldest = repository.messages(threadId, { before: older.firstSeq, limit: 3 });
    expect(oldest).toMatchObject({ firstSeq: 1, hasOlder: false });
    expect(oldest.messages.map((message) => message.id)).toEqual(['m1']);
    expect(repository.messages(threadId, { before: 1, limit: 3 })).toEqual({ messages: [], firstSeq: undefined, hasOlder: false });
    expect(repository.messages(threadId).messages).toHaveLength(7);
    expect(repository.messages(threadId, { limit: 7 }).hasOlder).toBe(false);
  });

  it('pages by the (thread, position) index, never by scanning the table', () => {
    const plan = database.connection
      .prepare('EXPLAIN QUERY PLAN SELECT id, seq, role, pending, body FROM messages WHERE thread_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?')
      .all('t', 10, 50)
      .map((row) => String(row.detail))
      .join('\n');
    expect(plan).toMatch(/USING INDEX sqlite_autoindex_messages_2/);
    expect(plan).not.toMatch(/SCAN messages/);
  });

  it('reads a body Forge did not write as one error part, not a crash', () => {
    repository.saveMessage(threadId, user('u1', 'hi'));
    database.connection.prepare('UPDATE messages SET body = ? WHERE id = ?').run('{"parts": not json', 'u1');
    database.connection.prepare('INSERT INTO messages (id, thread_id, seq, role, pending, body, created_at, updated_at) VALUES (?, ?, 9, ?, 0, ?, ?, ?)').run('u2', threadId, 'user', '{"parts":[42,{"no":"type"}]}', 'x', 'x');
    const [first, second] = repository.messages(threadId).messages;
    expect(first).toMatchObject({ id: 'u1', role: 'user', parts: [{ type: 'error', error: { code: 'unreadable' } }] });
    expect(second?.parts.map((part) => part.type)).toEqual(['error', 'error']);
  });

  it('settles a turn that was in flight when Forge died: interrupted, its drawing cancelled, its applying proposal pending again', () => {
    repository.saveMessage(threadId, user('u1', 'draw a fox'));
    repository.saveMessage(threadId, {
      id: 'a1',
      role: 'assistant',
      pending: true,
      status: 'Connection lost. Reconnecting…',
      parts: [
        { type: 'text', text: 'Drawing' },
        { type: 'image', id: 'i1', status: 'generating', prompt: 'a fox', startedAt: 1 },
        { type: 'proposal', id: 'p1', file: '.forge/ASSETS.md', operation: 'append', body: 'entry', status: 'applying' },
      ],
    });
    repository.saveMessage(threadId, assistant('a2', 'still running', { pending: true }));
    expect(repository.settleInterrupted(threadId, new Set(['a2']))).toBe(1);
    const [, settled, live] = repository.messages(threadId).messages;
    expect(settled).toEqual({
      id: 'a1',
      role: 'assistant',
      pending: false,
      ending: 'interrupted',
      parts: [
        { type: 'text', text: 'Drawing' },
        { type: 'image', id: 'i1', status: 'cancelled', prompt: 'a fox' },
        { type: 'proposal', id: 'p1', file: '.forge/ASSETS.md', operation: 'append', body: 'entry', status: 'pending' },
      ],
    });
    expect(live?.pending).toBe(true);
    expect(repository.settleInterrupted(threadId, new Set(['a2']))).toBe(0);
  });

  it('settles a proposal Forge died applying in a message that had finished, so it can be approved again', () => {
    const approving: ChatMessageData = {
      id: 'a1',
      role: 'assistant',
      pending: false,
      parts: [{ type: 'proposal', id: 'p1', file: '.forge/ASSETS.md', operation: 'append', body: 'entry', status: 'applying' }],
    };
    repository.saveMessage(threadId, approving);
    repository.saveMessage(threadId, assistant('a2', 'mentions "applying" in its text'));
    expect(repository.settleInterrupted(threadId)).toBe(1);
    expect(repository.messages(threadId).messages[0]).toEqual({ ...approving, parts: [{ ...approving.parts[0], status: 'pending' }] });
  });
});

describe('proposals and backend threads', () => {
  it('keeps what applying a proposal needs, once, and finds the thread that shows it', () => {
    const threadId = repository.createThread(repository.touchWorkspace('project', '/game').id).threadId;
    repository.saveProposal(threadId, 'p1', 'a1', { file: 'ASSETS.md', operation: 'append', body: '## fox\n\n- File: generated/fox.png' });
    repository.saveProposal(threadId, 'p0', 'a0', { file: 'NOTES.md', operation: 'overwrite', body: 'all new' });
    expect(repository.proposals(threadId).get('p0')).toEqual({ messageId: 'a0', proposal: { file: 'NOTES.md', operation: 'overwrite', body: 'all new' } });
    database.connection.prepare('DELETE FROM proposals WHERE id = ?').run('p0');
    repository.saveProposal(threadId, 'p1', 'a1', { file: 'OTHER.md', operation: 'overwrite', body: 'replaced?' });
    expect([...repository.proposals(threadId)]).toEqual([['p1', { messageId: 'a1', proposal: { file: 'ASSETS.md', operation: 'append', body: '## fox\n\n- File: generated/fox.png' } }]]);
    expect(repository.proposalThread('p1')).toBe(threadId);
    expect(repository.proposalThread('p2')).toBeUndefined();
    // A row that is not what Forge wrote is skipped, not fatal.
    database.connection.prepare('INSERT INTO proposals (id, thread_id, message_id, proposal, created_at) VALUES (?, ?, ?, ?, ?)').run('bad', threadId, 'a1', '{"file": 3}', 'x');
    database.connection.prepare('INSERT INTO proposals (id, thread_id, message_id, proposal, created_at) VALUES (?, ?, ?, ?, ?)').run('worse', threadId, 'a1', 'not json', 'x');
    database.connection.prepare('INSERT INTO proposals (id, thread_id, message_id, proposal, created_at) VALUES (?, ?, ?, ?, ?)').run('odd', threadId, 'a1', '{"file":"A.md","body":"b","operation":"delete"}', 'x');
    expect([...repository.proposals(threadId).keys()]).toEqual(['p1']);
  });

  it('keeps the latest backend conversation id per backend', () => {
    const threadId = repository.createThread(repository.touchWorkspace('project', '/game').id).threadId;
    repository.setBackendThread(threadId, 'codex', 'first');
    repository.setBackendThread(threadId, 'codex', 'second');
    repository.setBackendThread(threadId, 'openai', 'resp_1');
    expect(repository.backendThreads(threadId)).toEqual({ codex: 'second', openai: 'resp_1' });
    expect(repository.backendThreads('other')).toEqual({});
  });
});
