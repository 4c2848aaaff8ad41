// Opens the one SQLite database that keeps every thread, message and proposal (in the user's
// data folder, never in a project): WAL, so readers never wait for the writer and a killed
// process loses nothing committed; foreign keys; a busy timeout, so a second Forge on the same
// folder waits its turn instead of failing. A commit is written to the WAL at once
// (`synchronous=NORMAL`: it survives the process being killed); the writes that matter are
// then flushed to the disk on a thread of Node's pool, so the app's main thread (which serves
// the page its pictures meanwhile) never waits for the disk.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

import { ConversationError, toConversationError } from './conversation-error.ts';
import { migrate, schemaVersion } from './migrations.ts';
import { nodeSqlite } from './node-sqlite.ts';

export interface ConversationDatabaseOptions {
  /** The database file; without one the database lives in memory and keeps nothing. */
  path?: string;
  /** How long a write waits for another Forge's write before failing as `locked` (default 5 s). */
  busyTimeoutMs?: number;
  /** Opens an existing database for reading only (nothing is migrated or written). */
  readOnly?: boolean;
  /** The migrations to run (tests pass their own); default: the app's. */
  migrations?: readonly string[];
  /** Flushes a file to the disk (default: `fdatasync` on a thread of Node's pool). Tests pass their own. */
  syncFile?: (path: string) => Promise<void>;
  /** A flush after a durable write failed: what was committed may not be on the disk. */
  onSyncError?: (error: ConversationError) => void;
}

export interface ConversationDatabase {
  /** The file, or undefined in memory. */
  readonly path: string | undefined;
  readonly connection: DatabaseSync;
  readonly readOnly: boolean;
  /**
   * Runs `work` in one write transaction, committed to the WAL when this returns (it survives
   * the process being killed). `durable` (the default) then flushes the WAL to the disk in the
   * background (it survives a power cut moments later; a failure goes to `onSyncError`); the
   * streaming text written with `durable: false` is covered by the next durable write's flush.
   */
  write<T>(work: () => T, options?: { durable?: boolean }): T;
  /** Resolves once every durable write so far is flushed (or its flush failed and was reported). */
  synced(): Promise<void>;
  /** `PRAGMA integrity_check`: `ok`, or what is wrong. */
  integrityCheck(): string;
  close(): void;
}

const defaultBusyTimeoutMs = 5000;

/** Flushes `path`'s data to the disk without holding the caller's thread (libuv runs it on its pool). */
async function fdatasyncFile(path: string): Promise<void> {
  // Opened for writing: Windows flushes only a handle that may write.
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** What a file system error means to the user: the disk is read-only, full, or something else. */
function fileProblem(error: unknown): 'read_only' | 'no_space' | 'io' {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'read_only';
  return code === 'ENOSPC' ? 'no_space' : 'io';
}

/** Why a flush of the database at `path` failed. Exported for its tests. */
export function syncError(error: unknown, path: string): ConversationError {
  const detail = (error as Error).message;
  const messages = {
    read_only: `The conversations database ${path} is read-only (${detail}).`,
    no_space: `The disk holding the conversations database ${path} is full.`,
    io: `Forge could not write the conversations database ${path} to the disk (${detail}).`,
  };
  const code = fileProblem(error);
  return new ConversationError({ code, message: messages[code], path, cause: error });
}

/** Why the data folder (or the database file in it) could not be created. Exported for its tests. */
export function folderError(error: unknown, folder: string): ConversationError {
  const messages = {
    read_only: `Forge cannot create its data folder ${folder}: it is read-only.`,
    no_space: `The disk holding ${folder} is full.`,
    io: `Forge cannot create its data folder ${folder} (${(error as Error).message}).`,
  };
  const code = fileProblem(error);
  return new ConversationError({ code, message: messages[code], path: folder, cause: error });
}

export interface RetryOptions {
  /** The database, for the errors. */
  label: string;
  /** How long to keep trying, in all. */
  timeoutMs: number;
  /** Tests pass their own clock and sleep. */
  now?: () => number;
  sleep?: (ms: number) => void;
}

/**
 * Runs `work` again while it fails as `locked`, pausing 10, 20, 40 … 100 ms between tries, until
 * `timeoutMs` would be over. Two Forges opening a new database at once can each hold a read lock
 * and want the write lock (the journal mode, the first migration): SQLite then answers "busy" at
 * once rather than wait (it would be a deadlock). The one told so steps back and tries again,
 * and finds the other's work done. Exported for its tests.
 */
export function retryWhileLocked(work: () => void, options: RetryOptions): void {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms));
  const deadline = now() + options.timeoutMs;
  for (let pause = 10; ; pause = Math.min(pause * 2, 100)) {
    try {
      work();
      return;
    } catch (error) {
      if (toConversationError(error, options.label).code !== 'locked' || now() + pause > deadline) throw error;
      sleep(pause);
    }
  }
}

export function openConversationDatabase(options: ConversationDatabaseOptions = {}): ConversationDatabase {
  const { DatabaseSync } = nodeSqlite();
  const path = options.path;
  const label = path ?? ':memory:';
  const readOnly = options.readOnly === true && path !== undefined;
  if (path !== undefined && !readOnly) {
    try {
      // Private: the database holds every prompt and reply.
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    } catch (error) {
      throw folderError(error, dirname(path));
    }
    const existed = existsSync(path);
    try {
      // Created private (an empty file is an empty database): SQLite gives its WAL the same mode.
      if (!existed) closeSync(openSync(path, 'a', 0o600));
    } catch (error) {
      throw folderError(error, dirname(path));
    }
  }
  let connection: DatabaseSync;
  try {
    connection = new DatabaseSync(path ?? ':memory:', {
      timeout: options.busyTimeoutMs ?? defaultBusyTimeoutMs,
      enableForeignKeyConstraints: true,
      readOnly,
    });
  } catch (error) {
    throw toConversationError(error, label);
  }
  const setUp = (): void => {
    const list = options.migrations;
    const known = list?.length ?? schemaVersion;
    const found = (connection.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    connection.exec('PRAGMA synchronous = FULL');
    if (readOnly) {
      // Read as it is: a database from another schema cannot be read by these queries.
      if (found !== known) {
        throw new ConversationError({
          code: found > known ? 'newer_version' : 'io',
          message: `The conversations database ${label} has schema version ${String(found)}; this Forge reads version ${String(known)}.`,
          path: label,
        });
      }
    } else {
      // A newer Forge's database is refused before anything (even the journal mode) is written to it.
      if (found <= known && path !== undefined) connection.exec('PRAGMA journal_mode = WAL');
      migrate(connection, label, list);
      // A write that changes nothing, to learn now (not at the first message) that the file is read-only.
      const row = connection.prepare('PRAGMA user_version').get() as { user_version: number };
      connection.exec(`PRAGMA user_version = ${String(row.user_version)}`);
      // Opened and migrated with every commit synced; from here, the WAL is flushed in the background.
      if (path !== undefined) connection.exec('PRAGMA synchronous = NORMAL');
    }
  };
  try {
    retryWhileLocked(setUp, { label, timeoutMs: options.busyTimeoutMs ?? defaultBusyTimeoutMs });
  } catch (error) {
    connection.close();
    throw toConversationError(error, label);
  }

  const syncFile = options.syncFile ?? fdatasyncFile;
  const wal = `${path ?? ''}-wal`;
  /** The flush under way, and the durable writes so far (one that came after a flush began gets one more). */
  let flushing: Promise<void> | undefined;
  let durableWrites = 0;

  async function flushWal(): Promise<void> {
    let covered: number;
    do {
      covered = durableWrites;
      try {
        await syncFile(wal);
      } catch (error) {
        // No WAL: the last connection closed and checkpointed it into the (synced) database file.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') options.onSyncError?.(syncError(error, label));
      }
    } while (covered !== durableWrites);
    flushing = undefined;
  }

  function scheduleFlush(): void {
    durableWrites += 1;
    flushing ??= flushWal();
  }

  return {
    path,
    connection,
    readOnly,
    write<T>(work: () => T, writeOptions: { durable?: boolean } = {}): T {
      let result: T;
      try {
        connection.exec('BEGIN IMMEDIATE');
        try {
          result = work();
          connection.exec('COMMIT');
        } catch (error) {
          // SQLite may have rolled back already (a full disk does).
          if (connection.isTransaction) connection.exec('ROLLBACK');
          throw error;
        }
      } catch (error) {
        throw toConversationError(error, label);
      }
      if (path !== undefined && writeOptions.durable !== false) scheduleFlush();
      return result;
    },
    synced(): Promise<void> {
      return flushing ?? Promise.resolve();
    },
    integrityCheck(): string {
      const rows = connection.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
      return rows.map((row) => row.integrity_check).join('\n');
    },
    close(): void {
      if (connection.isOpen) connection.close();
    },
  };
}
