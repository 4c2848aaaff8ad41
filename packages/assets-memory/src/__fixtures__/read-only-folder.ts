// A memory base where every write fails the way a read-only disk fails. Root ignores file
// modes, so this mounts a tmpfs and remounts it read-only when the machine allows; otherwise
// it injects a file system whose writes throw EROFS. `kind` says which one a test got.
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as fileSystem from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { MemoryFileSystem } from '../memory-file-system.ts';

export interface ReadOnlyFolder {
  memoryBase: string;
  kind: 'read-only mount' | 'injected EROFS';
  fileSystem: MemoryFileSystem;
  dispose: () => Promise<void>;
}

function erofs(target: unknown): NodeJS.ErrnoException {
  return Object.assign(new Error(`EROFS: read-only file system, '${String(target)}'`), { code: 'EROFS' });
}

const writeFlags = /[wax+]/;
const writeBits = constants.O_WRONLY | constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | constants.O_TRUNC;

/** An injected file system that refuses every write with EROFS. */
export const readOnlyFileSystem: MemoryFileSystem = {
  ...fileSystem,
  open: ((target: string, flags?: string | number, mode?: number) => {
    if (typeof flags === 'string' ? writeFlags.test(flags) : ((flags ?? 0) & writeBits) !== 0) return Promise.reject(erofs(target));
    return fileSystem.open(target, flags, mode);
  }) as MemoryFileSystem['open'],
  writeFile: ((target: unknown) => Promise.reject(erofs(target))) as MemoryFileSystem['writeFile'],
  rename: ((target: unknown) => Promise.reject(erofs(target))),
  link: ((target: unknown) => Promise.reject(erofs(target))),
  unlink: ((target: unknown) => Promise.reject(erofs(target))),
};

/** A folder holding `files` that can no longer be written. */
export async function createReadOnlyFolder(files: Record<string, string>): Promise<ReadOnlyFolder> {
  const memoryBase = await mkdtemp(path.join(os.tmpdir(), 'assets-memory-ro-'));
  let mounted = false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', memoryBase], { stdio: 'ignore' });
    mounted = true;
    for (const [name, content] of Object.entries(files)) await fileSystem.writeFile(path.join(memoryBase, name), content);
    execFileSync('mount', ['-o', 'remount,ro', memoryBase], { stdio: 'ignore' });
    return {
      memoryBase,
      kind: 'read-only mount',
      fileSystem,
      dispose: async () => {
        execFileSync('umount', [memoryBase], { stdio: 'ignore' });
        await rm(memoryBase, { recursive: true, force: true });
      },
    };
  } catch {
    if (mounted) execFileSync('umount', [memoryBase], { stdio: 'ignore' });
  }
  for (const [name, content] of Object.entries(files)) await fileSystem.writeFile(path.join(memoryBase, name), content);
  return { memoryBase, kind: 'injected EROFS', fileSystem: readOnlyFileSystem, dispose: () => rm(memoryBase, { recursive: true, force: true }) };
}
