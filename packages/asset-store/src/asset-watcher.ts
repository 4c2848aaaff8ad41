// Tells listeners when assets appear in or vanish from `generated/`, whoever wrote them.
// One watcher per folder (kinds included, new ones picked up), events debounced, hidden
// files (temporaries) ignored, and an image announced only once it is complete, so a slow
// writer that is not atomic is never shown half-written. Files that are not images (a mesh,
// a sound, an empty or damaged file) are announced too, as files without an asset.
import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';

import { isHiddenName } from './asset-file-name.ts';
import { type AssetCatalog, copyAsset } from './asset-catalog.ts';
import type { Asset, AssetChange, AssetChangeListener, StoredFile } from './asset-store-spec.ts';
import { hasErrnoCode } from './asset-store-error.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
import { sniffMediaType } from './image-header.ts';
import { isCompleteImage } from './image-metadata.ts';
import { toRelativePath } from './path-containment.ts';
import { PendingWork } from './pending-work.ts';
import { toStoredFile } from './stored-file.ts';

const maxIncompleteChecks = 40;

export interface AssetWatcherOptions {
  fs: AssetStoreFileSystem;
  catalog: AssetCatalog;
  generatedDir: string;
  base: string;
  debounceMs: number;
  /** Creates `generated/` (refusing a linked one) so there is a folder to watch. */
  prepare: () => Promise<void>;
  /** Throws when `folder` or a folder on the way to it is a link: nothing is watched through one. */
  checkFolders: (folder: string) => void;
}

export class AssetWatcher {
  readonly #options: AssetWatcherOptions;
  readonly #listeners = new Set<AssetChangeListener>();
  readonly #folderWatchers = new Map<string, FSWatcher>();
  /** Files announced (or present at start), by absolute path. */
  readonly #known = new Set<string>();
  /** Paths touched since the last flush; `undefined` means "rescan everything". */
  readonly #pending = new Set<string | undefined>();
  readonly #incompleteChecks = new Map<string, number>();
  /** Files that are not images, by the size and mtime they had when last looked at. */
  readonly #settling = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  #started: Promise<void> | undefined;
  /** Starts underway, unsubscribed or not (each may still create `generated/`). */
  readonly #starting = new PendingWork();
  #closed = false;

  constructor(options: AssetWatcherOptions) {
    this.#options = options;
  }

  /** Resolves once the initial scan is done and changes are being watched. */
  get ready(): Promise<void> {
    return this.#started ?? Promise.resolve();
  }

  subscribe(listener: AssetChangeListener): () => void {
    this.#listeners.add(listener);
    if (this.#started === undefined) {
      this.#started = this.#start().catch(() => {
        // Without a folder to watch there is nothing to report; a later save creates it and rescans.
        this.#schedule(undefined);
      });
      // Kept until it settles, even if everyone unsubscribes meanwhile: close() waits for it.
      void this.#starting.track(this.#started);
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  }

  /** Stops watching; resolves once a start underway (it may be creating `generated/`) has settled. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#stop();
    await this.#starting.settled();
    await this.#flushing;
  }

  async #start(): Promise<void> {
    await this.#options.prepare();
    if (this.#isIdle()) return;
    // Watch first, then scan, so nothing created in between is missed.
    await this.#watchTree(this.#options.generatedDir);
    for (const file of await this.#options.catalog.allFiles()) this.#known.add(file.path);
    // Everyone unsubscribed while this was starting: release the folder watchers.
    if (this.#isIdle()) this.#stop();
  }

  #isIdle(): boolean {
    return this.#closed || this.#listeners.size === 0;
  }

  #stop(): void {
    for (const watcher of this.#folderWatchers.values()) watcher.close();
    this.#folderWatchers.clear();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending.clear();
    this.#known.clear();
    this.#incompleteChecks.clear();
    this.#settling.clear();
    this.#started = undefined;
  }

  async #watchTree(folder: string): Promise<void> {
    this.#options.checkFolders(folder);
    this.#watchFolder(folder);
    let entries;
    try {
      entries = await this.#options.fs.readdir(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !isHiddenName(entry.name)) await this.#watchTree(path.join(folder, entry.name));
    }
  }

  #watchFolder(folder: string): void {
    if (this.#folderWatchers.has(folder) || this.#closed) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, { persistent: false }, (_eventType, fileName) => {
        if (fileName === null) this.#schedule(undefined);
        else if (!isHiddenName(fileName)) this.#schedule(path.join(folder, fileName));
      });
    } catch {
      return;
    }
    watcher.on('error', () => {
      watcher.close();
      this.#folderWatchers.delete(folder);
      this.#schedule(undefined);
    });
    this.#folderWatchers.set(folder, watcher);
  }

  #schedule(target: string | undefined, delayMs = this.#options.debounceMs): void {
    if (this.#closed || this.#listeners.size === 0) return;
    this.#pending.add(target);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = this.#flushing.then(() => this.#flush());
    }, delayMs);
  }

  async #flush(): Promise<void> {
    await this.#started;
    const targets = [...this.#pending];
    this.#pending.clear();
    try {
      if (targets.includes(undefined)) {
        await this.#rescan();
        return;
      }
      for (const target of targets) if (target !== undefined) await this.#check(target);
    } catch {
      // A folder became a link (or unreadable): what was seen through it is gone, and nothing is watched through it.
      for (const known of [...this.#known]) this.#removed(known);
      for (const watcher of this.#folderWatchers.values()) watcher.close();
      this.#folderWatchers.clear();
    }
  }

  async #rescan(): Promise<void> {
    if (this.#folderWatchers.size === 0) await this.#watchTree(this.#options.generatedDir);
    const present = new Set(await this.#options.catalog.files());
    for (const known of [...this.#known]) if (!present.has(known)) this.#removed(known);
    for (const file of present) if (!this.#known.has(file)) await this.#check(file);
  }

  async #check(target: string): Promise<void> {
    // An event from a folder since swapped for a link: nothing is read through it (#flush stops).
    this.#options.checkFolders(path.dirname(target));
    let stats;
    try {
      stats = await this.#options.fs.lstat(target);
    } catch (error) {
      if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) return;
      this.#settling.delete(target);
      const prefix = target + path.sep;
      for (const known of [...this.#known]) if (known === target || known.startsWith(prefix)) this.#removed(known);
      const watcher = this.#folderWatchers.get(target);
      watcher?.close();
      this.#folderWatchers.delete(target);
      return;
    }
    if (stats.isDirectory()) {
      await this.#watchTree(target);
      for (const file of await this.#options.catalog.files(target)) if (!this.#known.has(file)) await this.#check(file);
      return;
    }
    if (!stats.isFile() || this.#known.has(target)) return;
    let bytes: Uint8Array;
    try {
      bytes = await this.#options.fs.readFile(target);
    } catch {
      return;
    }
    if (sniffMediaType(bytes) === undefined) {
      // It may still be growing (or be an image whose first bytes are not written yet): it is
      // announced once it holds still between two looks.
      const signature = `${bytes.length}:${stats.mtimeMs}`;
      if (this.#settling.get(target) !== signature) {
        this.#settling.set(target, signature);
        this.#schedule(target, this.#options.debounceMs * 2);
        return;
      }
      this.#settling.delete(target);
      this.#addedFile(target, bytes.length, stats.mtimeMs, undefined);
      return;
    }
    this.#settling.delete(target);
    if (!isCompleteImage(bytes)) {
      // Someone is still writing it; look again after the next quiet spell.
      const checks = (this.#incompleteChecks.get(target) ?? 0) + 1;
      this.#incompleteChecks.set(target, checks);
      if (checks < maxIncompleteChecks) {
        this.#schedule(target, this.#options.debounceMs * 2);
        return;
      }
      // Still cut short after every look: a damaged image, announced as the file it is.
      this.#incompleteChecks.delete(target);
      this.#addedFile(target, bytes.length, stats.mtimeMs, undefined);
      return;
    }
    this.#incompleteChecks.delete(target);
    let asset: Asset | undefined;
    try {
      asset = this.#options.catalog.read(target);
    } catch {
      return;
    }
    this.#addedFile(target, asset?.size ?? bytes.length, stats.mtimeMs, asset);
  }

  #addedFile(target: string, size: number, mtimeMs: number, asset: Asset | undefined): void {
    const { generatedDir, base } = this.#options;
    const file = toStoredFile({ absolute: target, generatedDir, relativePrefix: `${toRelativePath(generatedDir, base)}/`, size, mtimeMs, asset });
    this.#known.add(target);
    this.#emit(asset === undefined ? { type: 'added', relativePath: file.relativePath, file } : { type: 'added', relativePath: file.relativePath, asset, file });
  }

  #removed(target: string): void {
    this.#known.delete(target);
    this.#emit({ type: 'removed', relativePath: toRelativePath(target, this.#options.base) });
  }

  #emit(change: AssetChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(copyChange(change));
      } catch {
        // A failing listener must not stop the others.
      }
    }
  }
}

/** Each listener's own copy, so one that edits what it got changes nothing for the others. */
function copyChange(change: AssetChange): AssetChange {
  if (change.file === undefined) return change;
  const asset = change.asset === undefined ? undefined : copyAsset(change.asset);
  const file: StoredFile = { ...change.file, modifiedAt: new Date(change.file.modifiedAt.getTime()), createdAt: new Date(change.file.createdAt.getTime()) };
  if (asset === undefined) return { ...change, file };
  file.asset = asset;
  return { ...change, asset, file };
}
