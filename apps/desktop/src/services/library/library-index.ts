// The Library's listing in memory: every file of `generated/` as a LibraryAsset, newest
// first, with its searchable text lower-cased once. A search is one pass over it (10,000
// assets in a few milliseconds); a page starts after a cursor that names a place in the
// order, so pages stay right while assets come and go.
import type { StoredFile } from '@forge/asset-store';

import type { LibraryAsset, LibraryKind } from '../../contract/index.ts';
import { fileVersion, type LibraryUrls, searchableText, toLibraryAsset } from './library-asset.ts';

interface Entry {
  asset: LibraryAsset;
  /** createdAt in ms: the order's first key. */
  time: number;
  text: string;
  version: string;
}

export interface LibraryQuery {
  query?: string | undefined;
  kind?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface LibraryPage {
  assets: LibraryAsset[];
  nextCursor: string | null;
  total: number;
  kinds: LibraryKind[];
}

export const defaultPageSize = 100;

/** A cursor this listing did not hand out. */
export class LibraryCursorError extends Error {
  override readonly name = 'LibraryCursorError';
  readonly code = 'invalid_input';
  constructor() {
    super('That page of the Library is not valid (the cursor was not made by Forge). Reload the Library.');
  }
}

/** Newest first; the same time: the later path first (as the asset store lists). */
function compareKeys(leftTime: number, leftPath: string, rightTime: number, rightPath: string): number {
  if (leftTime !== rightTime) return rightTime - leftTime;
  return leftPath < rightPath ? 1 : leftPath > rightPath ? -1 : 0;
}

function encodeCursor(entry: Entry): string {
  return `${entry.time.toString(36)}.${Buffer.from(entry.asset.relativePath, 'utf8').toString('base64url')}`;
}

function decodeCursor(cursor: string): { time: number; path: string } {
  const match = /^(-?[0-9a-z]{1,12})\.([A-Za-z0-9_-]*)$/.exec(cursor);
  const time = match?.[1] === undefined ? Number.NaN : Number.parseInt(match[1], 36);
  if (match?.[2] === undefined || !Number.isSafeInteger(time)) throw new LibraryCursorError();
  return { time, path: Buffer.from(match[2], 'base64url').toString('utf8') };
}

function searchWords(query: string | undefined): string[] {
  return (query ?? '').toLowerCase().split(/\s+/u).filter((word) => word !== '');
}

export class LibraryIndex {
  readonly #urls: LibraryUrls;
  #entries: Entry[] = [];
  readonly #byPath = new Map<string, Entry>();

  constructor(urls: LibraryUrls) {
    this.#urls = urls;
  }

  get size(): number {
    return this.#entries.length;
  }

  #toEntry(file: StoredFile): Entry {
    const asset = toLibraryAsset(file, this.#urls);
    return { asset, time: file.createdAt.getTime(), text: searchableText(asset), version: fileVersion(file) };
  }

  /** Replaces everything with a fresh listing; says what changed, as the watcher would have. */
  replaceAll(files: readonly StoredFile[]): { added: LibraryAsset[]; removed: string[] } {
    const previous = this.#byPath;
    const entries = files.map((file) => this.#toEntry(file));
    entries.sort((left, right) => compareKeys(left.time, left.asset.relativePath, right.time, right.asset.relativePath));
    const added: LibraryAsset[] = [];
    const removed: string[] = [];
    const seen = new Set<string>();
    for (const entry of entries) {
      const path = entry.asset.relativePath;
      seen.add(path);
      const before = previous.get(path);
      if (before === undefined) added.push(entry.asset);
      else if (before.version !== entry.version || before.time !== entry.time) {
        removed.push(path);
        added.push(entry.asset);
      }
    }
    for (const path of previous.keys()) if (!seen.has(path)) removed.push(path);
    this.#entries = entries;
    this.#byPath.clear();
    for (const entry of entries) this.#byPath.set(entry.asset.relativePath, entry);
    return { added, removed };
  }

  /** Adds a file (or replaces the one at its path); undefined when nothing about it changed. */
  upsert(file: StoredFile): LibraryAsset | undefined {
    const entry = this.#toEntry(file);
    const path = entry.asset.relativePath;
    const before = this.#byPath.get(path);
    if (before !== undefined) {
      if (before.version === entry.version && before.time === entry.time) return undefined;
      this.remove(path);
    }
    // Binary search for its place: new files are usually the newest, so this is cheap.
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const other = this.#entries[middle];
      if (other !== undefined && compareKeys(other.time, other.asset.relativePath, entry.time, path) < 0) low = middle + 1;
      else high = middle;
    }
    this.#entries.splice(low, 0, entry);
    this.#byPath.set(path, entry);
    return entry.asset;
  }

  remove(relativePath: string): boolean {
    const entry = this.#byPath.get(relativePath);
    if (entry === undefined) return false;
    this.#byPath.delete(relativePath);
    const index = this.#entries.indexOf(entry);
    if (index !== -1) this.#entries.splice(index, 1);
    return true;
  }

  get(relativePath: string): LibraryAsset | undefined {
    return this.#byPath.get(relativePath)?.asset;
  }

  /** One page of what matches: every word somewhere in the asset's text, in the kind asked for. */
  page({ query, kind, cursor, limit = defaultPageSize }: LibraryQuery): LibraryPage {
    const words = searchWords(query);
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const counts = new Map<string, number>();
    const assets: LibraryAsset[] = [];
    let last: Entry | undefined;
    let more = false;
    let total = 0;
    for (const entry of this.#entries) {
      if (words.length > 0 && !words.every((word) => entry.text.includes(word))) continue;
      counts.set(entry.asset.kind, (counts.get(entry.asset.kind) ?? 0) + 1);
      if (kind !== undefined && entry.asset.kind !== kind) continue;
      total += 1;
      if (after !== undefined && compareKeys(entry.time, entry.asset.relativePath, after.time, after.path) <= 0) continue;
      if (assets.length < limit) {
        assets.push(entry.asset);
        last = entry;
      } else {
        more = true;
      }
    }
    const kinds = [...counts].map(([name, count]) => ({ kind: name, count }));
    return { assets, nextCursor: more && last !== undefined ? encodeCursor(last) : null, total, kinds };
  }
}
