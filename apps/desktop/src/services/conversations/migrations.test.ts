import { describe, expect, it } from 'vitest';

import { ConversationError } from './conversation-error.ts';
import { migrate, migrations, schemaVersion } from './migrations.ts';
import { nodeSqlite } from './node-sqlite.ts';

function database() {
  const { DatabaseSync } = nodeSqlite();
  return new DatabaseSync(':memory:');
}

const tables = (db: ReturnType<typeof database>): unknown[] => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((row) => row.name);

describe('migrate', () => {
  it('runs every migration once, and counts them in user_version', () => {
    const db = database();
    expect(migrate(db, 'test.db')).toEqual({ from: 0, to: schemaVersion });
    expect(schemaVersion).toBe(migrations.length);
    expect(tables(db)).toEqual(['backend_threads', 'messages', 'proposals', 'threads', 'workspaces']);
    expect(migrate(db, 'test.db')).toEqual({ from: schemaVersion, to: schemaVersion });
  });

  it('runs only the migrations a database has not had', () => {
    const db = database();
    expect(migrate(db, 'test.db', ['CREATE TABLE a (x)'])).toEqual({ from: 0, to: 1 });
    // Running the first again would fail: it is not run again.
    expect(migrate(db, 'test.db', ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'])).toEqual({ from: 1, to: 2 });
    expect(tables(db)).toEqual(['a', 'b']);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
  });

  it('refuses a database from a newer Forge without touching it', () => {
    const db = database();
    db.exec('CREATE TABLE future (x); PRAGMA user_version = 3');
    let error: unknown;
    try {
      migrate(db, 'future.db', ['CREATE TABLE a (x)', 'CREATE TABLE b (x)']);
    } catch (caught) {
      error = caught;
    }
    expect(ConversationError.isInstance(error) && [error.code, error.message, error.path]).toEqual([
      'newer_version',
      'The conversations database future.db was made by a newer Forge (schema version 3; this Forge knows up to 2). Update Forge to open it.',
      'future.db',
    ]);
    expect(tables(db)).toEqual(['future']);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
  });

  it('leaves no transaction open and nothing half-made when a migration fails', () => {
    const db = database();
    expect(() => migrate(db, 'test.db', ['CREATE TABLE a (x)', 'CREATE TABLE b (x); NOT SQL'])).toThrow(/syntax error/);
    expect(db.isTransaction).toBe(false);
    expect(tables(db)).toEqual([]);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 0 });
  });

  it('reports the failing migration itself, even when it ended the transaction', () => {
    const db = database();
    expect(() => migrate(db, 'test.db', ['CREATE TABLE a (x); COMMIT; SELECT no_such_function()'])).toThrow(/no_such_function/);
    expect(db.isTransaction).toBe(false);
  });
});
