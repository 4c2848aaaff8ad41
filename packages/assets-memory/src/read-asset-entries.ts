// Reads ASSETS.md back into entries, in file order, for the app (and for people's tools).
import path from 'node:path';

import { parseAssetEntries, type AssetEntry } from './asset-entry-format.ts';
import { nodeFileSystem, type MemoryFileSystem } from './memory-file-system.ts';
import { toMemoryWriteError } from './memory-write-error.ts';

/** Every entry in `<memoryBase>/ASSETS.md` (none when the file does not exist yet). */
export async function readAssetEntries(memoryBase: string, options: { fileSystem?: MemoryFileSystem } = {}): Promise<AssetEntry[]> {
  const file = path.join(memoryBase, 'ASSETS.md');
  let text: string;
  try {
    text = await (options.fileSystem ?? nodeFileSystem).readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toMemoryWriteError(error, file, 'read');
  }
  return parseAssetEntries(text);
}
