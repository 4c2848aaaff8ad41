// A lock file shared by every process writing one memory file. Created with O_EXCL; a lock
// whose holder has died (same host, pid gone) or that is older than `staleMs` is broken by
// renaming it aside first, so two waiters cannot both break it and then both hold the lock.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

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

async function readLock(fileSystem: MemoryFileSystem, lockPath: string): Promise<{ content: LockContent | undefined; ageMs: number } | undefined> {
  try {
    const [text, stats] = await Promise.all([fileSystem.readFile(lockPath, 'utf8'), fileSystem.stat(lockPath)]);
    return { content: parseContent(text), ageMs: Date.now() - stats.mtimeMs };
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
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
  const moved = parseContent(await fileSystem.readFile(aside, 'utf8').catch(() => ''));
  if (seen !== undefined && moved?.token !== seen.token) {
    // Someone broke it and took a fresh lock between our look and our rename: give it back.
    await fileSystem.link(aside, lockPath).catch(() => undefined);
  }
  await fileSystem.unlink(aside).catch(() => undefined);
}

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Runs `work` while holding the lock at `lockPath`. */
export async function withFileLock<T>(lockPath: string, options: FileLockOptions, work: () => Promise<T>): Promise<T> {
  const { fileSystem } = options;
  const content: LockContent = { token: randomUUID(), pid: process.pid, host };
  const started = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const handle = await fileSystem.open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(content));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw toMemoryWriteError(error, options.target, 'lock');
    }
    const lock = await readLock(fileSystem, lockPath).catch((error: unknown) => {
      throw toMemoryWriteError(error, options.target, 'lock');
    });
    if (lock === undefined) continue;
    if (isStale(lock, options.staleMs)) {
      await breakStaleLock(fileSystem, lockPath, lock.content).catch((error: unknown) => {
        throw toMemoryWriteError(error, options.target, 'unlock');
      });
      continue;
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
  }
  try {
    return await work();
  } finally {
    const held = await readLock(fileSystem, lockPath).catch(() => undefined);
    if (held?.content?.token === content.token) await fileSystem.unlink(lockPath).catch(() => undefined);
  }
}
