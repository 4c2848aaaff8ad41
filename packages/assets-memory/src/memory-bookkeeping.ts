// Where the writer keeps its own files: the lock and the applied-entry index of a memory file
// live in the cache folder outside the project, under a name hashed from the memory file's real
// path (as the asset store keeps its listing index), so `git add .forge` commits only what the
// user reads. Every process that writes one memory file with the same cache folder finds the
// same lock. Older versions kept both beside the file (`.ASSETS.md.lock`, `.ASSETS.md.index`).
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export interface MemoryBookkeeping {
  /** `<cacheDir>/memory`. */
  folder: string;
  /** The cross-process lock (O_EXCL) of the memory file. */
  lockPath: string;
  /** The applied-entry index of the memory file (a cache, rebuilt whenever it does not match). */
  indexPath: string;
}

/**
 * `<OS cache dir>/forge/thumbnails`, worked out without reading the environment: the folder
 * `@forge/asset-store` uses by default, so a host that passes no cacheDir to either shares it.
 */
export function defaultMemoryCacheDir(platform: NodeJS.Platform = process.platform, homeDir: string = os.homedir()): string {
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Caches', 'forge', 'thumbnails');
  if (platform === 'win32') return path.join(homeDir, 'AppData', 'Local', 'forge', 'thumbnails');
  return path.join(homeDir, '.cache', 'forge', 'thumbnails');
}

/** The lock and index of the memory file at `realTarget` (its real, absolute path). */
export function memoryBookkeeping(realTarget: string, cacheDir: string): MemoryBookkeeping {
  const folder = path.join(path.resolve(cacheDir), 'memory');
  const name = createHash('sha256').update(realTarget).digest('hex').slice(0, 32);
  return { folder, lockPath: path.join(folder, `${name}.lock`), indexPath: path.join(folder, `${name}.index`) };
}

/** Where versions before this one kept them: beside the memory file, inside the project. */
export function legacyBookkeeping(target: string): { lockPath: string; indexPath: string } {
  const folder = path.dirname(target);
  const name = path.basename(target);
  return { lockPath: path.join(folder, `.${name}.lock`), indexPath: path.join(folder, `.${name}.index`) };
}
