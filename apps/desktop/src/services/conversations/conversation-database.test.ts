import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { folderError, openConversationDatabase, retryWhileLocked, syncError } from './conversation-database.ts';
import { ConversationError } from './conversation-error.ts';
import { schemaVersion } from './migrations.ts';
import { nodeSqlite } from './node-sqlite.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'forge-db-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function failure(open: () => unknown): ConversationError {
  try {
    open();
  } catch (error) {
    if (ConversationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the database to be refused');
}

/** Makes `path` unwritable even for root (immutable), or by its mode for anyone else; undefined when neither works here. */
function makeReadOnly(path: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    execFileSync('chmod', ['a-w', path]);
    return () => execFileSync('chmod', ['u+w', path]);
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', path]);
  } catch {
    return undefined;
  }
}

describe('openConversationDatabase', () => {
  it('creates a private folder and file, in WAL mode with foreign keys, at the current schema', () => {
    const path = join(dir, 'data', 'forge', 'forge.db');
    const database = openConversationDatabase({ path });
    try {
      const pragma = (name: string): unknown => Object.values(database.connection.prepare(`PRAGMA ${name}`).get() ?? {})[0];
      expect(pragma('journal_mode')).toBe('wal');
      expect(pragma('foreign_keys')).toBe(1);
      // NORMAL (1): commits reach the WAL at once; the WAL is flushed to the disk in the background.
      expect(pragma('synchronous')).toBe(1);
      expect(pragma('user_version')).toBe(schemaVersion);
      expect(statSync(join(dir, 'data', 'forge')).mode & 0o777).toBe(0o700);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(`${path}-wal`).mode & 0o777).toBe(0o600);
      expect(database.integrityCheck()).toBe('ok');
    } finally {
      database.close();
    }
  });

  it('lets two Forges create a new database at the same moment: both open it', async () => {
    // Both read, then both want to write (the journal mode, the first migration): SQLite tells
    // one "busy" at once. Eight rounds; before the retry, about one pair in two failed.
    const fixture = fileURLToPath(new URL('./__fixtures__/open-at.ts', import.meta.url));
    const open = (path: string, at: number): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--conditions=@forge/source', '--no-warnings', fixture, path, String(at)], { stdio: ['ignore', 'pipe', 'inherit'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('exit', () => resolve(output.trim()));
      });
    for (let round = 0; round < 8; round += 1) {
      const path = join(dir, `round-${String(round)}`, 'forge.db');
      // Room for two Node starts on a busy machine before the agreed moment.
      const at = Date.now() + 1_500;
      expect(await Promise.all([open(path, at), open(path, at)])).toEqual(['OK', 'OK']);
    }
  }, 120_000);

  it('tries again while the database is locked, pausing longer each time, until the time is over', () => {
    const busy = Object.assign(new Error('database is locked'), { errcode: 5 });
    let clock = 1_000;
    const pauses: number[] = [];
    const sleep = (ms: number): void => {
      pauses.push(ms);
      clock += ms;
    };
    let tries = 0;
    retryWhileLocked(
      () => {
        tries += 1;
        if (tries < 4) throw busy;
      },
      { label: 'forge.db', timeoutMs: 5_000, now: () => clock, sleep },
    );
    expect([tries, pauses]).toEqual([4, [10, 20, 40]]);

    // Locked for good: pauses up to 100 ms, and gives up before the time would be over.
    pauses.length = 0;
    clock = 0;
    expect(() => retryWhileLocked(() => { throw busy; }, { label: 'forge.db', timeoutMs: 300, now: () => clock, sleep })).toThrow(busy);
    expect(pauses).toEqual([10, 20, 40, 80, 100]);
    expect(clock).toBe(250);

    // Anything else is not waited out.
    pauses.length = 0;
    const damaged = Object.assign(new Error('file is not a database'), { errcode: 26 });
    expect(() => retryWhileLocked(() => { throw damaged; }, { label: 'forge.db', timeoutMs: 5_000, now: () => clock, sleep })).toThrow(damaged);
    expect(pauses).toEqual([]);

    // The real pause sleeps.
    let first = true;
    const started = Date.now();
    retryWhileLocked(
      () => {
        if (first) {
          first = false;
          throw busy;
        }
      },
      { label: 'forge.db', timeoutMs: 5_000 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(9);
  });

  it('opens its own database again without migrating twice', () => {
    const path = join(dir, 'forge.db');
    openConversationDatabase({ path }).close();
    const again = openConversationDatabase({ path });
    expect(again.connection.prepare("SELECT count(*) AS tables FROM sqlite_master WHERE type = 'table' AND name = 'threads'").get()).toEqual({ tables: 1 });
    again.close();
  });

  it('refuses a database from a newer Forge, naming it and both versions, and leaves its bytes alone', () => {
    const path = join(dir, 'forge.db');
    const { DatabaseSync } = nodeSqlite();
    const newer = new DatabaseSync(path);
    newer.exec(`CREATE TABLE future (x); PRAGMA user_version = ${String(schemaVersion + 5)}`);
    newer.close();
    const before = readFileSync(path);
    const error = failure(() => openConversationDatabase({ path }));
    expect(error.code).toBe('newer_version');
    expect(error.message).toBe(
      `The conversations database ${path} was made by a newer Forge (schema version ${String(schemaVersion + 5)}; this Forge knows up to ${String(schemaVersion)}). Update Forge to open it.`,
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('says a file that is not a database is damaged, and where it is', () => {
    const path = join(dir, 'forge.db');
    writeFileSync(path, 'this is not a database, it is a shopping list\n'.repeat(200));
    const error = failure(() => openConversationDatabase({ path }));
    expect(error.code).toBe('corrupt');
    expect(error.message).toContain(path);
    expect(error.path).toBe(path);
  });

  it('says the database is locked when another Forge holds it past the busy timeout', () => {
    const path = join(dir, 'forge.db');
    openConversationDatabase({ path }).close();
    const { DatabaseSync } = nodeSqlite();
    const other = new DatabaseSync(path);
    other.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x)');
    try {
      const error = failure(() => openConversationDatabase({ path, busyTimeoutMs: 50 }));
      expect(error.code).toBe('locked');
      expect(error.message).toContain(`${path} is locked by another Forge`);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('says a read-only database is read-only when it opens, not at the first message', (context) => {
    const path = join(dir, 'forge.db');
    openConversationDatabase({ path }).close();
    const restore = makeReadOnly(path);
    if (restore === undefined) {
      context.skip('neither chmod (not root) nor chattr (root) can make a file read-only here');
      return;
    }
    try {
      const error = failure(() => openConversationDatabase({ path }));
      expect(error.code).toBe('read_only');
      expect(error.message).toContain(path);
      // Still readable as it is.
      const readOnly = openConversationDatabase({ path, readOnly: true });
      expect(readOnly.readOnly).toBe(true);
      readOnly.close();
    } finally {
      restore();
    }
  });

  it('waits for another Forge that holds the database briefly, instead of failing', async () => {
    const path = join(dir, 'forge.db');
    openConversationDatabase({ path }).close();
    // Another process takes the write lock, holds it for 1.5 s, and lets go.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const db = new DatabaseSync(${JSON.stringify(path)});
         db.exec('BEGIN EXCLUSIVE');
         require('node:fs').writeSync(1, 'held\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
         db.exec('ROLLBACK');
         db.close();`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const exited = new Promise((resolve) => holder.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', () => resolve());
      holder.on('exit', () => reject(new Error('the holder exited before taking the lock')));
    });
    // Held: a Forge that would not wait fails at once…
    expect(failure(() => openConversationDatabase({ path, busyTimeoutMs: 0 })).code).toBe('locked');
    // …and one that waits gets in when the other lets go.
    const database = openConversationDatabase({ path, busyTimeoutMs: 20_000 });
    expect(database.integrityCheck()).toBe('ok');
    database.close();
    await exited;
  }, 60_000);

  it('says why the data folder cannot be made: read-only, full, or anything else', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(folderError(denied, '/data/forge')).toMatchObject({ code: 'read_only', message: 'Forge cannot create its data folder /data/forge: it is read-only.', path: '/data/forge', cause: denied });
    expect(folderError(Object.assign(new Error('x'), { code: 'EPERM' }), '/f').code).toBe('read_only');
    expect(folderError(Object.assign(new Error('x'), { code: 'EROFS' }), '/f').code).toBe('read_only');
    expect(folderError(Object.assign(new Error('x'), { code: 'ENOSPC' }), '/f')).toMatchObject({ code: 'no_space', message: 'The disk holding /f is full.' });
    expect(folderError(Object.assign(new Error('odd'), { code: 'EIO' }), '/f')).toMatchObject({ code: 'io', message: 'Forge cannot create its data folder /f (odd).' });
  });

  it('cannot create its data folder where a file is in the way, and says where', () => {
    writeFileSync(join(dir, 'blocked'), '');
    const error = failure(() => openConversationDatabase({ path: join(dir, 'blocked', 'forge.db') }));
    expect(error.code).toBe('io');
    expect(error.message).toContain(join(dir, 'blocked'));
  });

  it('keeps nothing of a migration that fails half-way', () => {
    const path = join(dir, 'forge.db');
    const error = failure(() => openConversationDatabase({ path, migrations: ['CREATE TABLE first (x)', 'CREATE TABLE second (x); THIS IS NOT SQL'] }));
    expect(error.code).toBe('io');
    const database = openConversationDatabase({ path, migrations: [] });
    expect(database.connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([]);
    expect(database.connection.prepare('PRAGMA user_version').get()).toEqual({ user_version: 0 });
    database.close();
  });

  it('reads a database of another schema only when it is the one it knows', () => {
    const path = join(dir, 'forge.db');
    openConversationDatabase({ path, migrations: ['CREATE TABLE a (x)'] }).close();
    const older = failure(() => openConversationDatabase({ path, readOnly: true, migrations: ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'] }));
    expect([older.code, older.message]).toEqual(['io', `The conversations database ${path} has schema version 1; this Forge reads version 2.`]);
    expect(failure(() => openConversationDatabase({ path, readOnly: true, migrations: [] })).code).toBe('newer_version');
    openConversationDatabase({ path, readOnly: true, migrations: ['CREATE TABLE a (x)'] }).close();
  });

  describe('write', () => {
    it('commits what the work did, or nothing when it throws', () => {
      const database = openConversationDatabase({ path: join(dir, 'forge.db'), migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'] });
      try {
        database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('kept'));
        expect(() =>
          database.write(() => {
            database.connection.prepare('INSERT INTO notes VALUES (?)').run('rolled back');
            throw new ConversationError({ code: 'not_found', message: 'gone' });
          }),
        ).toThrow('gone');
        expect(database.connection.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
        expect(database.connection.isTransaction).toBe(false);
      } finally {
        database.close();
      }
    });

    it('reports what the work did wrong, even when the work ended the transaction itself', () => {
      const database = openConversationDatabase({ path: join(dir, 'forge.db'), migrations: [] });
      try {
        expect(() =>
          database.write(() => {
            database.connection.exec('ROLLBACK');
            throw new Error('the real reason');
          }),
        ).toThrow('the real reason');
        expect(database.connection.isTransaction).toBe(false);
      } finally {
        database.close();
      }
    });

    it('returns once the commit is in the WAL, then flushes the WAL to the disk off the main thread', async () => {
      const path = join(dir, 'forge.db');
      const flushes: { path: string; done: () => void }[] = [];
      const syncFile = (file: string): Promise<void> => new Promise((done) => flushes.push({ path: file, done }));
      const database = openConversationDatabase({ path, migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'], syncFile });
      try {
        // Opened with every commit synced, then NORMAL: a commit is in the WAL, not waiting for the disk.
        expect(database.write(() => database.connection.prepare('PRAGMA synchronous').get())).toEqual({ synchronous: 1 });
        expect(flushes.map((flush) => flush.path)).toEqual([`${path}-wal`]);
        let synced = false;
        void database.synced().then(() => (synced = true));
        await Promise.resolve();
        expect(synced).toBe(false);
        flushes[0]?.done();
        await database.synced();
        expect(synced).toBe(true);
        // Streaming text is not flushed on its own: the next durable write's flush covers it.
        database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('streaming'), { durable: false });
        expect(flushes).toHaveLength(1);
        database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('kept'), { durable: true });
        expect(flushes).toHaveLength(2);
        flushes[1]?.done();
        await database.synced();
      } finally {
        database.close();
      }
      // A killed process would find both in the WAL; a closed one finds them checkpointed into the file.
      const again = openConversationDatabase({ path, migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'] });
      expect(again.connection.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'streaming' }, { text: 'kept' }]);
      again.close();
    });

    it('folds the durable writes made while a flush runs into one more flush', async () => {
      const flushes: (() => void)[] = [];
      const syncFile = (): Promise<void> => new Promise((done) => flushes.push(done));
      const database = openConversationDatabase({ path: join(dir, 'forge.db'), migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'], syncFile });
      try {
        for (const text of ['one', 'two', 'three']) database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run(text));
        expect(flushes).toHaveLength(1);
        let synced = false;
        const whenSynced = database.synced().then(() => (synced = true));
        flushes[0]?.();
        await new Promise((resolve) => setImmediate(resolve));
        // The flush that began before 'two' and 'three' does not cover them: one more runs.
        expect([flushes.length, synced]).toEqual([2, false]);
        flushes[1]?.();
        await whenSynced;
        expect(flushes).toHaveLength(2);
        // Idle again: the next durable write starts a flush of its own at once.
        database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('four'));
        expect(flushes).toHaveLength(3);
        flushes[2]?.();
        await database.synced();
      } finally {
        database.close();
      }
    });

    it('tells onSyncError, typed, when a flush fails, and flushes again at the next durable write', async () => {
      const failures: ConversationError[] = [];
      // The disk fills, the file system goes read-only, the disk fails; then the WAL is gone (checkpointed at close).
      const errnos = ['ENOSPC', 'EROFS', 'EIO', 'ENOENT'];
      const syncFile = (): Promise<void> => {
        const code = errnos.shift();
        return Promise.reject(Object.assign(new Error(`${String(code)}: the flush failed`), { code }));
      };
      const path = join(dir, 'forge.db');
      const database = openConversationDatabase({ path, migrations: [], syncFile, onSyncError: (error) => failures.push(error) });
      try {
        for (let index = 0; index < 4; index += 1) {
          database.write(() => undefined);
          await database.synced();
        }
      } finally {
        database.close();
      }
      expect(failures.map((failure) => [failure.code, failure.path])).toEqual([
        ['no_space', path],
        ['read_only', path],
        ['io', path],
      ]);
      expect(failures[2]?.message).toBe(`Forge could not write the conversations database ${path} to the disk (EIO: the flush failed).`);
    });

    it('goes on when a flush fails and nobody listens', async () => {
      const syncFile = (): Promise<void> => Promise.reject(Object.assign(new Error('EIO: the flush failed'), { code: 'EIO' }));
      const database = openConversationDatabase({ path: join(dir, 'forge.db'), migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'], syncFile });
      try {
        database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('kept'));
        await expect(database.synced()).resolves.toBeUndefined();
        expect(database.connection.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'kept' }]);
      } finally {
        database.close();
      }
    });

    it('names the problem of a failed flush and the database', () => {
      const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      expect(syncError(denied, '/d/forge.db')).toMatchObject({ code: 'read_only', message: 'The conversations database /d/forge.db is read-only (EACCES: permission denied).', path: '/d/forge.db', cause: denied });
      expect(syncError(Object.assign(new Error('x'), { code: 'EPERM' }), '/d').code).toBe('read_only');
      expect(syncError(Object.assign(new Error('x'), { code: 'EROFS' }), '/d').code).toBe('read_only');
      expect(syncError(Object.assign(new Error('x'), { code: 'ENOSPC' }), '/d/forge.db')).toMatchObject({ code: 'no_space', message: 'The disk holding the conversations database /d/forge.db is full.', path: '/d/forge.db' });
      expect(syncError(new Error('odd'), '/d')).toMatchObject({ code: 'io', message: 'Forge could not write the conversations database /d to the disk (odd).' });
    });

    it('flushes a real WAL with the default syncFile, and keeps nothing to flush in memory', async () => {
      const failures: ConversationError[] = [];
      const database = openConversationDatabase({ path: join(dir, 'forge.db'), migrations: ['CREATE TABLE notes (text TEXT NOT NULL)'], onSyncError: (error) => failures.push(error) });
      database.write(() => database.connection.prepare('INSERT INTO notes VALUES (?)').run('kept'));
      await database.synced();
      database.close();
      expect(failures).toEqual([]);

      const calls: string[] = [];
      const memory = openConversationDatabase({ migrations: [], syncFile: (file) => Promise.resolve(void calls.push(file)) });
      memory.write(() => undefined);
      await memory.synced();
      memory.close();
      expect(calls).toEqual([]);
    });
  });

  it('lives in memory without a path (read-only means nothing there), and closing twice is harmless', () => {
    const broken = failure(() => openConversationDatabase({ migrations: ['NOT SQL'] }));
    expect(broken.message).toContain(':memory:');
    const database = openConversationDatabase({ readOnly: true });
    expect(database.readOnly).toBe(false);
    database.write(() => database.connection.exec('CREATE TABLE scratch (x)'));
    expect(database.path).toBeUndefined();
    expect(database.connection.prepare('PRAGMA user_version').get()).toEqual({ user_version: schemaVersion });
    database.close();
    database.close();
  });
});
