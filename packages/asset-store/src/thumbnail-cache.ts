// Small WebP thumbnails of assets, cached outside the project. A cache entry is named by
// the source's path, the height, and the source's mtime and size, so an edited source gets
// a fresh thumbnail and its stale ones are removed.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { inspectImage } from '@forge/image-gen';
import sharp, { type OutputInfo } from 'sharp';

import { AssetStoreError, hasErrnoCode, toAssetStoreError } from './asset-store-error.ts';
import type { Thumbnail } from './asset-store-spec.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
import { PendingWork } from './pending-work.ts';

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
  /** How long after a save its second and later prepared thumbnails wait (unless asked for); default 250 ms. */
  laterDelayMs?: number;
}

const defaultLaterDelayMs = 250;

/** What names a source's version: its modification time and size. */
export interface SourceIdentity {
  mtimeMs: number;
  size: number;
}

export interface PreparedThumbnails {
  /** The file is saved: its thumbnails are kept under its identity and shared with `get`. */
  adopt(source: string, identity: SourceIdentity): void;
}

interface CacheEntry {
  folder: string;
  prefix: string;
  height: number;
  target: string;
}

function checkedHeight(requestedHeight: number): number {
  if (!Number.isFinite(requestedHeight) || requestedHeight < 1) throw new RangeError(`A thumbnail height must be a positive number, not ${requestedHeight}.`);
  return Math.min(maxThumbnailHeight, Math.round(requestedHeight));
}

/** A WebP `height` pixels tall (never enlarged), the picture turned upright. */
function render(input: Uint8Array, height: number): Promise<{ data: Buffer; info: OutputInfo }> {
  return sharp(input, { failOn: 'error' })
    .autoOrient()
    .resize({ height, withoutEnlargement: true })
    .webp({ quality: 80, effort: 2 })
    .toBuffer({ resolveWithObject: true });
}

export class ThumbnailCache {
  readonly #fs: AssetStoreFileSystem;
  readonly #cacheDir: string;
  readonly #laterDelayMs: number;
  /** By cache file: the thumbnail being made (kept until it is in the cache), and how to hurry it. */
  readonly #inFlight = new Map<string, { thumbnail: Promise<Thumbnail>; start: () => void }>();
  /** Work under way (making a thumbnail, writing it to the cache): `close` waits for it. */
  readonly #work = new PendingWork();
  #closed = false;

  constructor(options: ThumbnailCacheOptions) {
    this.#fs = options.fs;
    this.#cacheDir = options.cacheDir;
    this.#laterDelayMs = options.laterDelayMs ?? defaultLaterDelayMs;
  }

  /** The thumbnail of the image at `source` (absolute), built on first use. */
  async get(source: string, requestedHeight: number = defaultThumbnailHeight): Promise<Thumbnail> {
    const height = checkedHeight(requestedHeight);
    let stats;
    try {
      stats = await this.#fs.stat(source);
    } catch (error) {
      throw toAssetStoreError(error, 'make a thumbnail', path.dirname(source), source);
    }
    if (!stats.isFile()) throw new AssetStoreError({ code: 'not_found', message: `Could not make a thumbnail: ${source} is not a file.`, path: source });
    const entry = this.#entry(source, height, stats);
    const pending = this.#inFlight.get(entry.target);
    if (pending !== undefined) {
      // A prepared thumbnail waiting its turn is wanted now.
      pending.start();
      return pending.thumbnail;
    }
    return this.#track(entry, this.#work.track(this.#load(source, entry)));
  }

  /**
   * Stops: a save's later thumbnails not yet begun are dropped (they are made when next asked
   * for), and what is under way is finished and kept, so nothing reaches the cache after this.
   */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#work.settled();
  }

  /**
   * Starts the thumbnails of an image being saved, from its bytes in memory: the first at once
   * (it is ready about when the file is), the others one after the other a moment after the
   * file is saved, unless one is asked for sooner. Call `adopt` once the file exists; a save
   * that failed makes only the first, which nobody keeps.
   */
  prepare(bytes: Uint8Array, requestedHeights: readonly number[]): PreparedThumbnails {
    const jobs = [...new Set(requestedHeights.map(checkedHeight))].map((height) => {
      let begin = (): void => undefined;
      const started = new Promise<void>((resolve) => (begin = resolve));
      const output = started.then(() => render(bytes, height));
      // Once closed, nothing new begins.
      const start = (): void => {
        if (this.#closed) return;
        begin();
        this.#work.track(output).catch(() => undefined);
      };
      // Until adopted, a failure is nobody's: whoever asks for the thumbnail is told.
      output.catch(() => undefined);
      return { height, output, start };
    });
    jobs[0]?.start();
    return {
      adopt: (source, identity) => {
        for (const [index, job] of jobs.entries()) {
          const entry = this.#entry(source, job.height, identity);
          this.#track(entry, this.#store(source, entry, job.output), job.start).catch(() => undefined);
          const next = jobs[index + 1];
          if (next !== undefined) {
            void job.output.catch(() => undefined).then(() => setTimeout(next.start, this.#laterDelayMs).unref());
          }
        }
      },
    };
  }

  #entry(source: string, height: number, identity: SourceIdentity): CacheEntry {
    const key = createHash('sha256').update(source).digest('hex').slice(0, 32);
    const folder = path.join(this.#cacheDir, key.slice(0, 2));
    const prefix = `${key}-${height}-`;
    return { folder, prefix, height, target: path.join(folder, `${prefix}${Math.round(identity.mtimeMs)}-${identity.size}.webp`) };
  }

  /** One piece of work per cache file: a second caller shares the first's. */
  #track(entry: CacheEntry, thumbnail: Promise<Thumbnail>, start: () => void = () => undefined): Promise<Thumbnail> {
    this.#inFlight.set(entry.target, { thumbnail, start });
    thumbnail.catch(() => this.#forget(entry));
    return thumbnail;
  }

  #forget(entry: CacheEntry): void {
    this.#inFlight.delete(entry.target);
  }

  async #load(source: string, entry: CacheEntry): Promise<Thumbnail> {
    const { target } = entry;
    try {
      const bytes = await this.#fs.readFile(target);
      const info = inspectImage(bytes);
      this.#forget(entry);
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
    return this.#store(source, entry, render(input, entry.height));
  }

  /**
   * The rendered thumbnail, handed back as soon as it is made; it is then kept in the cache
   * (written aside, renamed into place), and asked for meanwhile it is shared from memory. A
   * cache that cannot be written costs only the next request's time.
   */
  async #store(source: string, entry: CacheEntry, rendering: ReturnType<typeof render>): Promise<Thumbnail> {
    let output;
    try {
      output = await rendering;
    } catch (error) {
      throw new AssetStoreError({
        code: 'invalid_image',
        message: `Could not make a thumbnail of ${source}: it is not a readable image (${error instanceof Error ? error.message : String(error)}).`,
        path: source,
        cause: error,
      });
    }
    void this.#work.track(this.#keep(entry, output.data))
      .catch(() => undefined)
      .finally(() => this.#forget(entry));
    return { path: entry.target, bytes: output.data, mediaType: 'image/webp', width: output.info.width, height: output.info.height };
  }

  async #keep(entry: CacheEntry, bytes: Buffer): Promise<void> {
    const { folder, prefix, target } = entry;
    await this.#fs.mkdir(folder, { recursive: true });
    const temporary = path.join(folder, `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      await this.#fs.writeFile(temporary, bytes);
      await this.#fs.rename(temporary, target);
    } catch (error) {
      await this.#fs.unlink(temporary).catch(() => undefined);
      throw error;
    }
    await this.#removeStale(folder, prefix, path.basename(target));
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
