import { describe, expect, it } from 'vitest';

import { MemoryWriteError, toMemoryWriteError } from './memory-write-error.ts';

const systemError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });

describe('MemoryWriteError', () => {
  it('says which failures a later attempt can fix without the user', () => {
    const retryable = (['path_traversal', 'linked_folder', 'linked_file', 'invalid_proposal', 'read_only', 'no_space', 'locked', 'io'] as const).filter(
      (code) => new MemoryWriteError({ code, message: code }).retryable,
    );
    expect(retryable).toEqual(['locked', 'io']);
  });

  it('is recognised across package copies, and nothing else is', () => {
    const error = new MemoryWriteError({ code: 'io', message: 'x' });
    expect(error.name).toBe('MemoryWriteError');
    expect(error).toBeInstanceOf(Error);
    expect(MemoryWriteError.isInstance(error)).toBe(true);
    expect(MemoryWriteError.isInstance({ [Symbol.for('forge.assets-memory.error')]: true })).toBe(true);
    for (const value of [null, undefined, 'MemoryWriteError', 42, new Error('x'), { [Symbol.for('forge.assets-memory.error')]: 'yes' }]) {
      expect(MemoryWriteError.isInstance(value)).toBe(false);
    }
  });

  it('keeps its cause, and serialises without it', () => {
    const cause = systemError('EIO');
    const error = new MemoryWriteError({ code: 'locked', message: 'busy', path: '/p/.forge/ASSETS.md', waitedMs: 300, cause });
    expect(error.cause).toBe(cause);
    expect(new MemoryWriteError({ code: 'io', message: 'x' }).cause).toBeUndefined();
    expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'MemoryWriteError', code: 'locked', message: 'busy', retryable: true, path: '/p/.forge/ASSETS.md', waitedMs: 300 });
    expect(new MemoryWriteError({ code: 'io', message: 'x' }).toJSON()).toEqual({ name: 'MemoryWriteError', code: 'io', message: 'x', retryable: true });
  });
});

describe('toMemoryWriteError', () => {
  it.each(['EROFS', 'EACCES', 'EPERM'])('reads %s as read_only', (code) => {
    const error = toMemoryWriteError(systemError(code), '/p/.forge/ASSETS.md', 'write');
    expect(error).toMatchObject({
      code: 'read_only',
      path: '/p/.forge/ASSETS.md',
      message: `Could not write /p/.forge/ASSETS.md: the folder is read-only (${code}). Check its permissions or the disk it is on.`,
    });
  });

  it.each(['ENOSPC', 'EDQUOT'])('reads %s as no_space, naming the disk’s folder (the file’s own unless told)', (code) => {
    expect(toMemoryWriteError(systemError(code), '/p/.forge/ASSETS.md', 'write').message).toBe(
      `Could not write /p/.forge/ASSETS.md: the disk holding /p/.forge is full (${code}). Free some space and try again.`,
    );
    expect(toMemoryWriteError(systemError(code), '/p/.forge/ASSETS.md', 'write', '/home/ada/.cache/forge/thumbnails/memory')).toMatchObject({
      code: 'no_space',
      message: `Could not write /p/.forge/ASSETS.md: the disk holding /home/ada/.cache/forge/thumbnails/memory is full (${code}). Free some space and try again.`,
    });
  });

  it('reads anything else as io with its own words, and passes its own errors through', () => {
    expect(toMemoryWriteError(systemError('EIO'), '/p/ASSETS.md', 'read')).toMatchObject({ code: 'io', message: 'Could not read /p/ASSETS.md: EIO: simulated' });
    expect(toMemoryWriteError('a string', '/p/ASSETS.md', 'read')).toMatchObject({ code: 'io', message: 'Could not read /p/ASSETS.md: a string' });
    expect(toMemoryWriteError(null, '/p/ASSETS.md', 'read')).toMatchObject({ code: 'io', message: 'Could not read /p/ASSETS.md: null' });
    expect(toMemoryWriteError({ code: 42 }, '/p/ASSETS.md', 'read')).toMatchObject({ code: 'io' });
    const own = new MemoryWriteError({ code: 'linked_folder', message: 'link' });
    expect(toMemoryWriteError(own, '/p/ASSETS.md', 'write')).toBe(own);
  });
});
