// The database schema, one migration per version: `PRAGMA user_version` says how many have run.
// Append new migrations; never edit one that has shipped. A database whose version is beyond
// this list was made by a newer Forge and is refused (its data is never touched).
import type { DatabaseSync } from 'node:sqlite';

import { ConversationError } from './conversation-error.ts';

export const migrations: readonly string[] = [
  // 1: workspaces, threads, messages (images by file, never bytes), proposals, backend thread ids.
  `
  CREATE TABLE workspaces (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('project', 'open')),
    folder TEXT NOT NULL,
    opened_at TEXT NOT NULL,
    UNIQUE (kind, folder)
  );
  CREATE INDEX workspaces_by_opened ON workspaces (opened_at DESC);

  CREATE TABLE threads (
    id TEXT PRIMARY KEY,
    workspace_id INTEGER NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    -- JSON text, so any character survives (node:sqlite binds text up to the first NUL); NULL until named.
    title TEXT,
    title_set_by_user INTEGER NOT NULL DEFAULT 0 CHECK (title_set_by_user IN (0, 1)),
    mode TEXT NOT NULL DEFAULT 'agent' CHECK (mode IN ('agent', 'ask')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    message_count INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX threads_by_workspace ON threads (workspace_id, updated_at DESC);

  CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    -- Position in the thread: pages are read by (thread_id, seq), appends are one index insert.
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    pending INTEGER NOT NULL DEFAULT 0 CHECK (pending IN (0, 1)),
    -- JSON: the parts (an image by its file under .forge/generated, never its bytes) and notes.
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (thread_id, seq)
  );
  CREATE INDEX messages_pending ON messages (thread_id) WHERE pending = 1;

  CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    -- JSON: the memory proposal as applyProposal takes it (file, operation, body).
    proposal TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX proposals_by_thread ON proposals (thread_id);

  CREATE TABLE backend_threads (
    thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    backend TEXT NOT NULL,
    backend_thread_id TEXT NOT NULL,
    PRIMARY KEY (thread_id, backend)
  ) WITHOUT ROWID;
  `,
];

export const schemaVersion = migrations.length;

function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/** Brings the database at `path` up to `schemaVersion` in one transaction; refuses a newer one. */
export function migrate(db: DatabaseSync, path: string, list: readonly string[] = migrations): { from: number; to: number } {
  const found = userVersion(db);
  const refuseNewer = (version: number): ConversationError =>
    new ConversationError({
      code: 'newer_version',
      message: `The conversations database ${path} was made by a newer Forge (schema version ${String(version)}; this Forge knows up to ${String(list.length)}). Update Forge to open it.`,
      path,
    });
  if (found > list.length) throw refuseNewer(found);
  if (found === list.length) return { from: found, to: found };
  db.exec('BEGIN IMMEDIATE');
  try {
    // Another Forge may have migrated while this one waited for the lock.
    const start = userVersion(db);
    if (start > list.length) throw refuseNewer(start);
    for (let version = start; version < list.length; version += 1) db.exec(list[version] ?? '');
    db.exec(`PRAGMA user_version = ${String(list.length)}`);
    db.exec('COMMIT');
  } catch (error) {
    // SQLite may have rolled back already (a full disk does).
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return { from: found, to: list.length };
}
