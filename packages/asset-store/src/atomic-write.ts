// Durable, atomic, collision-free file creation. Bytes go to a hidden temporary in the
// target folder, are flushed, then hard-linked to the first free `<stem>[-n]<ext>`: link
// fails with EEXIST instead of clobbering, so two processes can never take one name and no
// reader ever sees a partial file. Stale temporaries from a crash are removed on open.
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { hasErrnoCode } from './asset-store-error.ts';
import { candidateName, isHiddenName, parseTemporaryName, temporaryName } from './asset-file-name.ts';
import type { AssetStoreFileSystem } from './file-system.ts';

/** Temporaries this process is writing right now: never "stale", whatever their pid says. */
const activeTemporaries = new Set<string>();
/** Per folder and extension, where the last save's numbering ended, so a burst is not O(n²). */
const nextAttempt = new Map<string, { stem: string; attempt: number }>();
const staleAgeMs = 24 * 60 * 60 * 1000;
const maxAttempts = 100_000;

export interface CreateFileOptions {
  fs: AssetStoreFileSystem;
  directory: string;
  stem: string;
  extension: string;
  /** The file's content, as slices written in order. */
  parts: Uint8Array[];
  pid: number;
  /**
   * Runs once the bytes are flushed, right before the name is taken; a throw removes the
   * temporary and fails the save (the store checks here that no folder became a link).
   */
  beforeLink?: (() => void) | undefined;
}

async function removeQuietly(fs: AssetStoreFileSystem, target: string): Promise<void> {
  try {
    await fs.unlink(target);
  } catch {
    // Already gone, or the disk refuses: the next open cleans it.
  }
}

/** Writes go in 512 KiB batches, as Node's writeFile does; small slices ride in the first batch. */
const writeChunkSize = 524_288;

/** Writes every slice in order; a short write (a nearly full disk) is continued so the failure surfaces. */
async function writeAll(handle: FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  const queue = parts.filter((part) => part.length > 0);
  let index = 0;
  let offset = 0;
  while (index < queue.length) {
    const batch: Uint8Array[] = [];
    let size = 0;
    for (let next = index, start = offset; next < queue.length && size < writeChunkSize; next += 1, start = 0) {
      const part = queue[next] as Uint8Array;
      const take = Math.min(part.length - start, writeChunkSize - size);
      batch.push(part.subarray(start, start + take));
      size += take;
    }
    let { bytesWritten } = await handle.writev(batch);
    if (bytesWritten === 0) throw Object.assign(new Error('the disk accepted no more bytes'), { code: 'EIO' });
    while (bytesWritten > 0 && index < queue.length) {
      const left = (queue[index] as Uint8Array).length - offset;
      if (bytesWritten >= left) {
        bytesWritten -= left;
        index += 1;
        offset = 0;
      } else {
        offset += bytesWritten;
        bytesWritten = 0;
      }
    }
  }
}

async function syncDirectory(fs: AssetStoreFileSystem, directory: string): Promise<void> {
  let handle;
  try {
    handle = await fs.open(directory, 'r');
    await handle.sync();
  } catch (error) {
    // Windows and some network file systems cannot flush a directory; the data is still flushed.
    if (!hasErrnoCode(error, 'EPERM', 'EISDIR', 'EINVAL', 'EACCES', 'ENOTSUP', 'EBADF')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Where a file system without hard links (FAT, some shares) has to reserve then rename. */
async function reserveAndRename(fs: AssetStoreFileSystem, temporary: string, final: string): Promise<void> {
  const reservation = await fs.open(final, 'wx');
  await reservation.close();
  try {
    await fs.rename(temporary, final);
  } catch (error) {
    await removeQuietly(fs, final);
    throw error;
  }
}

/** The file createFileAtomically made. */
export interface CreatedFile {
  name: string;
  /** Its mtime, as a listing's stat will see it (linking and renaming leave it alone). */
  mtimeMs: number;
}

/** Writes `bytes` under the first free name and returns that name. */
export async function createFileAtomically(options: CreateFileOptions): Promise<CreatedFile> {
  const { fs, directory, stem, extension, parts, pid } = options;
  const temporary = path.join(directory, temporaryName(candidateName(stem, extension, 1), pid));
  activeTemporaries.add(temporary);
  try {
    const handle = await fs.open(temporary, 'wx', 0o644);
    let mtimeMs: number;
    try {
      await writeAll(handle, parts);
      await handle.sync();
      // Synchronous where the file system has it: ~2 µs, where a promise round trip costs ~50.
      ({ mtimeMs } = fs.fstatSync === undefined ? await handle.stat() : fs.fstatSync(handle.fd));
    } finally {
      await handle.close();
    }
    options.beforeLink?.();
    const hintKey = `${directory}\0${extension}`;
    const hint = nextAttempt.get(hintKey);
    let attempt = hint?.stem === stem ? hint.attempt : 1;
    let useLink = true;
    for (; attempt < maxAttempts; attempt += 1) {
      const name = candidateName(stem, extension, attempt);
      const final = path.join(directory, name);
      try {
        if (useLink) await fs.link(temporary, final);
        else await reserveAndRename(fs, temporary, final);
      } catch (error) {
        if (hasErrnoCode(error, 'EEXIST')) continue;
        if (useLink && hasErrnoCode(error, 'EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EMLINK', 'EXDEV')) {
          useLink = false;
          attempt -= 1;
          continue;
        }
        throw error;
      }
      nextAttempt.set(hintKey, { stem, attempt: attempt + 1 });
      // Flushing the folder makes the new name durable; the temporary's removal can ride along.
      await Promise.all([useLink ? removeQuietly(fs, temporary) : undefined, syncDirectory(fs, directory)]);
      return { name, mtimeMs };
    }
    throw new Error(`no free name for ${stem}${extension} after ${maxAttempts} attempts`);
  } catch (error) {
    await removeQuietly(fs, temporary);
    throw error;
  } finally {
    activeTemporaries.delete(temporary);
  }
}

/** Whether a process with this pid runs (one we may not signal counts). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return hasErrnoCode(error, 'EPERM');
  }
}

/** What removeStaleTemporaries did and saw. */
export interface TemporaryCleanup {
  /** The temporaries removed. */
  removed: string[];
  /** How many other visible files the folders hold (the assets a first listing will read). */
  files: number;
}

/**
 * Removes temporaries left by writers that died (their pid is gone, or they are a day
 * old). A live writer's temporary is left alone.
 */
export async function removeStaleTemporaries(fs: AssetStoreFileSystem, directory: string, now: Date): Promise<TemporaryCleanup> {
  const cleanup: TemporaryCleanup = { removed: [], files: 0 };
  let entries;
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return cleanup;
    throw error;
  }
  for (const entry of entries) {
    const target = path.join(directory, entry.name);
    if (entry.isDirectory() && !isHiddenName(entry.name)) {
      const inside = await removeStaleTemporaries(fs, target, now);
      cleanup.removed.push(...inside.removed);
      cleanup.files += inside.files;
      continue;
    }
    const temporary = entry.isFile() ? parseTemporaryName(entry.name) : undefined;
    if (temporary === undefined) {
      if (entry.isFile() && !isHiddenName(entry.name)) cleanup.files += 1;
      continue;
    }
    if (activeTemporaries.has(target)) continue;
    if (temporary.pid !== process.pid && isProcessAlive(temporary.pid)) {
      const stats = await fs.stat(target).catch(() => undefined);
      if (stats === undefined || now.getTime() - stats.mtimeMs < staleAgeMs) continue;
    }
    try {
      await fs.unlink(target);
      cleanup.removed.push(target);
    } catch (error) {
      // A read-only project can still be listed; its temporaries are simply never shown.
      if (!hasErrnoCode(error, 'ENOENT', 'EROFS', 'EACCES', 'EPERM')) throw error;
    }
  }
  return cleanup;
}
