// Every query the app makes of the conversations database, as plain synchronous calls:
// workspaces (recent first), threads (newest first, per workspace), messages (paged by their
// position in the thread, appended with one index insert), proposals and backend thread ids.
import type { StatementSync } from 'node:sqlite';

import type { MemoryProposal } from '@forge/assets-memory';

import type { ChatMessageData, ThreadSummary } from '../../contract/index.ts';
import type { ConversationDatabase } from './conversation-database.ts';
import { ConversationError } from './conversation-error.ts';
import { decodeMessage, encodeMessage, settleAfterRestart } from './message-codec.ts';
import { titleFromText, untitled } from './thread-title.ts';

export type WorkspaceKind = 'project' | 'open';
export type ThreadMode = 'agent' | 'ask';

export interface WorkspaceRecord {
  id: number;
  kind: WorkspaceKind;
  folder: string;
  openedAt: string;
}

export interface ThreadRecord extends ThreadSummary {
  workspaceId: number;
  mode: ThreadMode;
  createdAt: string;
  titleSetByUser: boolean;
}

export interface KeptProposal {
  messageId: string;
  proposal: MemoryProposal;
}

export interface MessagePage {
  /** Oldest first. */
  messages: ChatMessageData[];
  /** The position of the oldest message here: pass it as `before` for the page above. */
  firstSeq: number | undefined;
  hasOlder: boolean;
}

export interface ThreadRepositoryOptions {
  database: ConversationDatabase;
  /** How the renderer reaches a stored image (`/files/…`, `forge-asset://…`). */
  assetUrl: (relativePath: string) => string;
  clock?: () => Date;
  /** Ids of new threads; default: random UUIDs. */
  createId?: () => string;
}

interface ThreadRow {
  id: string;
  workspace_id: number;
  title: string | null;
  title_set_by_user: number;
  mode: string;
  created_at: string;
  updated_at: string;
  message_count: number;
}

interface MessageRow {
  id: string;
  seq: number;
  role: string;
  pending: number;
  body: string;
}

/** Titles are kept as JSON text: node:sqlite would cut a plain text value at its first NUL. */
function readTitle(stored: string | null): string {
  if (stored === null) return untitled;
  try {
    const title = JSON.parse(stored) as unknown;
    return typeof title === 'string' ? title : untitled;
  } catch {
    return untitled;
  }
}

function toThread(row: ThreadRow): ThreadRecord {
  return {
    threadId: row.id,
    title: readTitle(row.title),
    updatedAt: row.updated_at,
    messageCount: row.message_count,
    workspaceId: row.workspace_id,
    mode: row.mode === 'ask' ? 'ask' : 'agent',
    createdAt: row.created_at,
    titleSetByUser: row.title_set_by_user === 1,
  };
}

function toSummary(thread: ThreadRecord): ThreadSummary {
  return { threadId: thread.threadId, title: thread.title, updatedAt: thread.updatedAt, messageCount: thread.messageCount };
}

function firstText(message: ChatMessageData): string {
  return message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

export class ThreadRepository {
  readonly database: ConversationDatabase;
  private readonly assetUrl: (relativePath: string) => string;
  private readonly clock: () => Date;
  private readonly createId: () => string;
  private readonly statements = new Map<string, StatementSync>();

  constructor(options: ThreadRepositoryOptions) {
    this.database = options.database;
    this.assetUrl = options.assetUrl;
    this.clock = options.clock ?? (() => new Date());
    this.createId = options.createId ?? (() => crypto.randomUUID());
  }

  /** A prepared statement, prepared once per connection. */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (statement === undefined) {
      statement = this.database.connection.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private now(): string {
    return this.clock().toISOString();
  }

  // ---------- workspaces ----------

  /** Records that the workspace was opened now (adding it the first time). */
  touchWorkspace(kind: WorkspaceKind, folder: string): WorkspaceRecord {
    const openedAt = this.now();
    return this.database.write(() => {
      this.sql('INSERT INTO workspaces (kind, folder, opened_at) VALUES (?, ?, ?) ON CONFLICT (kind, folder) DO UPDATE SET opened_at = excluded.opened_at').run(kind, folder, openedAt);
      const row = this.sql('SELECT id FROM workspaces WHERE kind = ? AND folder = ?').get(kind, folder) as { id: number };
      return { id: row.id, kind, folder, openedAt };
    });
  }

  /** The workspaces opened, most recent first. */
  recentWorkspaces(limit = 12): WorkspaceRecord[] {
    const rows = this.sql('SELECT id, kind, folder, opened_at FROM workspaces ORDER BY opened_at DESC, id DESC LIMIT ?').all(limit) as {
      id: number;
      kind: string;
      folder: string;
      opened_at: string;
    }[];
    return rows.map((row) => ({ id: row.id, kind: row.kind === 'open' ? 'open' : 'project', folder: row.folder, openedAt: row.opened_at }));
  }

  // ---------- threads ----------

  createThread(workspaceId: number, options: { mode?: ThreadMode } = {}): ThreadRecord {
    const now = this.now();
    const id = this.createId();
    this.database.write(() => {
      this.sql('INSERT INTO threads (id, workspace_id, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, workspaceId, options.mode ?? 'agent', now, now);
    });
    return this.requireThread(id);
  }

  thread(threadId: string): ThreadRecord | undefined {
    const row = this.sql('SELECT * FROM threads WHERE id = ?').get(threadId) as ThreadRow | undefined;
    return row === undefined ? undefined : toThread(row);
  }

  requireThread(threadId: string): ThreadRecord {
    const thread = this.thread(threadId);
    if (thread === undefined) throw new ConversationError({ code: 'not_found', message: 'That conversation is no longer there: it may have been deleted.' });
    return thread;
  }

  /** The workspace's threads, the most recently active first. */
  listThreads(workspaceId: number): ThreadSummary[] {
    const rows = this.sql('SELECT * FROM threads WHERE workspace_id = ? ORDER BY updated_at DESC, created_at DESC, rowid DESC').all(workspaceId) as unknown as ThreadRow[];
    return rows.map((row) => toSummary(toThread(row)));
  }

  latestThread(workspaceId: number): ThreadRecord | undefined {
    const row = this.sql('SELECT * FROM threads WHERE workspace_id = ? ORDER BY updated_at DESC, created_at DESC, rowid DESC LIMIT 1').get(workspaceId) as ThreadRow | undefined;
    return row === undefined ? undefined : toThread(row);
  }

  /** Names the thread exactly as given (any characters, any length the contract allows). */
  renameThread(threadId: string, title: string): ThreadSummary {
    this.database.write(() => {
      this.sql('UPDATE threads SET title = ?, title_set_by_user = 1 WHERE id = ?').run(JSON.stringify(title), threadId);
    });
    // Throws not_found when there was no such thread to name.
    return toSummary(this.requireThread(threadId));
  }

  setThreadMode(threadId: string, mode: ThreadMode): void {
    this.database.write(() => {
      this.sql('UPDATE threads SET mode = ? WHERE id = ?').run(mode, threadId);
    });
  }

  /** Removes the thread, its messages and proposals (the images stay: they belong to the project). */
  deleteThread(threadId: string): boolean {
    return this.database.write(() => Number(this.sql('DELETE FROM threads WHERE id = ?').run(threadId).changes) > 0);
  }

  // ---------- messages ----------

  /**
   * Keeps the message as it is now: the first time, it is appended after the thread's last
   * message (and a thread without a title takes it from its first user message); later
   * calls replace its body. Returns whether it was new.
   */
  saveMessage(threadId: string, message: ChatMessageData, options: { durable?: boolean } = {}): { inserted: boolean } {
    const encoded = encodeMessage(message);
    const now = this.now();
    return this.database.write(() => {
      const updated = this.sql('UPDATE messages SET pending = ?, body = ?, updated_at = ? WHERE id = ? AND thread_id = ?').run(
        encoded.pending ? 1 : 0,
        encoded.body,
        now,
        message.id,
        threadId,
      );
      if (Number(updated.changes) > 0) {
        this.sql('UPDATE threads SET updated_at = ? WHERE id = ?').run(now, threadId);
        return { inserted: false };
      }
      const thread = this.sql('SELECT title FROM threads WHERE id = ?').get(threadId) as { title: string | null } | undefined;
      if (thread === undefined) throw new ConversationError({ code: 'not_found', message: 'That conversation is no longer there: it may have been deleted.' });
      const last = this.sql('SELECT seq FROM messages WHERE thread_id = ? ORDER BY seq DESC LIMIT 1').get(threadId) as { seq: number } | undefined;
      this.sql('INSERT INTO messages (id, thread_id, seq, role, pending, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        message.id,
        threadId,
        (last?.seq ?? 0) + 1,
        encoded.role,
        encoded.pending ? 1 : 0,
        encoded.body,
        now,
        now,
      );
      const title = thread.title === null && message.role === 'user' ? JSON.stringify(titleFromText(firstText(message))) : null;
      this.sql('UPDATE threads SET message_count = message_count + 1, updated_at = ?, title = COALESCE(title, ?) WHERE id = ?').run(now, title, threadId);
      return { inserted: true };
    }, options);
  }

  /** The latest `limit` messages before position `before` (default: the end), oldest first. */
  messages(threadId: string, options: { before?: number | undefined; limit?: number | undefined } = {}): MessagePage {
    const limit = options.limit ?? -1;
    const rows = (
      options.before === undefined
        ? this.sql('SELECT id, seq, role, pending, body FROM messages WHERE thread_id = ? ORDER BY seq DESC LIMIT ?').all(threadId, limit === -1 ? -1 : limit + 1)
        : this.sql('SELECT id, seq, role, pending, body FROM messages WHERE thread_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?').all(threadId, options.before, limit === -1 ? -1 : limit + 1)
    ) as unknown as MessageRow[];
    const hasOlder = limit !== -1 && rows.length > limit;
    const page = (hasOlder ? rows.slice(0, limit) : rows).reverse();
    return { messages: page.map((row) => decodeMessage(row, this.assetUrl)), firstSeq: page[0]?.seq, hasOlder };
  }

  /**
   * The `limit` messages just above the message `beforeId` (oldest first): the page a
   * renderer scrolled to the top of what it has asks for. A message that is not in the
   * thread (deleted, or another thread's) throws not_found.
   */
  messagesBefore(threadId: string, beforeId: string, limit: number): MessagePage {
    const row = this.sql('SELECT seq FROM messages WHERE id = ? AND thread_id = ?').get(beforeId, threadId) as { seq: number } | undefined;
    if (row === undefined) throw new ConversationError({ code: 'not_found', message: 'That message is no longer in this conversation: open the conversation again.' });
    return this.messages(threadId, { before: row.seq, limit });
  }

  /**
   * After a restart: every message of the thread still marked pending (its turn was in
   * flight when Forge died) is settled as interrupted, and half-done parts of any message (a
   * proposal Forge died applying) are settled too, except messages in `live` (turns this
   * process is running). Returns how many changed.
   */
  settleInterrupted(threadId: string, live: ReadonlySet<string> = new Set()): number {
    const rows = this.sql(`SELECT id, seq, role, pending, body FROM messages WHERE thread_id = ? AND (pending = 1 OR instr(body, '"status":"applying"') > 0)`).all(
      threadId,
    ) as unknown as MessageRow[];
    const settled = rows
      .filter((row) => !live.has(row.id))
      .map((row) => settleAfterRestart(decodeMessage(row, this.assetUrl)))
      .filter((result) => result.changed);
    if (settled.length === 0) return 0;
    this.database.write(() => {
      for (const { message } of settled) {
        const encoded = encodeMessage(message);
        this.sql('UPDATE messages SET pending = ?, body = ? WHERE id = ?').run(encoded.pending ? 1 : 0, encoded.body, message.id);
      }
    });
    return settled.length;
  }

  // ---------- proposals and backend threads ----------

  /** What applying the proposal needs, kept before the message that shows it. */
  saveProposal(threadId: string, proposalId: string, messageId: string, proposal: MemoryProposal): void {
    const kept: MemoryProposal = { file: proposal.file, operation: proposal.operation, body: proposal.body };
    this.database.write(() => {
      this.sql('INSERT INTO proposals (id, thread_id, message_id, proposal, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING').run(
        proposalId,
        threadId,
        messageId,
        JSON.stringify(kept),
        this.now(),
      );
    });
  }

  proposals(threadId: string): Map<string, KeptProposal> {
    const rows = this.sql('SELECT id, message_id, proposal FROM proposals WHERE thread_id = ?').all(threadId) as { id: string; message_id: string; proposal: string }[];
    const kept = new Map<string, KeptProposal>();
    for (const row of rows) {
      try {
        const proposal = JSON.parse(row.proposal) as Partial<Record<keyof MemoryProposal, unknown>>;
        const { file, operation, body } = proposal;
        if (typeof file === 'string' && typeof body === 'string' && (operation === 'append' || operation === 'overwrite')) {
          kept.set(row.id, { messageId: row.message_id, proposal: { file, operation, body } });
        }
      } catch {
        // Not what Forge wrote: that proposal cannot be applied, and says so when approved.
      }
    }
    return kept;
  }

  /** Which thread (in which workspace) shows the proposal. */
  proposalThread(proposalId: string): string | undefined {
    const row = this.sql('SELECT thread_id FROM proposals WHERE id = ?').get(proposalId) as { thread_id: string } | undefined;
    return row?.thread_id;
  }

  setBackendThread(threadId: string, backend: string, backendThreadId: string): void {
    this.database.write(() => {
      this.sql('INSERT INTO backend_threads (thread_id, backend, backend_thread_id) VALUES (?, ?, ?) ON CONFLICT (thread_id, backend) DO UPDATE SET backend_thread_id = excluded.backend_thread_id').run(
        threadId,
        backend,
        backendThreadId,
      );
    });
  }

  backendThreads(threadId: string): Record<string, string> {
    const rows = this.sql('SELECT backend, backend_thread_id FROM backend_threads WHERE thread_id = ?').all(threadId) as { backend: string; backend_thread_id: string }[];
    return Object.fromEntries(rows.map((row) => [row.backend, row.backend_thread_id]));
  }
}
