// Reads ASSETS.md back into entries, in file order, for the app (and for people's tools).
// Like a write, a read never goes through a `.forge` or an ASSETS.md that is a link.
import { constants } from 'node:fs';
import path from 'node:path';

import { parseAssetEntries, type AssetEntry } from './asset-entry-format.ts';
import { nodeFileSystem, type MemoryFileSystem } from './memory-file-system.ts';
import { checkMemoryFolders } from './memory-path.ts';
import { toMemoryWriteError } from './memory-write-error.ts';

const readFlags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW);

/** Every entry in `<memoryBase>/ASSETS.md` (none when the file does not exist yet). */
export async function readAssetEntries(memoryBase: string, options: { fileSystem?: MemoryFileSystem } = {}): Promise<AssetEntry[]> {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const file = path.join(memoryBase, 'ASSETS.md');
  let text: string;
  try {
    await checkMemoryFolders(memoryBase, 'ASSETS.md', fileSystem);
    const handle = await fileSystem.open(file, readFlags);
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toMemoryWriteError(error, file, 'read');
  }
  return parseAssetEntries(text);
}
