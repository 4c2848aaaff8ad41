// Reads the `generated/` tree into Assets: walks it without following symlinks or
// entering hidden folders, reads each file's header and provenance (never whole files),
// and remembers results by path, mtime and size so a repeated listing only stats.
// A new file costs open, fstat, one 4 KiB read and close; a first listing of many files
// shares those with a worker thread (parallel-heads.ts) and parses what it read here.
import { constants } from 'node:fs';
import path from 'node:path';

import { isHiddenName, parseAssetName } from './asset-file-name.ts';
import type { Asset, StoredFile } from './asset-store-spec.ts';
import { hasErrnoCode } from './asset-store-error.ts';
import { appendSavedLines, type AssetIndexFileOptions, type IndexedEntry, readAssetIndex, removeTakenLogs, savedLine, takeSavedLog, writeAssetIndex } from './asset-index-file.ts';
import { beyondHead, fileSource, headBlockSize, headSource } from './byte-source.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
import { type ImageHeader, readImageHeader } from './image-header.ts';
import { type FileHead, type HeadsWorker, readHeadsInParallel, startHeadsWorker, stopHeadsWorker } from './parallel-heads.ts';
import { toRelativePath } from './path-containment.ts';
import { compareFilesNewestFirst, toStoredFile } from './stored-file.ts';


/**
 * Read-only, and non-blocking where the platform has it: something that is not a regular
 * file (a FIFO put in `generated/`) must not block the open; fstat then refuses it. Never
 * through a link (ELOOP): a file swapped for one after its path was checked is not read.
 */
const openFlags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NONBLOCK | constants.O_NOFOLLOW);
/**
 * Linux: reading a header leaves the file's access time alone, as a thumbnailer's peek should
 * (and a first listing of never-read files skips an inode update each: ~15–30 ms for 10,000).
 * Only the owner may ask; for anyone else's files it is dropped after the first EPERM.
 */
const keepAccessTime = process.platform === 'linux' ? constants.O_NOATIME : 0;

/** Files read per synchronous pass (~2 ms cold, well under a frame). */
const batchSize = 200;

export interface AssetCatalogOptions {
  fs: AssetStoreFileSystem;
  generatedDir: string;
  /** What relativePath is relative to. */
  base: string;
  /** Where the listing is remembered between processes; none keeps it in memory only. */
  indexFile?: string | undefined;
  /**
   * When a listing shares its reads with a worker thread: from how many never-read files,
   * in chunks of how many. The worker uses Node's own fs, so only a store on it says so.
   */
  parallelReads?: { from: number; chunkSize?: number } | undefined;
  /** Throws when a folder on the way to the one about to be walked is a link (the store's check). */
  checkFolders?: ((folder: string) => void) | undefined;
}

/** How long after a listing that read headers the index is written (off the listing's clock). */
const indexWriteDelayMs = 2000;
/**
 * How long after a save its line is appended to the saved log (a burst shares one write). Not
 * at once: the append dirties the cache folder's disk, and the next flush of any file, such as
 * the next save's, would carry it (~0.2 ms a save on back-to-back saves, measured).
 */
const savedLogDelayMs = 1000;

/** A caller's own copy: the cached Asset must not change when a caller edits what it got. */
export function copyAsset(asset: Asset): Asset {
  return { ...asset, createdAt: new Date(asset.createdAt.getTime()), provenance: { ...asset.provenance } };
}

const counters = new WeakMap<Asset, number>();

function counterOf(asset: Asset): number {
  let counter = counters.get(asset);
  if (counter === undefined) {
    counter = parseAssetName(path.basename(asset.path))?.counter ?? 1;
    counters.set(asset, counter);
  }
  return counter;
}

/** Newest first; a burst saved in one millisecond lists its last save (`-n`) first. */
export function compareNewestFirst(left: Asset, right: Asset): number {
  const byTime = right.createdAt.getTime() - left.createdAt.getTime();
  if (byTime !== 0) return byTime;
  const byCounter = counterOf(right) - counterOf(left);
  if (byCounter !== 0) return byCounter;
  return left.relativePath < right.relativePath ? 1 : left.relativePath > right.relativePath ? -1 : 0;
}

export class AssetCatalog {
  readonly #fs: AssetStoreFileSystem;
  readonly #generatedDir: string;
  /** relativePath = prefix + id. */
  readonly #relativePrefix: string;
  #cache = new Map<string, IndexedEntry>();
  readonly #index: AssetIndexFileOptions | undefined;
  readonly #parallelReads: { from: number; chunkSize?: number } | undefined;
  readonly #checkFolders: ((folder: string) => void) | undefined;
  #indexLoaded: Promise<void> | undefined;
  #indexDirty = false;
  #indexTimer: NodeJS.Timeout | undefined;
  #indexWriting: Promise<void> = Promise.resolve();
  /** Logs of saves folded into the cache, removed once an index holding them is written. */
  #takenLogs: string[] = [];
  /** Lines for the saved log not yet appended, the wait before appending them, and the append under way. */
  #savedLines: string[] = [];
  #savedTimer: NodeJS.Timeout | undefined;
  #savedWriting: Promise<void> | undefined;
  /** How many files the store's opening walk saw; undefined when it was not told. */
  #filesAtOpen: number | undefined;
  /** keepAccessTime until a file turns out not to be ours. */
  #headerOpenFlags = openFlags | keepAccessTime;

  constructor(options: AssetCatalogOptions) {
    this.#fs = options.fs;
    this.#generatedDir = options.generatedDir;
    this.#relativePrefix = `${toRelativePath(options.generatedDir, options.base)}/`;
    this.#parallelReads = options.parallelReads;
    this.#checkFolders = options.checkFolders;
    this.#index = options.indexFile === undefined ? undefined : { fs: options.fs, file: options.indexFile, generatedDir: options.generatedDir, base: options.base };
  }

  /** Told at open how many files `generated/` holds, so a first listing of a few starts no worker. */
  noteFilesAtOpen(count: number): void {
    this.#filesAtOpen = count;
  }

  /** Writes a pending index and the saved log now (on close). */
  async flush(): Promise<void> {
    if (this.#indexTimer !== undefined) {
      clearTimeout(this.#indexTimer);
      this.#indexTimer = undefined;
      this.#writeIndex();
    }
    if (this.#savedTimer !== undefined) {
      clearTimeout(this.#savedTimer);
      this.#savedTimer = undefined;
      this.#writeSaved();
    }
    await Promise.all([this.#indexWriting, this.#savedWriting]);
  }

  /**
   * Remembers a file save() just wrote, as a listing would have read it: this process lists it
   * without opening it, and (through the saved log) so does the next one.
   */
  noteSaved(absolute: string, stats: { mtimeMs: number; size: number }, asset: Asset): void {
    const entry = { mtimeMs: stats.mtimeMs, size: stats.size, asset: copyAsset(asset) };
    this.#cache.set(absolute, entry);
    // The next index a listing writes holds it too (an index is only written after a listing loaded the whole one).
    this.#indexDirty = true;
    if (this.#index === undefined) return;
    this.#savedLines.push(savedLine(this.#index, absolute, entry));
    if (this.#savedTimer === undefined && this.#savedWriting === undefined) {
      this.#savedTimer = setTimeout(() => {
        this.#savedTimer = undefined;
        this.#writeSaved();
      }, savedLogDelayMs);
      this.#savedTimer.unref();
    }
  }

  #writeSaved(): void {
    const index = this.#index;
    if (index !== undefined) this.#savedWriting ??= this.#appendSaved(index);
  }

  /** Appends the queued lines, one write for all of them (and for any queued meanwhile). */
  async #appendSaved(index: AssetIndexFileOptions): Promise<void> {
    while (this.#savedLines.length > 0) {
      const lines = this.#savedLines;
      this.#savedLines = [];
      // A log that cannot be written only costs the next process a slower first listing.
      await appendSavedLines(index, lines).catch(() => undefined);
    }
    this.#savedWriting = undefined;
  }

  async #loadIndex(): Promise<void> {
    if (this.#index === undefined) return;
    const [stored, saved] = await Promise.all([readAssetIndex(this.#index), takeSavedLog(this.#index)]);
    // Saves logged since the index was written are newer than its rows; entries from this process newer still.
    for (const [absolute, entry] of saved.entries) stored.set(absolute, entry);
    for (const [absolute, entry] of this.#cache) stored.set(absolute, entry);
    this.#cache = stored;
    if (saved.files.length > 0) {
      this.#takenLogs = saved.files;
      this.#indexDirty = true;
    }
  }

  #scheduleIndexWrite(): void {
    if (this.#index === undefined || !this.#indexDirty || this.#indexTimer !== undefined) return;
    this.#indexTimer = setTimeout(() => {
      this.#indexTimer = undefined;
      this.#writeIndex();
    }, indexWriteDelayMs);
    this.#indexTimer.unref();
  }

  #writeIndex(): void {
    const index = this.#index;
    if (index === undefined || !this.#indexDirty) return;
    this.#indexDirty = false;
    const snapshot = new Map(this.#cache);
    const taken = this.#takenLogs;
    this.#takenLogs = [];
    this.#indexWriting = this.#indexWriting.then(() =>
      writeAssetIndex(index, snapshot).then(
        () => removeTakenLogs(index, taken),
        () => {
          // A cache that cannot be written only costs the next process a slower first listing;
          // the logs it took stay for that process to fold.
        },
      ),
    );
  }

  /** Every visible regular file below `directory` (default: all of `generated/`); refused when a folder on the way is a link. */
  async files(directory = this.#generatedDir): Promise<string[]> {
    this.#checkFolders?.(directory);
    return this.#walk(directory);
  }

  async #walk(directory: string): Promise<string[]> {
    let entries;
    try {
      entries = await this.#fs.readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    const files: string[] = [];
    const folders: string[] = [];
    for (const entry of entries) {
      if (isHiddenName(entry.name)) continue;
      const target = directory + path.sep + entry.name;
      // Symlinks are never followed: one could lead out of the root.
      if (entry.isFile()) files.push(target);
      else if (entry.isDirectory()) folders.push(target);
    }
    for (const folder of folders) files.push(...(await this.#walk(folder)));
    return files;
  }

  /** Opens a file to read its header, keeping its access time where the platform lets us. */
  #openHeader(absolute: string): number {
    if (this.#headerOpenFlags !== openFlags) {
      try {
        return this.#fs.openSync(absolute, this.#headerOpenFlags);
      } catch (error) {
        if (!hasErrnoCode(error, 'EPERM')) throw error;
        this.#headerOpenFlags = openFlags;
      }
    }
    return this.#fs.openSync(absolute, openFlags);
  }

  /** The Asset for a file, or undefined when it is missing or not an image. */
  read(absolute: string): Asset | undefined {
    const cached = this.#cache.get(absolute);
    if (cached !== undefined) {
      // A file seen before costs one stat while its mtime and size stay put.
      const stats = this.#fs.statSync(absolute, { throwIfNoEntry: false });
      if (stats === undefined || !stats.isFile()) return undefined;
      if (cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.asset;
    }
    // A new (or changed) file: open, fstat, one read, close.
    let fd;
    try {
      fd = this.#openHeader(absolute);
      const stats = this.#fs.fstatSync?.(fd) ?? this.#fs.statSync(absolute);
      if (!stats.isFile()) return undefined;
      const header = readImageHeader(fileSource(this.#fs, fd, stats.size));
      const asset = header === undefined ? undefined : this.#toAsset(absolute, stats, header);
      this.#cache.set(absolute, { mtimeMs: stats.mtimeMs, size: stats.size, asset });
      this.#indexDirty = true;
      return asset;
    } catch (error) {
      // EISDIR: Windows refuses to open a folder (POSIX opens it and fstat says so). ELOOP: a link, never an asset.
      if (hasErrnoCode(error, 'ENOENT', 'ENOTDIR', 'EISDIR', 'ELOOP')) return undefined;
      throw error;
    } finally {
      if (fd !== undefined) this.#fs.closeSync(fd);
    }
  }

  /** The Asset for a file from its size, mtime and leading block (read by a worker). */
  #readHead(absolute: string, head: FileHead): Asset | undefined {
    let header;
    try {
      header = readImageHeader(headSource(head.block, head.size));
    } catch (error) {
      // The header goes on past the block (a long provenance, a big JPEG segment): read the file here.
      if (error === beyondHead) return this.read(absolute);
      throw error;
    }
    const asset = header === undefined ? undefined : this.#toAsset(absolute, head, header);
    this.#cache.set(absolute, { mtimeMs: head.mtimeMs, size: head.size, asset });
    this.#indexDirty = true;
    return asset;
  }

  /** Every asset in `generated/`, newest first. */
  async all(): Promise<Asset[]> {
    const firstListing = this.#indexLoaded === undefined;
    this.#indexLoaded ??= this.#loadIndex();
    await this.#indexLoaded;
    // This catalog's first listing with no index, of as many files as opening the store counted:
    // likely every file unread. Start the worker now, so its ~30–50 ms start-up runs while the
    // folders are walked; if there turn out to be few files it is stopped unused.
    const from = this.#parallelReads?.from;
    const early = from !== undefined && firstListing && this.#cache.size === 0 && (this.#filesAtOpen ?? from) >= from;
    const started: HeadsWorker | undefined = early ? startHeadsWorker({ blockSize: headBlockSize, openFlags: this.#headerOpenFlags, fallbackOpenFlags: openFlags }) : undefined;
    let files: string[];
    try {
      files = await this.files();
    } catch (error) {
      if (started !== undefined) stopHeadsWorker(started);
      throw error;
    }
    const seen = new Set(files);
    for (const cachedPath of this.#cache.keys()) {
      if (!seen.has(cachedPath)) {
        this.#cache.delete(cachedPath);
        this.#indexDirty = true;
      }
    }
    const assets: Asset[] = [];
    const add = (read: () => Asset | undefined): void => {
      try {
        const asset = read();
        if (asset !== undefined) assets.push(asset);
      } catch {
        // One unreadable file must not hide all the others.
      }
    };
    const unread = files.filter((file) => !this.#cache.has(file));
    // Many files never read (a first listing): share the reads with a worker thread.
    const parallel = this.#parallelReads !== undefined && unread.length >= this.#parallelReads.from;
    const worker = parallel ? (started ?? startHeadsWorker({ blockSize: headBlockSize, openFlags: this.#headerOpenFlags, fallbackOpenFlags: openFlags })) : undefined;
    if (worker === undefined && started !== undefined) stopHeadsWorker(started);
    const here = worker === undefined ? files : files.filter((file) => this.#cache.has(file));
    for (let start = 0; start < here.length; start += batchSize) {
      // Short synchronous passes with a yield between them keep the event loop responsive.
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      for (const file of here.slice(start, start + batchSize)) add(() => this.read(file));
    }
    if (worker !== undefined) {
      await readHeadsInParallel(unread, worker, {
        chunkSize: this.#parallelReads?.chunkSize,
        readHere: (file) => add(() => this.read(file)),
        takeHead: (file, head) => add(() => this.#readHead(file, head)),
      });
    }
    this.#scheduleIndexWrite();
    return assets.sort(compareNewestFirst);
  }

  /** Every visible regular file a listing reads, images with their Asset and any other file without, newest first. */
  async allFiles(): Promise<StoredFile[]> {
    await this.all();
    // After a listing the cache holds exactly the files it found (and could read).
    const files: StoredFile[] = [];
    for (const [absolute, { size, mtimeMs, asset }] of this.#cache) {
      files.push(toStoredFile({ absolute, generatedDir: this.#generatedDir, relativePrefix: this.#relativePrefix, size, mtimeMs, asset: asset === undefined ? undefined : copyAsset(asset) }));
    }
    return files.sort(compareFilesNewestFirst);
  }

  #toAsset(absolute: string, stats: { mtimeMs: number; size: number }, header: ImageHeader): Asset {
    const fromProvenance = header.provenance.createdAt === undefined ? Number.NaN : Date.parse(header.provenance.createdAt);
    const createdAt = Number.isFinite(fromProvenance)
      ? new Date(fromProvenance)
      : (parseAssetName(path.basename(absolute))?.createdAt ?? new Date(stats.mtimeMs));
    const below = absolute.slice(this.#generatedDir.length + 1);
    const id = path.sep === '/' ? below : below.split(path.sep).join('/');
    return {
      id,
      path: absolute,
      relativePath: this.#relativePrefix + id,
      createdAt,
      mediaType: header.mediaType,
      width: header.width,
      height: header.height,
      size: stats.size,
      provenance: header.provenance,
    };
  }
}
