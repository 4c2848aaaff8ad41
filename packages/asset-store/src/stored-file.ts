// A file in `generated/` as the Library sees it, whether or not it is an image: its place,
// size and times, and its Asset when it is one. Shared by the listing and the watcher.
import path from 'node:path';

import { parseAssetName } from './asset-file-name.ts';
import type { Asset, StoredFile } from './asset-store-spec.ts';
import { toRelativePath } from './path-containment.ts';

export interface StoredFileInput {
  absolute: string;
  generatedDir: string;
  /** What relativePath starts with: `generated/` relative to the base, with a trailing slash. */
  relativePrefix: string;
  size: number;
  mtimeMs: number;
  /** The image's Asset (the caller's own copy), or undefined for any other file. */
  asset: Asset | undefined;
}

export function toStoredFile({ absolute, generatedDir, relativePrefix, size, mtimeMs, asset }: StoredFileInput): StoredFile {
  const modifiedAt = new Date(mtimeMs);
  const id = toRelativePath(absolute, generatedDir);
  const file: StoredFile = {
    id,
    path: absolute,
    relativePath: relativePrefix + id,
    size,
    modifiedAt,
    createdAt: asset === undefined ? (parseAssetName(path.basename(absolute))?.createdAt ?? new Date(mtimeMs)) : new Date(asset.createdAt.getTime()),
  };
  if (asset !== undefined) file.asset = asset;
  return file;
}

/** Newest first; the same time lists the later path first, as list() breaks its last tie. */
export function compareFilesNewestFirst(left: StoredFile, right: StoredFile): number {
  const byTime = right.createdAt.getTime() - left.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return left.relativePath < right.relativePath ? 1 : left.relativePath > right.relativePath ? -1 : 0;
}
