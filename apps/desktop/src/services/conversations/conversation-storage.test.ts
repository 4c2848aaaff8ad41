import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openConversationDatabase } from './conversation-database.ts';
import { ConversationError } from './conversation-error.ts';
import { ConversationStorage } from './conversation-storage.ts';
import { schemaVersion } from './migrations.ts';
import { nodeSqlite } from './node-sqlite.ts';
import { ThreadRepository } from './thread-repository.ts';

let dataDir: string;
const clock = () => new Date(Date.UTC(2026, 2, 12, 10, 30, 15));
const warnings: string[] = [];
const warn = (message: string) => warnings.push(message);

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'forge-storage-'));
  warnings.length = 0;
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function repositoryOf(storage: ConversationStorage): ThreadRepository {
  return new ThreadRepository({ database: storage.database, assetUrl: (path) => path, clock });
}

/** A database file with one thread saying `text`. */
function keptConversation(text: string): string {
  const storage = ConversationStorage.open({ dataDir, clock });
  const repository = repositoryOf(storage);
  const thread = repository.createThread(repository.touchWorkspace('project', '/game').id);
  repository.saveMessage(thread.threadId, { id: 'u1', role: 'user', parts: [{ type: 'text', text }] });
  storage.close();
  return thread.threadId;
}

describe('ConversationStorage', () => {
  it('keeps conversations in forge.db in the data folder', () => {
    const storage = ConversationStorage.open({ dataDir, clock, warn });
    expect(storage.status).toEqual({ state: 'saved', path: join(dataDir, 'forge.db') });
    expect(storage.database.path).toBe(join(dataDir, 'forge.db'));
    storage.close();
    expect(warnings).toEqual([]);
  });

  it('keeps them in memory when the host gives no data folder, and has no file to replace', () => {
    const storage = ConversationStorage.open({});
    expect(storage.status).toEqual({ state: 'memory' });
    expect(storage.database.path).toBeUndefined();
    expect(() => storage.startFresh()).toThrow('There is no database file to replace');
    storage.close();
  });

  it('starts on a damaged database: says which and where, works in memory, and a fresh start keeps the old file', () => {
    const path = join(dataDir, 'forge.db');
    const garbage = 'not a database\n'.repeat(500);
    writeFileSync(path, garbage);
    const storage = ConversationStorage.open({ dataDir, clock, warn });
    expect(storage.status).toMatchObject({ state: 'unavailable', problem: 'corrupt', path, showingOldConversations: false });
    const status = storage.status as Extract<typeof storage.status, { state: 'unavailable' }>;
    expect(status.message).toContain(`The conversations database ${path} is damaged`);
    expect(status.message).toContain('Start a fresh database');
    expect(warnings.join('\n')).toContain(path);
    // The chat goes on, in memory.
    const repository = repositoryOf(storage);
    repository.createThread(repository.touchWorkspace('open', '/scratch').id);

    const { renamedTo } = storage.startFresh();
    expect(renamedTo).toBe(`${path}.corrupt-20260312-103015`);
    expect(readFileSync(renamedTo, 'utf8')).toBe(garbage);
    expect(storage.status).toEqual({ state: 'saved', path });
    expect(storage.database.path).toBe(path);
    expect(repositoryOf(storage).recentWorkspaces()).toEqual([]);
    storage.close();
  });

  it('refuses a newer database, says to update, and a fresh start keeps it (and its WAL) beside the new one', () => {
    const path = join(dataDir, 'forge.db');
    const { DatabaseSync } = nodeSqlite();
    const newer = new DatabaseSync(path);
    newer.exec(`PRAGMA journal_mode = WAL; CREATE TABLE future (x); INSERT INTO future VALUES (1); PRAGMA user_version = ${String(schemaVersion + 1)}`);
    const storage = ConversationStorage.open({ dataDir, clock, warn });
    expect(storage.status).toMatchObject({ state: 'unavailable', problem: 'newer_version' });
    expect((storage.status as { message: string }).message).toContain('Update Forge to open it');
    expect((storage.status as { message: string }).message).toContain('the newer one is kept beside it');
    newer.close();
    writeFileSync(`${path}-wal`, 'wal bytes of the newer Forge');
    writeFileSync(`${path}-shm`, 'shared memory of the newer Forge');
    const old = storage.database;
    const { renamedTo } = storage.startFresh();
    expect(old.connection.isOpen).toBe(false);
    expect(readFileSync(`${renamedTo}-wal`, 'utf8')).toBe('wal bytes of the newer Forge');
    expect(readFileSync(`${renamedTo}-shm`, 'utf8')).toBe('shared memory of the newer Forge');
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual([
      'forge.db',
      'forge.db-shm',
      'forge.db-wal',
      'forge.db.newer_version-20260312-103015',
      'forge.db.newer_version-20260312-103015-shm',
      'forge.db.newer_version-20260312-103015-wal',
    ]);
    storage.close();
  });

  it('says a database held by another Forge is locked, and goes on in memory', () => {
    keptConversation('hello');
    const { DatabaseSync } = nodeSqlite();
    const other = new DatabaseSync(join(dataDir, 'forge.db'));
    other.exec('PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x)');
    try {
      const started = Date.now();
      const storage = ConversationStorage.open({ dataDir, clock, warn, busyTimeoutMs: 50 });
      // It waited the 50 ms it was given, not the default 5 s.
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(storage.status).toMatchObject({ state: 'unavailable', problem: 'locked' });
      expect((storage.status as { message: string }).message).toContain('Close the other Forge');
      storage.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });

  it('shows the conversations of a read-only database, and says it cannot keep new ones', (context) => {
    const threadId = keptConversation('a fox in the snow');
    const path = join(dataDir, 'forge.db');
    // Read-only for root too: an immutable file in a folder of its own.
    let restore: () => void;
    if (process.getuid?.() === 0) {
      try {
        execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
      } catch {
        context.skip('chattr cannot make a file read-only for root here');
        return;
      }
      restore = () => execFileSync('chattr', ['-i', path]);
    } else {
      execFileSync('chmod', ['a-w', path]);
      restore = () => execFileSync('chmod', ['u+w', path]);
    }
    try {
      const storage = ConversationStorage.open({ dataDir, clock, warn });
      expect(storage.status).toMatchObject({ state: 'unavailable', problem: 'read_only', showingOldConversations: true });
      expect((storage.status as { message: string }).message).toContain('cannot keep new ones');
      expect(repositoryOf(storage).messages(threadId).messages[0]?.parts).toEqual([{ type: 'text', text: 'a fox in the snow' }]);
      storage.close();
    } finally {
      restore();
    }
  });

  it('puts a healthy database aside as "old" when asked for a fresh one', () => {
    keptConversation('hello');
    const storage = ConversationStorage.open({ dataDir, clock });
    const { renamedTo } = storage.startFresh();
    expect(renamedTo).toBe(join(dataDir, 'forge.db.old-20260312-103015'));
    expect(repositoryOf(storage).recentWorkspaces()).toEqual([]);
    storage.close();
  });

  it('says plainly when the data folder cannot hold a database, and does not try to read a file it could not open', () => {
    writeFileSync(join(dataDir, 'forge.db'), '');
    const blocked = join(dataDir, 'blocked');
    writeFileSync(blocked, 'a file where the folder should be');
    const storage = ConversationStorage.open({ dataDir: blocked, clock, warn });
    expect(storage.status).toMatchObject({ state: 'unavailable', problem: 'io', path: join(blocked, 'forge.db'), showingOldConversations: false });
    expect((storage.status as { message: string }).message).toContain('New conversations are not kept. Start a fresh database to keep new conversations; the old file is kept beside it.');
    expect(warnings).toHaveLength(1);
    storage.close();
    // A damaged file is not read as if it were only read-only.
    writeFileSync(join(dataDir, 'forge.db'), 'garbage'.repeat(1000));
    warnings.length = 0;
    ConversationStorage.open({ dataDir, clock, warn }).close();
    expect(warnings).toHaveLength(1);
  });

  it('tells a write failure after opening, and that it is over when a write works again', () => {
    const storage = ConversationStorage.open({ dataDir, clock });
    expect(storage.reportWriteSuccess()).toBe(false);
    const status = storage.reportWriteFailure(new ConversationError({ code: 'no_space', message: 'The disk is full.' }));
    expect(status).toMatchObject({ state: 'unavailable', problem: 'no_space', showingOldConversations: true });
    expect((status as { message: string }).message).toContain('Free some space');
    // The first failure is the one shown.
    expect(storage.reportWriteFailure(new Error('later'))).toBe(status);
    expect(storage.reportWriteSuccess()).toBe(true);
    expect(storage.status).toEqual({ state: 'saved', path: join(dataDir, 'forge.db') });
    expect(storage.reportWriteSuccess()).toBe(false);
    // Anything that is not one of its own errors is an I/O problem.
    expect(storage.reportWriteFailure(new Error('EIO'))).toMatchObject({ problem: 'io' });
    storage.startFresh();
    expect(storage.reportWriteSuccess()).toBe(false);
    storage.close();
  });

  it('tells its listeners of a flush that failed after a write, before and after a fresh start, until they stop listening', async () => {
    const flushed: string[] = [];
    const syncFile = (file: string): Promise<void> => {
      flushed.push(file);
      return Promise.reject(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    };
    const storage = ConversationStorage.open({ dataDir, clock, syncFile });
    const heard: string[] = [];
    const stop = storage.onSyncFailure((error) => heard.push(`${error.code}: ${error.message}`));
    const path = join(dataDir, 'forge.db');
    repositoryOf(storage).touchWorkspace('project', '/game');
    await storage.synced();
    expect(heard).toEqual([`io: Forge could not write the conversations database ${path} to the disk (EIO: i/o error, fdatasync).`]);
    storage.startFresh();
    repositoryOf(storage).touchWorkspace('project', '/game');
    await storage.synced();
    expect(heard).toHaveLength(2);
    stop();
    repositoryOf(storage).touchWorkspace('project', '/game');
    await storage.synced();
    expect(heard).toHaveLength(2);
    // The fresh database's WAL has the same name: three writes, three flushes.
    expect(flushed).toEqual([`${path}-wal`, `${path}-wal`, `${path}-wal`]);
    storage.close();
  });

  it('answers synced() once the flush of the last durable write is done', async () => {
    let finish = (): void => undefined;
    const storage = ConversationStorage.open({ dataDir, clock, syncFile: () => new Promise<void>((done) => (finish = done)) });
    repositoryOf(storage).touchWorkspace('project', '/game');
    let synced = false;
    const whenSynced = storage.synced().then(() => (synced = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(synced).toBe(false);
    finish();
    await whenSynced;
    expect(synced).toBe(true);
    storage.close();
  });

  it('has nothing to report about writes when it keeps conversations in memory', () => {
    const storage = ConversationStorage.open({});
    expect(storage.reportWriteFailure(new Error('x'))).toEqual({ state: 'memory' });
    expect(storage.reportWriteSuccess()).toBe(false);
    storage.close();
  });

  it('cannot put the old file aside in a folder it cannot write, and says so', (context) => {
    const path = join(dataDir, 'forge.db');
    writeFileSync(path, 'garbage'.repeat(1000));
    const storage = ConversationStorage.open({ dataDir, clock });
    if (process.getuid?.() === 0) {
      try {
        execFileSync('chattr', ['+i', dataDir], { stdio: 'ignore' });
      } catch {
        context.skip('chattr cannot make a folder read-only for root here');
        return;
      }
    } else execFileSync('chmod', ['a-w', dataDir]);
    try {
      expect(() => storage.startFresh()).toThrow(expect.objectContaining({ code: 'read_only', message: expect.stringContaining(`Forge could not put ${path} aside to start a fresh database`) as unknown }) as Error);
      // Still usable, in memory.
      openConversationDatabase().close();
      expect(repositoryOf(storage).recentWorkspaces()).toEqual([]);
    } finally {
      if (process.getuid?.() === 0) execFileSync('chattr', ['-i', dataDir]);
      else execFileSync('chmod', ['u+w', dataDir]);
      storage.close();
    }
  });
});
