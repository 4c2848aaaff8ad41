// Keeps Codex's own trace log from piling up in Forge's CODEX_HOME. codex 0.169.0 writes about
// 100 kB of info/debug/trace rows per turn into `logs_<n>.sqlite` (whatever RUST_LOG says), in
// batches of ~512 rows, and keeps them for days; Forge never uploads Codex feedback, so after each
// turn it empties that table. Safely, while Codex keeps the database open: through SQLite itself
// (its locks, a short busy timeout, transactions), never by touching the files; only a regular file
// directly in CODEX_HOME; VACUUM and a TRUNCATE checkpoint give the space back. Anything that goes
// wrong is logged and skipped: the log is Codex's, the next turn tries again.
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

import type { AgentLogger } from '../agent-logger.ts';

/** `logs_2.sqlite` in 0.169.0; the number is Codex's schema generation. */
const logDatabaseName = /^logs_\d+\.sqlite$/;

export interface PruneResult {
  /** Log databases found and emptied. */
  databases: number;
  /** Rows deleted across them. */
  rows: number;
}

interface SqliteModule {
  DatabaseSync: new (path: string, options?: { timeout?: number }) => {
    prepare(sql: string): { run(): { changes: number | bigint }; get(): unknown };
    exec(sql: string): void;
    close(): void;
  };
}

let sqlite: SqliteModule | undefined;

/**
 * Node's built-in SQLite, loaded on first use (the rest of the package must not depend on it
 * being there). Node prints an ExperimentalWarning the first time it loads; Forge knows, and
 * an app using this package should not print it on every start, so that one warning is dropped.
 */
export function loadSqlite(): Promise<SqliteModule> {
  if (sqlite !== undefined) return Promise.resolve(sqlite);
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]): void => {
    if ((warning instanceof Error ? warning.message : warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (warning: string | Error, ...rest: unknown[]) => void)(warning, ...rest);
  });
  try {
    // A Node without it (before 22.13, or 20.x) has no getBuiltinModule or returns undefined.
    const builtin: SqliteModule | undefined = typeof process.getBuiltinModule === 'function' ? process.getBuiltinModule('node:sqlite') : undefined;
    sqlite = builtin;
  } finally {
    process.emitWarning = emitWarning;
  }
  return sqlite === undefined ? Promise.reject(new Error(`This Node.js (${process.version}) has no built-in SQLite (node:sqlite).`)) : Promise.resolve(sqlite);
}

async function logDatabases(codexHome: string): Promise<string[]> {
  const names = await readdir(codexHome).catch(() => []);
  const files: string[] = [];
  for (const name of names) {
    if (!logDatabaseName.test(name)) continue;
    const file = path.join(codexHome, name);
    // A symlink could point anywhere: only a real file inside CODEX_HOME is Forge's to prune.
    const stats = await lstat(file).catch(() => undefined);
    if (stats?.isFile() === true) files.push(file);
  }
  return files;
}

/** Empties Codex's log table(s) in `codexHome` and gives the space back. Throws only if node:sqlite is missing. */
export async function pruneCodexLogs(codexHome: string, logger: AgentLogger): Promise<PruneResult> {
  const files = await logDatabases(codexHome);
  if (files.length === 0) return { databases: 0, rows: 0 };
  const { DatabaseSync } = await loadSqlite();
  const result: PruneResult = { databases: 0, rows: 0 };
  for (const file of files) {
    let database: InstanceType<SqliteModule['DatabaseSync']> | undefined;
    try {
      // A short wait for Codex's own writer: the calls below are synchronous.
      database = new DatabaseSync(file, { timeout: 100 });
      const { changes } = database.prepare('DELETE FROM logs').run();
      result.rows += Number(changes);
      result.databases += 1;
      if (Number(changes) > 0) database.exec('VACUUM');
      database.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
    } catch (error) {
      // Busy (Codex is writing), or a Codex whose log has another shape: leave it for the next turn.
      logger.debug(`Could not prune ${file}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      database?.close();
    }
  }
  return result;
}

export interface CodexLogPruner {
  /** Prunes soon, off the caller's path; calls while one runs coalesce into one more run. */
  schedule(): void;
  /** Settles when no prune is running or queued. */
  idle(): Promise<void>;
}

export function createCodexLogPruner(codexHome: string, logger: AgentLogger): CodexLogPruner {
  let running: Promise<void> | undefined;
  let again = false;
  let disabled = false;
  /** Read through a function: `schedule()` sets it while the loop awaits. */
  const queued = (): boolean => again && !disabled;

  async function loop(): Promise<void> {
    do {
      again = false;
      // Out of the turn's way: the turn's last event reaches the user first.
      await new Promise((resolve) => setImmediate(resolve));
      try {
        await pruneCodexLogs(codexHome, logger);
      } catch (error) {
        disabled = true;
        logger.warn(`Forge cannot prune Codex's log in ${codexHome} (${error instanceof Error ? error.message : String(error)}); it will grow until Codex trims it.`);
      }
    } while (queued());
  }

  return {
    schedule() {
      if (disabled) return;
      if (running !== undefined) {
        again = true;
        return;
      }
      running = loop().finally(() => {
        running = undefined;
      });
    },
    idle: () => running ?? Promise.resolve(),
  };
}
