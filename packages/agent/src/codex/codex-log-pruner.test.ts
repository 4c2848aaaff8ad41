import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as NodeSqlite from 'node:sqlite';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../agent-logger.ts';
import { createCodexLogPruner, loadSqlite, pruneCodexLogs } from './codex-log-pruner.ts';

// Loaded the way the pruner loads it (without Node's one-time ExperimentalWarning in the output).
const { DatabaseSync } = (await loadSqlite()) as unknown as typeof NodeSqlite;

/** A log database shaped like codex 0.169.0's, in WAL mode, with `rows` rows of ~1 kB. */
function codexLog(file: string, rows: number): void {
  const database = new DatabaseSync(file);
  database.exec('PRAGMA journal_mode = WAL');
  database.exec('CREATE TABLE IF NOT EXISTS logs (id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, level TEXT NOT NULL, feedback_log_body TEXT)');
  const insert = database.prepare('INSERT INTO logs (ts, level, feedback_log_body) VALUES (?, ?, ?)');
  database.exec('BEGIN');
  for (let row = 0; row < rows; row += 1) insert.run(row, 'DEBUG', `session_loop{thread_id=…} ${'x'.repeat(1_000)}`);
  database.exec('COMMIT');
  database.close();
}

function count(file: string): number {
  const database = new DatabaseSync(file, { readOnly: true });
  const { rows } = database.prepare('SELECT count(*) AS rows FROM logs').get() as { rows: number };
  database.close();
  return rows;
}

describe("pruning Codex's log", () => {
  let home: string;
  let outside: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'forge-codex-logs-'));
    outside = mkdtempSync(path.join(tmpdir(), 'forge-codex-outside-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('empties the log table and gives the space back, leaving the database usable', async () => {
    const file = path.join(home, 'logs_2.sqlite');
    codexLog(file, 2_000);
    const sizeBefore = statSync(file).size;
    expect(sizeBefore).toBeGreaterThan(1_000_000);
    expect(await pruneCodexLogs(home, silentLogger)).toEqual({ databases: 1, rows: 2_000 });
    expect(count(file)).toBe(0);
    expect(statSync(file).size).toBeLessThan(100_000);
    // Codex keeps writing to it afterwards.
    codexLog(file, 3);
    expect(count(file)).toBe(3);
  });

  it('never follows a symlink out of CODEX_HOME and ignores files that are not a log database', async () => {
    const elsewhere = path.join(outside, 'logs_9.sqlite');
    codexLog(elsewhere, 5);
    symlinkSync(elsewhere, path.join(home, 'logs_3.sqlite'));
    codexLog(path.join(home, 'state_5.sqlite'), 5);
    writeFileSync(path.join(home, 'logs_2.sqlite.bak'), 'keep me');
    expect(await pruneCodexLogs(home, silentLogger)).toEqual({ databases: 0, rows: 0 });
    expect(count(elsewhere)).toBe(5);
    expect(count(path.join(home, 'state_5.sqlite'))).toBe(5);
  });

  it('leaves a database that Codex is writing for the next turn, without failing', async () => {
    const file = path.join(home, 'logs_2.sqlite');
    codexLog(file, 10);
    const writer = new DatabaseSync(file);
    writer.exec('BEGIN IMMEDIATE');
    try {
      expect(await pruneCodexLogs(home, silentLogger)).toEqual({ databases: 0, rows: 0 });
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(count(file)).toBe(10);
    expect(await pruneCodexLogs(home, silentLogger)).toEqual({ databases: 1, rows: 10 });
  });

  it('skips a log of another shape (a future Codex) quietly', async () => {
    const database = new DatabaseSync(path.join(home, 'logs_7.sqlite'));
    database.exec('CREATE TABLE entries (id INTEGER PRIMARY KEY)');
    database.close();
    expect(await pruneCodexLogs(home, silentLogger)).toEqual({ databases: 0, rows: 0 });
  });

  it('coalesces requests that arrive while a prune runs', async () => {
    const file = path.join(home, 'logs_2.sqlite');
    codexLog(file, 10);
    const pruner = createCodexLogPruner(home, silentLogger);
    pruner.schedule();
    pruner.schedule();
    pruner.schedule();
    await pruner.idle();
    expect(count(file)).toBe(0);
    codexLog(file, 4);
    pruner.schedule();
    await pruner.idle();
    expect(count(file)).toBe(0);
  });
});
