// A memory folder on a disk with no room left: a small tmpfs filled to the last page where the
// machine lets root mount one; otherwise an injected file system whose writes under the folder
// take a few bytes and then fail with ENOSPC, as a full disk does. `kind` says which a test got.
import { execFileSync } from 'node:child_process';
import * as fileSystem from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { MemoryFileSystem } from '../memory-file-system.ts';

export interface FullDisk {
  /** The mount point (or plain folder): put the memory base inside it. */
  folder: string;
  kind: 'full tmpfs' | 'injected ENOSPC';
  fileSystem: MemoryFileSystem;
  /** Frees the space the filler took. */
  makeRoom: () => Promise<void>;
  dispose: () => Promise<void>;
}

const fillerName = 'filler.bin';

function enospc(target: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${target}'`), { code: 'ENOSPC' });
}

/** Node's file system, except that writes below `folder` land at most 100 bytes and then fail (while `full()`). */
function injectedFullDisk(folder: string, full: () => boolean): MemoryFileSystem {
  const inside = (target: unknown): boolean => full() && String(target).startsWith(folder + path.sep);
  const wrap = (handle: FileHandle, target: string): FileHandle => {
    let room = 100;
    const write = async (buffer: Buffer, offset = 0, length = buffer.length - offset, position: number | null = null) => {
      if (room === 0) throw enospc(target);
      const taken = Math.min(room, length);
      room -= taken;
      return handle.write(buffer, offset, taken, position);
    };
    const writeFile = () => Promise.reject(enospc(target));
    return new Proxy(handle, { get: (object, property) => (property === 'write' ? write : property === 'writeFile' ? writeFile : (Reflect.get(object, property, object) as unknown)) });
  };
  return {
    ...fileSystem,
    open: (async (target: string, flags?: string | number, mode?: number) => {
      const handle = await fileSystem.open(target, flags, mode);
      return inside(target) ? wrap(handle, target) : handle;
    }) as MemoryFileSystem['open'],
    writeFile: ((target: string, ...rest: unknown[]) => (inside(target) ? Promise.reject(enospc(target)) : (fileSystem.writeFile as (...args: unknown[]) => Promise<void>)(target, ...rest))) as MemoryFileSystem['writeFile'],
  };
}

/** A folder holding `files` (relative paths) on a disk that is then filled. */
export async function createFullDisk(files: Record<string, string>): Promise<FullDisk> {
  const folder = await fileSystem.mkdtemp(path.join(os.tmpdir(), 'assets-memory-full-'));
  const write = async (): Promise<void> => {
    for (const [name, content] of Object.entries(files)) {
      await fileSystem.mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await fileSystem.writeFile(path.join(folder, name), content);
    }
  };
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'tmpfs', folder], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    await write();
    let full = true;
    return {
      folder,
      kind: 'injected ENOSPC',
      fileSystem: injectedFullDisk(folder, () => full),
      makeRoom: () => Promise.resolve(void (full = false)),
      dispose: () => fileSystem.rm(folder, { recursive: true, force: true }),
    };
  }
  await write();
  // Fill every free page: a file's own last page keeps its slack, as on any real full disk.
  await fileSystem.writeFile(path.join(folder, fillerName), Buffer.alloc(512 * 1024)).catch(() => undefined);
  return {
    folder,
    kind: 'full tmpfs',
    fileSystem,
    makeRoom: () => fileSystem.rm(path.join(folder, fillerName), { force: true }),
    dispose: async () => {
      execFileSync('umount', ['-l', folder], { stdio: 'ignore', timeout: 10_000 });
      await fileSystem.rm(folder, { recursive: true, force: true });
    },
  };
}

/** What a test sees in the folder, without the filler. */
export async function entriesOf(folder: string): Promise<string[]> {
  return (await fileSystem.readdir(folder, { recursive: true })).filter((name) => name !== fillerName).sort();
}
