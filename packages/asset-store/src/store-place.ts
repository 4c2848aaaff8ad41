// Where a store lives for its mode: the root (`<project>/.forge` or the scratchpad), what paths
// are relative to, and the folder its link checks start from. checkStoreFolders lets a host ask
// whether a folder can be opened as a project before it opens it (and fall back to Open mode).
import os from 'node:os';
import path from 'node:path';

import { toAssetStoreError } from './asset-store-error.ts';
import type { AssetStoreEdges, AssetStoreOptions } from './asset-store-spec.ts';
import { nodeFileSystem } from './file-system.ts';
import { assertRealFolders, type StoreFolders } from './real-folders.ts';

export interface StorePlace {
  /** `<projectDir>/.forge`, or `<home>/.forge/scratchpad`. */
  root: string;
  /** What relative paths are relative to: the project folder, or the scratchpad. */
  base: string;
  home: string;
  /** The folder that must exist before the store opens: the project, or the home folder. */
  mustExist: string;
  /** Where the lstat checks start and how messages name it. */
  folders: StoreFolders;
}

export function placeOf(options: AssetStoreOptions): StorePlace {
  if (options.mode === 'project') {
    if (typeof options.projectDir !== 'string' || options.projectDir.trim() === '') throw new TypeError('openAssetStore needs a projectDir in Project mode.');
    const projectDir = path.resolve(options.projectDir);
    return { root: path.join(projectDir, '.forge'), base: projectDir, home: os.homedir(), mustExist: projectDir, folders: { anchor: projectDir, place: 'this project' } };
  }
  const home = path.resolve(options.homeDir ?? os.homedir());
  // The scratchpad is Forge's own folder in the user's home: trusted as it is, like a project folder.
  const scratchpad = path.join(home, '.forge', 'scratchpad');
  return { root: scratchpad, base: scratchpad, home, mustExist: home, folders: { anchor: scratchpad, place: 'the scratchpad' } };
}

/** Refuses (`not_found`) unless `folder` exists and is a folder. */
export async function assertFolderExists(fs: Pick<typeof nodeFileSystem, 'stat'>, folder: string): Promise<void> {
  try {
    const stats = await fs.stat(folder);
    if (!stats.isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  } catch (error) {
    throw toAssetStoreError(error, 'open the asset store', folder);
  }
}

/**
 * Resolves when openAssetStore(options) would give a store that can save: the project (or home)
 * folder exists and neither `.forge` nor a folder below it that exists is a link (or a file).
 * Rejects with the AssetStoreError every call of such a store would give, e.g. `linked_folder`:
 * "`.forge` in this project is a link to another place; Forge will not follow it". Creates nothing.
 */
export async function checkStoreFolders(options: AssetStoreOptions, edges: Pick<AssetStoreEdges, 'fs'> = {}): Promise<void> {
  const place = placeOf(options);
  await assertFolderExists(edges.fs ?? nodeFileSystem, place.mustExist);
  assertRealFolders(place.folders, path.join(place.root, 'generated'));
}
