// Small WebP thumbnails of assets, cached outside the project. A cache entry is named by
// the source's path, the height, and the source's mtime and size, so an edited source gets
// a fresh thumbnail and its stale ones are removed.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { inspectImage } from '@forge/image-gen';
import sharp from 'sharp';

import { AssetStoreError, hasErrnoCode, toAssetStoreError } from './asset-store-error.ts';
import type { Thumbnail } from './asset-store-spec.ts';
import type { AssetStoreFileSystem } from './file-system.ts';

export const defaultThumbnailHeight = 192;
const maxThumbnailHeight = 4096;

/** `<OS cache dir>/forge/thumbnails`, worked out without reading the environment. */
export function defaultThumbnailDir(platform: NodeJS.Platform, homeDir: string = os.homedir()): string {
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Caches', 'forge', 'thumbnails');
  if (platform === 'win32') return path.join(homeDir, 'AppData', 'Local', 'forge', 'thumbnails');
  return path.join(homeDir, '.cache', 'forge', 'thumbnails');
}

export interface ThumbnailCacheOptions {
  fs: AssetStoreFileSystem;
  cacheDir: string;
}

export class ThumbnailCache {
  readonly #fs: AssetStoreFileSystem;
  readonly #cacheDir: string;
  readonly #inFlight = new Map<string, Promise<Thumbnail>>();

  constructor(options: ThumbnailCacheOptions) {
    this.#fs = options.fs;
    this.#cacheDir = options.cacheDir;
  }

  /** The thumbnail of the image at `source` (absolute), built on first use. */
  async get(source: string, requestedHeight: number = defaultThumbnailHeight): Promise<Thumbnail> {
    if (!Number.isFinite(requestedHeight) || requestedHeight < 1) throw new RangeError(`A thumbnail height must be a positive number, not ${requestedHeight}.`);
    const height = Math.min(maxThumbnailHeight, Math.round(requestedHeight));
    let stats;
    try {
      stats = await this.#fs.stat(source);
    } catch (error) {
      throw toAssetStoreError(error, 'make a thumbnail', path.dirname(source), source);
    }
    if (!stats.isFile()) throw new AssetStoreError({ code: 'not_found', message: `Could not make a thumbnail: ${source} is not a file.`, path: source });
    const key = createHash('sha256').update(source).digest('hex').slice(0, 32);
    const folder = path.join(this.#cacheDir, key.slice(0, 2));
    const prefix = `${key}-${height}-`;
    const target = path.join(folder, `${prefix}${Math.round(stats.mtimeMs)}-${stats.size}.webp`);
    let pending = this.#inFlight.get(target);
    if (pending === undefined) {
      pending = this.#load(source, target, folder, prefix, height).finally(() => this.#inFlight.delete(target));
      this.#inFlight.set(target, pending);
    }
    return pending;
  }

  async #load(source: string, target: string, folder: string, prefix: string, height: number): Promise<Thumbnail> {
    try {
      const bytes = await this.#fs.readFile(target);
      const info = inspectImage(bytes);
      return { path: target, bytes, mediaType: 'image/webp', width: info.width, height: info.height };
    } catch {
      // Not cached yet (or a damaged entry): build it.
    }
    let input: Buffer;
    try {
      input = await this.#readSource(source);
    } catch (error) {
      throw toAssetStoreError(error, 'make a thumbnail', path.dirname(source), source);
    }
    let output;
    try {
      output = await sharp(input, { failOn: 'error' })
        .autoOrient()
        .resize({ height, withoutEnlargement: true })
        .webp({ quality: 80, effort: 2 })
        .toBuffer({ resolveWithObject: true });
    } catch (error) {
      throw new AssetStoreError({
        code: 'invalid_image',
        message: `Could not make a thumbnail of ${source}: it is not a readable image (${error instanceof Error ? error.message : String(error)}).`,
        path: source,
        cause: error,
      });
    }
    try {
      await this.#fs.mkdir(folder, { recursive: true });
      const temporary = path.join(folder, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
      try {
        await this.#fs.writeFile(temporary, output.data);
        await this.#fs.rename(temporary, target);
      } catch (error) {
        await this.#fs.unlink(temporary).catch(() => undefined);
        throw error;
      }
      await this.#removeStale(folder, prefix, path.basename(target));
    } catch (error) {
      throw toAssetStoreError(error, 'cache the thumbnail', this.#cacheDir, target);
    }
    return { path: target, bytes: output.data, mediaType: 'image/webp', width: output.info.width, height: output.info.height };
  }

  /** The source's bytes, never read through a link (one swapped in after its path was checked). */
  async #readSource(source: string): Promise<Buffer> {
    let handle;
    try {
      handle = await this.#fs.open(source, constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW));
    } catch (error) {
      if (hasErrnoCode(error, 'ELOOP')) {
        throw new AssetStoreError({ code: 'outside_root', message: `Refused to make a thumbnail of ${source}: it is a symbolic link.`, path: source, cause: error });
      }
      throw error;
    }
    try {
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  async #removeStale(folder: string, prefix: string, keep: string): Promise<void> {
    for (const name of await this.#fs.readdir(folder)) {
      if (name.startsWith(prefix) && name !== keep) {
        await this.#fs.unlink(path.join(folder, name)).catch((error: unknown) => {
          if (!hasErrnoCode(error, 'ENOENT')) throw error;
        });
      }
    }
  }
}
