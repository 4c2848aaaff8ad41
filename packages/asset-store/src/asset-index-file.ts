// The listing's memory across restarts: each asset's header and provenance keyed by its
// path, mtime and size, kept in the cache folder (outside the project). A new process
// lists 10,000 assets by stat-ing them instead of opening every file; anything whose
// mtime or size moved is read again, and a missing or damaged index is simply rebuilt.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { ImageMediaType } from '@forge/image-gen';

import type { Asset } from './asset-store-spec.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
import { toRelativePath } from './path-containment.ts';
import { type Provenance, provenanceNumberFields, provenanceTextFields } from './provenance.ts';

const version = 1;
/** An id is `name` or `kind/name`…: no empty, dot-led (`..`, hidden) or backslashed segment. */
const plainIdPattern = /^(?:[^/.\\\0][^/\\\0]*\/)*[^/.\\\0][^/\\\0]*$/;
const mediaTypes: ReadonlySet<string> = new Set<ImageMediaType>(['image/png', 'image/jpeg', 'image/webp']);

export interface IndexedEntry {
  mtimeMs: number;
  size: number;
  /** Undefined for a file that is not an image (remembered so it is not re-read). */
  asset: Asset | undefined;
}

type StoredEntry = [mtimeMs: number, size: number, asset: StoredAsset | null];
interface StoredAsset {
  createdAt: number;
  mediaType: string;
  width: number;
  height: number;
  provenance: Provenance;
}

function toStored(entry: IndexedEntry): StoredEntry {
  const { asset } = entry;
  if (asset === undefined) return [entry.mtimeMs, entry.size, null];
  return [entry.mtimeMs, entry.size, { createdAt: asset.createdAt.getTime(), mediaType: asset.mediaType, width: asset.width, height: asset.height, provenance: asset.provenance }];
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function cleanProvenance(value: unknown): Provenance | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const provenance: Provenance = {};
  for (const field of provenanceTextFields) {
    const text = record[field];
    if (typeof text === 'string') provenance[field] = text;
  }
  for (const field of provenanceNumberFields) {
    const number = record[field];
    if (isPositiveInteger(number)) provenance[field] = number;
  }
  return provenance;
}

export interface AssetIndexFileOptions {
  fs: AssetStoreFileSystem;
  file: string;
  generatedDir: string;
  base: string;
}

/** Reads the index; a missing, foreign or damaged file gives an empty map. */
export async function readAssetIndex(options: AssetIndexFileOptions): Promise<Map<string, IndexedEntry>> {
  const entries = new Map<string, IndexedEntry>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await options.fs.readFile(options.file, 'utf8'));
  } catch {
    return entries;
  }
  if (typeof parsed !== 'object' || parsed === null) return entries;
  const { version: fileVersion, generatedDir, entries: stored } = parsed as Record<string, unknown>;
  if (fileVersion !== version || generatedDir !== options.generatedDir || typeof stored !== 'object' || stored === null) return entries;
  const relativePrefix = `${toRelativePath(options.generatedDir, options.base)}/`;
  for (const [id, value] of Object.entries(stored as Record<string, unknown>)) {
    if (!Array.isArray(value) || value.length !== 3) continue;
    const [mtimeMs, size, storedAsset] = value as unknown[];
    if (typeof mtimeMs !== 'number' || typeof size !== 'number') continue;
    if (!plainIdPattern.test(id)) continue;
    const absolute = options.generatedDir + path.sep + (path.sep === '/' ? id : id.split('/').join(path.sep));
    if (storedAsset === null) {
      entries.set(absolute, { mtimeMs, size, asset: undefined });
      continue;
    }
    if (typeof storedAsset !== 'object') continue;
    const { createdAt, mediaType, width, height, provenance } = storedAsset as Record<string, unknown>;
    const cleaned = cleanProvenance(provenance);
    if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || typeof mediaType !== 'string' || !mediaTypes.has(mediaType)) continue;
    if (!isPositiveInteger(width) || !isPositiveInteger(height) || cleaned === undefined) continue;
    entries.set(absolute, {
      mtimeMs,
      size,
      asset: {
        id,
        path: absolute,
        relativePath: relativePrefix + id,
        createdAt: new Date(createdAt),
        mediaType: mediaType as ImageMediaType,
        width,
        height,
        size,
        provenance: cleaned,
      },
    });
  }
  return entries;
}

/** Replaces the index atomically (temporary + rename). It is a cache: no flush. */
export async function writeAssetIndex(options: AssetIndexFileOptions, entries: ReadonlyMap<string, IndexedEntry>): Promise<void> {
  const stored: Record<string, StoredEntry> = {};
  for (const [absolute, entry] of entries) stored[path.relative(options.generatedDir, absolute).split(path.sep).join('/')] = toStored(entry);
  const text = JSON.stringify({ version, generatedDir: options.generatedDir, entries: stored });
  await options.fs.mkdir(path.dirname(options.file), { recursive: true });
  const temporary = `${options.file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await options.fs.writeFile(temporary, text);
    await options.fs.rename(temporary, options.file);
  } catch (error) {
    await options.fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}
