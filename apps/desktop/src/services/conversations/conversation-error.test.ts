import { describe, expect, it } from 'vitest';

import { ConversationError, toConversationError } from './conversation-error.ts';

/** What node:sqlite throws: an Error with SQLite's extended result code. */
function sqliteError(errcode: number, message: string): Error {
  return Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode, errstr: message });
}

const path = '/home/ada/.local/share/forge/forge.db';

describe('toConversationError', () => {
  it.each([
    [11, 'database disk image is malformed', 'corrupt', `The conversations database ${path} is damaged (database disk image is malformed).`],
    [26, 'file is not a database', 'corrupt', `The conversations database ${path} is damaged (file is not a database).`],
    [267, 'corrupt vtab', 'corrupt', `The conversations database ${path} is damaged (corrupt vtab).`],
    [5, 'database is locked', 'locked', `The conversations database ${path} is locked by another Forge (database is locked).`],
    [261, 'busy recovery', 'locked', `The conversations database ${path} is locked by another Forge (busy recovery).`],
    [6, 'database table is locked', 'locked', `The conversations database ${path} is locked by another Forge (database table is locked).`],
    [8, 'attempt to write a readonly database', 'read_only', `The conversations database ${path} is read-only (attempt to write a readonly database).`],
    [1032, 'readonly dbmoved', 'read_only', `The conversations database ${path} is read-only (readonly dbmoved).`],
    [13, 'database or disk is full', 'no_space', `The disk holding the conversations database ${path} is full.`],
    [14, 'unable to open database file', 'io', `Forge cannot open the conversations database ${path} (unable to open database file).`],
    [266, 'disk I/O error', 'io', `Forge could not use the conversations database ${path} (disk I/O error).`],
    [1, 'no such table: threads', 'io', `Forge could not use the conversations database ${path} (no such table: threads).`],
  ])('maps SQLite code %i (%s) to %s, naming the file', (errcode, text, code, message) => {
    const cause = sqliteError(errcode, text);
    const error = toConversationError(cause, path);
    expect(error).toBeInstanceOf(ConversationError);
    expect([error.code, error.message, error.path, error.cause]).toEqual([code, message, path, cause]);
  });

  it('says what went wrong with anything else, and passes its own errors through', () => {
    expect(toConversationError(new TypeError('boom'), path)).toMatchObject({ code: 'io', message: `Forge could not use the conversations database ${path} (boom).` });
    expect(toConversationError('a string', path).message).toBe(`Forge could not use the conversations database ${path} (a string).`);
    const own = new ConversationError({ code: 'newer_version', message: 'newer', path: 'elsewhere' });
    expect(toConversationError(own, path)).toBe(own);
  });
});

describe('ConversationError', () => {
  it('is named so a launcher can print it as one line, keeps its cause, and is recognised across copies', () => {
    const cause = new Error('root');
    const error = new ConversationError({ code: 'folder_missing', message: 'The folder /x does not exist.', path: '/x', cause });
    expect([error.name, error.code, error.message, error.path, error.cause]).toEqual(['ConversationError', 'folder_missing', 'The folder /x does not exist.', '/x', cause]);
    expect(new ConversationError({ code: 'io', message: 'no cause' })).not.toHaveProperty('cause');
    expect(ConversationError.isInstance(error)).toBe(true);
    expect(ConversationError.isInstance({ [Symbol.for('forge.desktop.ConversationError')]: true })).toBe(true);
    expect(ConversationError.isInstance(new Error('x'))).toBe(false);
    expect(ConversationError.isInstance(null)).toBe(false);
    expect(ConversationError.isInstance('ConversationError')).toBe(false);
  });
});
