// The store's folders are real folders inside the folder the user chose. `.forge` and every
// folder below it (`generated`, `generated/<kind>`) is checked with lstat, one level at a time
// from the project folder (in Open mode from the scratchpad), and a symbolic link anywhere on
// that way is refused, wherever it points. Comparing real paths is not enough: a cloned repo
// that commits `.forge -> ../../..` makes the whole disk look like the inside of the store.
// Node has no openat(), so no folder can be pinned between a check and the write after it: the
// store checks before it writes and again right before a new name appears (see save()).
import { lstatSync } from 'node:fs';
import path from 'node:path';

import { AssetStoreError, toAssetStoreError } from './asset-store-error.ts';
import type { AssetStoreFileSystem } from './file-system.ts';

export interface StoreFolders {
  /** Trusted as it is, links included: the project folder, or the scratchpad in Open mode. */
  anchor: string;
  /** How a message names the anchor: `this project`, `the scratchpad`. */
  place: string;
}

/** The refusal a person reads when a folder Forge would use is a symbolic link. */
export function linkedFolderError(folder: string, place: string): AssetStoreError {
  return new AssetStoreError({
    code: 'linked_folder',
    message: `\`${path.basename(folder)}\` in ${place} is a link to another place; Forge will not follow it`,
    path: folder,
  });
}

function notAFolderError(folder: string, place: string): AssetStoreError {
  return new AssetStoreError({
    code: 'io',
    message: `\`${path.basename(folder)}\` in ${place} is a file, not a folder (${folder}); Forge keeps its files in a folder of that name.`,
    path: folder,
  });
}

/** Each folder from just below the anchor down to `folder`, which lies inside the anchor. */
function foldersDownTo(anchor: string, folder: string): string[] {
  const relative = path.relative(anchor, folder);
  const steps: string[] = [];
  let current = anchor;
  for (const segment of relative === '' ? [] : relative.split(path.sep)) {
    current = path.join(current, segment);
    steps.push(current);
  }
  return steps;
}

/** What is at `step`, without following a link; undefined when nothing is. */
function lstatStep(step: string, place: string): ReturnType<typeof lstatSync> {
  try {
    return lstatSync(step, { throwIfNoEntry: false });
  } catch (error) {
    throw toAssetStoreError(error, `check the folder \`${path.basename(step)}\` in ${place}`, path.dirname(step), step);
  }
}

/**
 * Refuses when `folder`, or a folder on the way to it from the anchor, is a link or a file.
 * Folders that do not exist yet pass: nothing can be read or written through them.
 */
export function assertRealFolders(folders: StoreFolders, folder: string): void {
  for (const step of foldersDownTo(folders.anchor, folder)) {
    const stats = lstatStep(step, folders.place);
    if (stats === undefined) return;
    if (stats.isSymbolicLink()) throw linkedFolderError(step, folders.place);
    if (!stats.isDirectory()) throw notAFolderError(step, folders.place);
  }
}

/**
 * Creates `folder` and any folder missing on the way to it, one level at a time, refusing a
 * link or a file where a folder should be (a failure reads "Could not <action>: …"). `created`
 * hears of each folder this call made.
 */
export async function ensureRealFolders(
  fs: AssetStoreFileSystem,
  folders: StoreFolders,
  folder: string,
  action: string,
  created?: (made: string) => Promise<void>,
): Promise<void> {
  try {
    await fs.mkdir(folders.anchor, { recursive: true });
  } catch (error) {
    throw toAssetStoreError(error, action, folders.anchor);
  }
  for (const step of foldersDownTo(folders.anchor, folder)) {
    let made = true;
    try {
      // Not recursive: mkdir never follows a link in the last place, and the places above were checked.
      await fs.mkdir(step);
    } catch (error) {
      made = false;
      const stats = await fs.lstat(step).catch(() => undefined);
      if (stats === undefined) throw toAssetStoreError(error, action, path.dirname(step), step);
      if (stats.isSymbolicLink()) throw linkedFolderError(step, folders.place);
      if (!stats.isDirectory()) throw notAFolderError(step, folders.place);
    }
    if (made) await created?.(step);
  }
}
