// Where conversations are kept for this launch, and what the user is told when they cannot
// be: a database that is damaged, locked by another Forge, read-only or from a newer Forge
// never stops the app. Forge goes on with a database in memory (holding the old file's
// conversations when it can still read them), says which problem and where, and offers a
// fresh database: the old file is renamed beside it (with its WAL), never deleted.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';

import type { StorageStatus } from '../../contract/index.ts';
import { openConversationDatabase } from './conversation-database.ts';
import type { ConversationDatabase, ConversationDatabaseOptions } from './conversation-database.ts';
import { ConversationError } from './conversation-error.ts';

export const databaseFileName = 'forge.db';

export interface ConversationStorageOptions {
  /** Forge's data folder; without one conversations live in memory only (tests, throwaway profiles). */
  dataDir?: string;
  busyTimeoutMs?: number;
  clock?: () => Date;
  /** Told why the file could not be used (the log). */
  warn?: (message: string) => void;
  /** Flushes a file to the disk (tests pass their own); default `fdatasync`. */
  syncFile?: (path: string) => Promise<void>;
}

type Problem = Extract<StorageStatus, { state: 'unavailable' }>['problem'];

const problems: ReadonlySet<string> = new Set<Problem>(['corrupt', 'locked', 'read_only', 'newer_version', 'no_space', 'io']);

function problemOf(error: unknown): Problem {
  const code = ConversationError.isInstance(error) ? error.code : 'io';
  return problems.has(code) ? (code as Problem) : 'io';
}

const advice: Record<Problem, string> = {
  corrupt: 'Start a fresh database to keep new conversations; the damaged file is kept beside it.',
  locked: 'Close the other Forge and restart this one, or start a fresh database.',
  read_only: 'Make it writable and restart Forge, or start a fresh database.',
  newer_version: 'Update Forge to open it, or start a fresh database (the newer one is kept beside it).',
  no_space: 'Free some space, or start a fresh database elsewhere.',
  io: 'Start a fresh database to keep new conversations; the old file is kept beside it.',
};

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

const tables = ['workspaces', 'threads', 'messages', 'proposals', 'backend_threads'];

/** Copies every row of a database Forge can still read into another (the one in memory). */
function copyConversations(from: ConversationDatabase, to: ConversationDatabase): void {
  to.write(() => {
    for (const table of tables) {
      const rows = from.connection.prepare(`SELECT * FROM ${table}`).all();
      const first = rows[0];
      if (first === undefined) continue;
      const columns = Object.keys(first);
      const insert = to.connection.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(...columns.map((column) => row[column] ?? null));
    }
  });
}

export class ConversationStorage {
  #database: ConversationDatabase;
  #status: StorageStatus;
  readonly #path: string | undefined;
  readonly #options: ConversationStorageOptions;
  #failingWrites = false;
  /** Told of a flush that failed (a database this storage opened, before or after a fresh start). */
  readonly #syncFailureListeners: Set<(error: ConversationError) => void>;

  private constructor(
    database: ConversationDatabase,
    status: StorageStatus,
    path: string | undefined,
    options: ConversationStorageOptions,
    syncFailureListeners: Set<(error: ConversationError) => void>,
  ) {
    this.#syncFailureListeners = syncFailureListeners;
    this.#database = database;
    this.#status = status;
    this.#path = path;
    this.#options = options;
  }

  static open(options: ConversationStorageOptions = {}): ConversationStorage {
    if (options.dataDir === undefined) return new ConversationStorage(openConversationDatabase({}), { state: 'memory' }, undefined, options, new Set());
    const path = join(options.dataDir, databaseFileName);
    const busy = options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs };
    const listeners = new Set<(error: ConversationError) => void>();
    try {
      const database = openConversationDatabase({ path, ...busy, ...flushOptions(options, listeners) });
      return new ConversationStorage(database, { state: 'saved', path }, path, options, listeners);
    } catch (error) {
      const problem = problemOf(error);
      const detail = error instanceof Error ? error.message : String(error);
      options.warn?.(`Conversations will not be saved: ${detail}`);
      const memory = openConversationDatabase({});
      let showingOldConversations = false;
      if (problem === 'read_only' && existsSync(path)) {
        try {
          const old = openConversationDatabase({ path, readOnly: true, ...busy });
          try {
            copyConversations(old, memory);
            showingOldConversations = true;
          } finally {
            old.close();
          }
        } catch (copyError) {
          options.warn?.(`The read-only database could not be read either: ${copyError instanceof Error ? copyError.message : String(copyError)}`);
        }
      }
      const shown = showingOldConversations ? ' Forge shows the conversations it holds, but cannot keep new ones.' : ' New conversations are not kept.';
      return new ConversationStorage(memory, { state: 'unavailable', problem, path, message: `${detail}${shown} ${advice[problem]}`, showingOldConversations }, path, options, listeners);
    }
  }

  get database(): ConversationDatabase {
    return this.#database;
  }

  get status(): StorageStatus {
    return this.#status;
  }

  /**
   * Puts the database file aside (renamed `forge.db.<problem>-<time>`, its WAL and shared
   * memory with it) and opens an empty one in its place. Returns where the old one went.
   */
  startFresh(): { renamedTo: string } {
    const path = this.#path;
    if (path === undefined) {
      throw new ConversationError({ code: 'invalid_input', message: 'There is no database file to replace: this Forge keeps conversations in memory.' });
    }
    const reason = this.#status.state === 'unavailable' ? this.#status.problem : 'old';
    const renamedTo = `${path}.${reason}-${stamp((this.#options.clock ?? (() => new Date()))())}`;
    this.#database.close();
    try {
      for (const suffix of ['', '-wal', '-shm']) if (existsSync(path + suffix)) renameSync(path + suffix, renamedTo + suffix);
    } catch (error) {
      this.#database = openConversationDatabase({});
      throw new ConversationError({ code: 'read_only', message: `Forge could not put ${path} aside to start a fresh database (${(error as Error).message}).`, path, cause: error });
    }
    try {
      const busy = this.#options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: this.#options.busyTimeoutMs };
      this.#database = openConversationDatabase({ path, ...busy, ...flushOptions(this.#options, this.#syncFailureListeners) });
    } catch (error) {
      this.#database = openConversationDatabase({});
      const problem = problemOf(error);
      const detail = error instanceof Error ? error.message : String(error);
      this.#status = { state: 'unavailable', problem, path, message: `${detail} New conversations are not kept. ${advice[problem]}`, showingOldConversations: false };
      throw error;
    }
    this.#status = { state: 'saved', path };
    this.#failingWrites = false;
    return { renamedTo };
  }

  /** A write failed after opening (the disk filled up, the file went read-only): say so until one succeeds. */
  reportWriteFailure(error: unknown): StorageStatus {
    if (this.#path === undefined || this.#status.state !== 'saved') return this.#status;
    this.#failingWrites = true;
    const problem = problemOf(error);
    const detail = error instanceof Error ? error.message : String(error);
    this.#status = { state: 'unavailable', problem, path: this.#path, message: `${detail} New messages may not be kept. ${advice[problem]}`, showingOldConversations: true };
    return this.#status;
  }

  /** A write succeeded: a write failure reported earlier is over. Returns whether the status changed. */
  reportWriteSuccess(): boolean {
    if (!this.#failingWrites || this.#path === undefined) return false;
    this.#failingWrites = false;
    this.#status = { state: 'saved', path: this.#path };
    return true;
  }

  /** Hears of every flush that failed after a write had returned (the caller reports it as a write failure). */
  onSyncFailure(listener: (error: ConversationError) => void): () => void {
    this.#syncFailureListeners.add(listener);
    return () => this.#syncFailureListeners.delete(listener);
  }

  /** Resolves once every durable write so far is on the disk (or its failure reported). */
  synced(): Promise<void> {
    return this.#database.synced();
  }

  close(): void {
    this.#database.close();
  }
}

/** The database's flush hooks: the storage's test seam, and whom a failed flush is told. */
function flushOptions(
  options: ConversationStorageOptions,
  listeners: ReadonlySet<(error: ConversationError) => void>,
): Pick<ConversationDatabaseOptions, 'syncFile' | 'onSyncError'> {
  const onSyncError = (error: ConversationError): void => {
    for (const listener of listeners) listener(error);
  };
  return options.syncFile === undefined ? { onSyncError } : { syncFile: options.syncFile, onSyncError };
}
