// A lock file shared by every process writing one memory file. Created with O_EXCL; a lock
// whose holder has died (same host, pid gone) or that is older than `staleMs` is broken by
// renaming it aside first, so two waiters cannot both break it and then both hold the lock.
// A lock whose content cannot be written (a full disk) is removed at once: none is left behind.
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

import type { MemoryFileSystem } from './memory-file-system.ts';
import { MemoryWriteError, toMemoryWriteError } from './memory-write-error.ts';

export interface FileLockOptions {
  fileSystem: MemoryFileSystem;
  /** Give up with `locked` after waiting this long. */
  timeoutMs: number;
  /** A lock older than this is abandoned, whoever holds it. */
  staleMs: number;
  /** The file the lock protects, for messages. */
  target: string;
}

interface LockContent {
  token: string;
  pid: number;
  host: string;
}

const host = hostname();

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

function parseContent(text: string): LockContent | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    return typeof value.token === 'string' && typeof value.pid === 'number' && typeof value.host === 'string'
      ? { token: value.token, pid: value.pid, host: value.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Lock content is one short JSON line; more than this is not a lock Forge wrote. */
const maxLockBytes = 1024;
const readFlags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW | constants.O_NONBLOCK);

/**
 * What a lock file says and how old it is; undefined when there is none. Read without following a
 * link and only its first KiB: a lock beside ASSETS.md comes with the project, and a cloned repo
 * could make it a link to `/dev/zero`. Anything but a regular file is no lock at all (stale).
 */
async function readLock(fileSystem: MemoryFileSystem, lockPath: string): Promise<{ content: LockContent | undefined; ageMs: number } | undefined> {
  let handle;
  try {
    handle = await fileSystem.open(lockPath, readFlags);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    if (errorCode(error) === 'ELOOP') return { content: undefined, ageMs: Number.POSITIVE_INFINITY };
    throw error;
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { content: undefined, ageMs: Number.POSITIVE_INFINITY };
    const buffer = Buffer.alloc(maxLockBytes);
    const { bytesRead } = await handle.read(buffer, 0, maxLockBytes, 0);
    return { content: parseContent(buffer.subarray(0, bytesRead).toString('utf8')), ageMs: Date.now() - stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

function isStale(lock: { content: LockContent | undefined; ageMs: number }, staleMs: number): boolean {
  if (lock.ageMs > staleMs) return true;
  // An empty or torn lock file is only abandoned once its writer has had time to finish it.
  if (lock.content === undefined) return lock.ageMs > Math.min(1000, staleMs);
  return lock.content.host === host && !isAlive(lock.content.pid);
}

async function breakStaleLock(fileSystem: MemoryFileSystem, lockPath: string, seen: LockContent | undefined): Promise<void> {
  const aside = `${lockPath}.${randomUUID()}.stale`;
  try {
    await fileSystem.rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = (await readLock(fileSystem, aside).catch(() => undefined))?.content;
  if (seen !== undefined && moved?.token !== seen.token) {
    // Someone broke it and took a fresh lock between our look and our rename: give it back.
    await fileSystem.link(aside, lockPath).catch(() => undefined);
  }
  await fileSystem.unlink(aside).catch(() => undefined);
}

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Creates the lock with our content; false when someone else holds it. */
async function tryCreate(fileSystem: MemoryFileSystem, lockPath: string, content: LockContent, options: FileLockOptions): Promise<boolean> {
  let handle;
  try {
    handle = await fileSystem.open(lockPath, 'wx');
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw toMemoryWriteError(error, options.target, 'write', path.dirname(lockPath));
  }
  try {
    await handle.writeFile(JSON.stringify(content));
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fileSystem.unlink(lockPath).catch(() => undefined);
    throw toMemoryWriteError(error, options.target, 'write', path.dirname(lockPath));
  }
  return true;
}

/**
 * One wait for the lock at `lockPath`, held by someone else: breaks it when stale, fails with
 * `locked` once `timeoutMs` has passed since `started`, else sleeps a little. False when the
 * lock is gone (released or broken).
 */
async function waitOnce(fileSystem: MemoryFileSystem, lockPath: string, options: FileLockOptions, started: number, attempt: number): Promise<boolean> {
  const lock = await readLock(fileSystem, lockPath).catch((error: unknown) => {
    throw toMemoryWriteError(error, options.target, 'lock', path.dirname(lockPath));
  });
  if (lock === undefined) return false;
  if (isStale(lock, options.staleMs)) {
    await breakStaleLock(fileSystem, lockPath, lock.content).catch((error: unknown) => {
      throw toMemoryWriteError(error, options.target, 'unlock', path.dirname(lockPath));
    });
    return false;
  }
  const waitedMs = Math.round(performance.now() - started);
  if (waitedMs >= options.timeoutMs) {
    throw new MemoryWriteError({
      code: 'locked',
      message: `${options.target} is being written by another Forge window or process; gave up after waiting ${waitedMs} ms. Try again in a moment.`,
      path: options.target,
      waitedMs,
    });
  }
  await sleep(Math.min(options.timeoutMs - waitedMs, Math.min(2 ** attempt, 25) + Math.random() * 5));
  return true;
}

/** Runs `work` while holding the lock at `lockPath` (its folder is created when missing). */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, work: () => Promise<T>): Promise<T> {
  const { fileSystem } = options;
  const content: LockContent = { token: randomUUID(), pid: process.pid, host };
  const started = performance.now();
  try {
    await fileSystem.mkdir(path.dirname(lockPath), { recursive: true });
  } catch (error) {
    throw toMemoryWriteError(error, options.target, 'write', path.dirname(lockPath));
  }
  for (let attempt = 0; !(await tryCreate(fileSystem, lockPath, content, options)); attempt += 1) {
    await waitOnce(fileSystem, lockPath, options, started, attempt);
  }
  try {
    return await work();
  } finally {
    const held = await readLock(fileSystem, lockPath).catch(() => undefined);
    if (held?.content?.token === content.token) await fileSystem.unlink(lockPath).catch(() => undefined);
  }
}

/**
 * Waits until no one holds the lock at `lockPath` without taking it: a live holder is waited
 * for (`locked` after `timeoutMs`), a stale lock is broken. For the lock older versions kept
 * beside the memory file; `beforeEachLook` runs before each look at it (the writer checks there
 * that the folder holding it is still a real one).
 */
export async function waitForRelease(lockPath: string, options: FileLockOptions, beforeEachLook: () => Promise<void>): Promise<void> {
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    await beforeEachLook();
    if (!(await waitOnce(options.fileSystem, lockPath, options, started, attempt))) return;
  }
}
