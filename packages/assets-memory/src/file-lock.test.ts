import { spawnSync } from 'node:child_process';
import * as fileSystem from 'node:fs/promises';
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { type FileLockOptions, waitForRelease, withFileLock } from './file-lock.ts';
import type { MemoryFileSystem } from './memory-file-system.ts';

const live = (token: string): string => JSON.stringify({ token, pid: process.pid, host: hostname() });

async function lockAt(content: string, ageSeconds: number): Promise<{ lockPath: string; options: FileLockOptions }> {
  const lockPath = path.join(await createMemoryFolder(), 'memory', 'x.lock');
  await fileSystem.mkdir(path.dirname(lockPath));
  await writeFile(lockPath, content);
  // A negative age is a clock ahead of ours: never stale by age during the test.
  const time = new Date(Date.now() - ageSeconds * 1000);
  await utimes(lockPath, time, time);
  return { lockPath, options: { fileSystem, timeoutMs: 300, staleMs: 600_000, target: '/p/.forge/ASSETS.md' } };
}

/** What taking the lock came to: `held` when the work ran, else the error's code. */
async function attempt(lockPath: string, options: FileLockOptions): Promise<string> {
  return withFileLock(lockPath, options, () => Promise.resolve('held')).catch((error: unknown) => (error as { code: string }).code);
}

describe('withFileLock', () => {
  it('waits for a lock whose content is not written yet, and breaks it once it is a second old', async () => {
    const fresh = await lockAt('', -60);
    expect(await attempt(fresh.lockPath, fresh.options)).toBe('locked');
    expect(await readFile(fresh.lockPath, 'utf8')).toBe('');
    const old = await lockAt('', 5);
    expect(await attempt(old.lockPath, old.options)).toBe('held');
  });

  it('reads a lock with any field of the wrong type as unfinished, and a whole one as held', async () => {
    const whole = await lockAt(live('other-window'), 5);
    expect(await attempt(whole.lockPath, whole.options)).toBe('locked');
    for (const malformed of [
      { token: 1, pid: process.pid, host: hostname() },
      { token: 'x', pid: String(process.pid), host: hostname() },
      { token: 'x', pid: process.pid, host: 7 },
    ]) {
      const lock = await lockAt(JSON.stringify(malformed), 5);
      expect(await attempt(lock.lockPath, lock.options), JSON.stringify(malformed)).toBe('held');
    }
  });

  it('never breaks a lock from another machine for a pid that is not running here', async () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', timeout: 30_000 }).stdout);
    const elsewhere = await lockAt(JSON.stringify({ token: 'remote', pid: dead, host: `${hostname()}-elsewhere` }), 5);
    expect(await attempt(elsewhere.lockPath, elsewhere.options)).toBe('locked');
    const here = await lockAt(JSON.stringify({ token: 'crashed', pid: dead, host: hostname() }), 5);
    expect(await attempt(here.lockPath, here.options)).toBe('held');
  });

  it('gives a fresh lock back when someone else broke the stale one and took theirs first', async () => {
    const { lockPath, options } = await lockAt(live('hung'), 60);
    const racing: MemoryFileSystem = {
      ...fileSystem,
      rename: async (from, to) => {
        // Between our look and our rename, another waiter broke it and took a lock of its own.
        if (from === lockPath) await writeFile(lockPath, live('newcomer'));
        return fileSystem.rename(from, to);
      },
    };
    expect(await attempt(lockPath, { ...options, staleMs: 10_000, fileSystem: racing })).toBe('locked');
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ token: 'newcomer' });
  });

  it('takes the lock when another waiter removed the stale one first', async () => {
    const { lockPath, options } = await lockAt(live('hung'), 60);
    const racing: MemoryFileSystem = {
      ...fileSystem,
      rename: async (from, to) => {
        if (from === lockPath) await fileSystem.unlink(lockPath);
        return fileSystem.rename(from, to);
      },
    };
    expect(await attempt(lockPath, { ...options, staleMs: 10_000, fileSystem: racing })).toBe('held');
  });

  it('releases only its own lock', async () => {
    const lockPath = path.join(await createMemoryFolder(), 'memory', 'x.lock');
    const options = { fileSystem, timeoutMs: 300, staleMs: 600_000, target: '/p/.forge/ASSETS.md' };
    await withFileLock(lockPath, options, () => writeFile(lockPath, live('took-over')));
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ token: 'took-over' });
    await fileSystem.unlink(lockPath);
    await withFileLock(lockPath, options, async () => {
      expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    });
    await expect(readFile(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('says which step failed: creating, reading or breaking the lock', async () => {
    const denied = (target: unknown): NodeJS.ErrnoException => Object.assign(new Error(`EACCES: permission denied, '${String(target)}'`), { code: 'EACCES' });
    const messageOf = async (lockPath: string, options: FileLockOptions): Promise<string> =>
      withFileLock(lockPath, options, () => Promise.resolve('')).catch((error: unknown) => (error as Error).message);

    const unwritable = await lockAt(live('other'), 5);
    const noCreate: MemoryFileSystem = { ...fileSystem, open: ((target: string, flags?: string | number) => (flags === 'wx' ? Promise.reject(denied(target)) : fileSystem.open(target, flags))) as MemoryFileSystem['open'] };
    expect(await messageOf(unwritable.lockPath, { ...unwritable.options, fileSystem: noCreate })).toMatch(/^Could not write \/p\/\.forge\/ASSETS\.md: the folder is read-only \(EACCES\)/);

    const noFolder: MemoryFileSystem = { ...fileSystem, mkdir: ((target: string) => Promise.reject(denied(target))) as MemoryFileSystem['mkdir'] };
    expect(await messageOf(unwritable.lockPath, { ...unwritable.options, fileSystem: noFolder })).toMatch(/^Could not write \/p\/\.forge\/ASSETS\.md: the folder is read-only/);

    const unreadable = await lockAt(live('other'), 5);
    const noRead: MemoryFileSystem = { ...fileSystem, open: ((target: string, flags?: string | number) => (typeof flags === 'number' ? Promise.reject(denied(target)) : fileSystem.open(target, flags))) as MemoryFileSystem['open'] };
    expect(await messageOf(unreadable.lockPath, { ...unreadable.options, fileSystem: noRead })).toMatch(/^Could not lock \/p\/\.forge\/ASSETS\.md: the folder is read-only \(EACCES\)/);

    const stale = await lockAt(live('hung'), 60);
    const noBreak: MemoryFileSystem = { ...fileSystem, rename: (from) => Promise.reject(denied(from)) };
    expect(await messageOf(stale.lockPath, { ...stale.options, staleMs: 10_000, fileSystem: noBreak })).toMatch(/^Could not unlock \/p\/\.forge\/ASSETS\.md: the folder is read-only/);
  });
});

describe('waitForRelease', () => {
  it('returns at once when there is no lock, and looks again before each wait', async () => {
    const lockPath = path.join(await createMemoryFolder(), 'none.lock');
    let looks = 0;
    await waitForRelease(lockPath, { fileSystem, timeoutMs: 300, staleMs: 600_000, target: 't' }, () => Promise.resolve(void (looks += 1)));
    expect(looks).toBe(1);
    const held = await lockAt(live('older-forge'), 5);
    looks = 0;
    await expect(waitForRelease(held.lockPath, held.options, () => Promise.resolve(void (looks += 1)))).rejects.toMatchObject({ code: 'locked', waitedMs: expect.any(Number) as number });
    expect(looks).toBeGreaterThan(1);
    expect(JSON.parse(await readFile(held.lockPath, 'utf8'))).toMatchObject({ token: 'older-forge' });
  });
});
