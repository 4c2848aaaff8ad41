// Thumbnails for the Library, the same in both hosts (the web host's `/thumbnails/…`,
// Electron's `forge-asset://thumbnail/…`): the store's cached WebP, 192 or 384 px tall,
// cached by the browser for a year under a URL that carries the file's identity (its size
// and mtime), and revalidated by an ETag of path, size and mtime when asked without it.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';

import { AssetStoreError } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';

import { fileVersion } from './library-asset.ts';

export const thumbnailHeights: readonly number[] = [192, 384];

/** `prefix` + the encoded relativePath + `?h=…&v=…`, e.g. `/thumbnails/.forge/generated/x.png?h=192&v=1a-k2`. */
export function thumbnailUrl(prefix: string): (relativePath: string, height: number, version: string) => string {
  return (relativePath, height, version) => `${prefix}${relativePath.split('/').map(encodeURIComponent).join('/')}?h=${height}&v=${encodeURIComponent(version)}`;
}

export interface ThumbnailReply {
  status: number;
  headers: Record<string, string>;
  body?: Uint8Array;
}

function plain(status: number, text: string): ThumbnailReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: new TextEncoder().encode(text) };
}

/**
 * The reply to a thumbnail request: the WebP (200), "not modified" (304) for a matching
 * ETag, 400 for a height other than 192 or 384, 404 for a path that is not an asset, and
 * 422 for a file that is not a readable image (the Library then shows its broken tile).
 */
export async function replyWithThumbnail(store: AssetStore, relativePath: string, search: URLSearchParams, ifNoneMatch?: string): Promise<ThumbnailReply> {
  const height = Number(search.get('h') ?? '192');
  if (!thumbnailHeights.includes(height)) return plain(400, 'A thumbnail is 192 or 384 pixels tall (h=192 or h=384).');
  let version: string;
  try {
    const info = await stat(store.resolve(relativePath));
    if (!info.isFile()) return plain(404, 'Not found.');
    version = fileVersion({ size: info.size, modifiedAt: new Date(info.mtimeMs) });
  } catch {
    return plain(404, 'Not found.');
  }
  const identity = createHash('sha256').update(`${relativePath}\n${version}\n${height}`).digest('base64url').slice(0, 22);
  const etag = `"${identity}"`;
  // Immutable only under the URL that names this version; any other asks again each time.
  const cache = search.get('v') === version ? 'private, max-age=31536000, immutable' : 'private, no-cache';
  const headers = { etag, 'cache-control': cache, 'x-content-type-options': 'nosniff' };
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag)) return { status: 304, headers };
  try {
    const thumbnail = await store.thumbnail(relativePath, { height });
    return { status: 200, headers: { ...headers, 'content-type': thumbnail.mediaType, 'content-length': String(thumbnail.bytes.length) }, body: thumbnail.bytes };
  } catch (error) {
    if (AssetStoreError.isInstance(error) && error.code === 'invalid_image') return plain(422, 'That file is not a readable image.');
    if (AssetStoreError.isInstance(error) && (error.code === 'not_found' || error.code === 'outside_root')) return plain(404, 'Not found.');
    throw error;
  }
}
