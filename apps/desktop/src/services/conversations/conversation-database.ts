// Opens the one SQLite database that keeps every thread, message and proposal (in the user's
// data folder, never in a project): WAL, so readers never wait for the writer and a killed
// process loses nothing committed; `synchronous=FULL` for the writes that matter; foreign keys;
// a busy timeout, so a second Forge on the same folder waits its turn instead of failing.
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
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
}

export interface ConversationDatabase {
  /** The file, or undefined in memory. */
  readonly path: string | undefined;
  readonly connection: DatabaseSync;
  readonly readOnly: boolean;
  /**
   * Runs `work` in one write transaction. `durable` (the default) commits with
   * `synchronous=FULL` (on disk when this returns); otherwise NORMAL (survives the process
   * being killed, not a power cut), for the streaming text that the next durable write covers.
   */
  write<T>(work: () => T, options?: { durable?: boolean }): T;
  /** `PRAGMA integrity_check`: `ok`, or what is wrong. */
  integrityCheck(): string;
  close(): void;
}

const defaultBusyTimeoutMs = 5000;

/** Why the data folder (or the database file in it) could not be created. Exported for its tests. */
export function folderError(error: unknown, folder: string): ConversationError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ConversationError({ code: 'read_only', message: `Forge cannot create its data folder ${folder}: it is read-only.`, path: folder, cause: error });
  }
  if (code === 'ENOSPC') return new ConversationError({ code: 'no_space', message: `The disk holding ${folder} is full.`, path: folder, cause: error });
  return new ConversationError({ code: 'io', message: `Forge cannot create its data folder ${folder} (${(error as Error).message}).`, path: folder, cause: error });
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
  try {
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
    }
  } catch (error) {
    connection.close();
    throw toConversationError(error, label);
  }

  return {
    path,
    connection,
    readOnly,
    write<T>(work: () => T, writeOptions: { durable?: boolean } = {}): T {
      const durable = writeOptions.durable ?? true;
      try {
        if (!durable) connection.exec('PRAGMA synchronous = NORMAL');
        connection.exec('BEGIN IMMEDIATE');
        try {
          const result = work();
          connection.exec('COMMIT');
          return result;
        } catch (error) {
          // SQLite may have rolled back already (a full disk does).
          if (connection.isTransaction) connection.exec('ROLLBACK');
          throw error;
        } finally {
          if (!durable) connection.exec('PRAGMA synchronous = FULL');
        }
      } catch (error) {
        throw toConversationError(error, label);
      }
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
