// Node's file system, counting the files opened to read a header: how a test tells a listing
// that came from the index or the log of saves from one that opened the files.
import { type AssetStoreFileSystem, nodeFileSystem } from '../file-system.ts';

export interface CountingFileSystem {
  fs: AssetStoreFileSystem;
  /** Header opens so far. */
  opened(): number;
}

export function countingOpens(): CountingFileSystem {
  let opened = 0;
  return {
    fs: {
      ...nodeFileSystem,
      openSync: (...args: Parameters<typeof nodeFileSystem.openSync>) => {
        opened += 1;
        return nodeFileSystem.openSync(...args);
      },
    },
    opened: () => opened,
  };
}
