// The file-system edge the store runs on: Node's promises API by default, injectable so
// tests can stop a save at an exact step or fail the disk where the machine cannot.
// Reading headers uses the synchronous calls (see byte-source.ts); everything else is async.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';

export type AssetStoreFileSystem = Pick<
  typeof fsPromises,
  'open' | 'link' | 'unlink' | 'rename' | 'mkdir' | 'readdir' | 'stat' | 'lstat' | 'readFile' | 'writeFile'
> & {
  statSync: typeof statSync;
  openSync: typeof openSync;
  readSync: typeof readSync;
  closeSync: typeof closeSync;
  /** Optional so a file system written before it existed still works (statSync by path instead). */
  fstatSync?: typeof fstatSync;
};

export const nodeFileSystem: AssetStoreFileSystem = { ...fsPromises, statSync, openSync, readSync, closeSync, fstatSync };
