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
import type { Provenance } from './provenance.ts';

const version = 2;
/** An id is `name` or `kind/name`…: no empty, dot-led (`..`, hidden) or backslashed segment. */
const plainIdPattern = /^(?:[^/.\\\0][^/\\\0]*\/)*[^/.\\\0][^/\\\0]*$/;
const mediaTypes: ReadonlySet<string> = new Set<ImageMediaType>(['image/png', 'image/jpeg', 'image/webp']);

export interface IndexedEntry {
  mtimeMs: number;
  size: number;
  /** Undefined for a file that is not an image (remembered so it is not re-read). */
  asset: Asset | undefined;
}

/**
 * One file a row: arrays, not objects, and the values many assets share (media type, model,
 * source, generator, kind) as indexes into one string table, so 10,000 assets make ~2.5 MB
 * that a new process reads in a few tens of milliseconds. A provenance string absent is null,
 * a shared one absent -1, a provenance size absent 0.
 */
type StoredRow =
  | [id: string, mtimeMs: number, size: number]
  | [
      id: string,
      mtimeMs: number,
      size: number,
      createdAt: number,
      mediaType: number,
      width: number,
      height: number,
      prompt: string | null,
      revisedPrompt: string | null,
      model: number,
      provenanceCreatedAt: string | null,
      source: number,
      generator: number,
      kind: number,
      provenanceWidth: number,
      provenanceHeight: number,
    ];

interface StoredIndex {
  version: typeof version;
  generatedDir: string;
  strings: string[];
  rows: StoredRow[];
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

export interface AssetIndexFileOptions {
  fs: AssetStoreFileSystem;
  file: string;
  generatedDir: string;
  base: string;
}

/** A shared string by its index: undefined for -1, null for anything that is not one. */
function sharedString(strings: readonly unknown[], ref: unknown): string | undefined | null {
  if (ref === -1) return undefined;
  const text = typeof ref === 'number' ? strings[ref] : undefined;
  return typeof text === 'string' ? text : null;
}

/** A provenance string: undefined for null, null for anything that is not one. */
function ownString(value: unknown): string | undefined | null {
  return value === null ? undefined : typeof value === 'string' ? value : null;
}

/** The Asset a row describes, or undefined when any part of it is not what an index holds. */
function assetOf(row: unknown[], strings: readonly unknown[], id: string, absolute: string, relativePath: string, size: number): Asset | undefined {
  const [, , , createdAt, mediaType, width, height, prompt, revisedPrompt, model, provenanceCreatedAt, source, generator, kind, provenanceWidth, provenanceHeight] = row;
  const type = sharedString(strings, mediaType);
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || typeof type !== 'string' || !mediaTypes.has(type)) return undefined;
  if (!isPositiveInteger(width) || !isPositiveInteger(height) || typeof provenanceWidth !== 'number' || typeof provenanceHeight !== 'number') return undefined;
  const texts = [ownString(prompt), ownString(revisedPrompt), sharedString(strings, model), ownString(provenanceCreatedAt), sharedString(strings, source), sharedString(strings, generator), sharedString(strings, kind)];
  if (texts.includes(null)) return undefined;
  const provenance: Provenance = {};
  // In provenanceTextFields' order, as encodeXmpPacket and the listing write them.
  const [promptText, revisedText, modelText, createdText, sourceText, generatorText, kindText] = texts;
  if (promptText != null) provenance.prompt = promptText;
  if (revisedText != null) provenance.revisedPrompt = revisedText;
  if (modelText != null) provenance.model = modelText;
  if (createdText != null) provenance.createdAt = createdText;
  if (sourceText != null) provenance.source = sourceText;
  if (generatorText != null) provenance.generator = generatorText;
  if (kindText != null) provenance.kind = kindText;
  if (isPositiveInteger(provenanceWidth)) provenance.width = provenanceWidth;
  if (isPositiveInteger(provenanceHeight)) provenance.height = provenanceHeight;
  return { id, path: absolute, relativePath, createdAt: new Date(createdAt), mediaType: type as ImageMediaType, width, height, size, provenance };
}

/** Reads the index; a missing, foreign or damaged file gives an empty map, a damaged row is skipped. */
export async function readAssetIndex(options: AssetIndexFileOptions): Promise<Map<string, IndexedEntry>> {
  const entries = new Map<string, IndexedEntry>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(await options.fs.readFile(options.file, 'utf8'));
  } catch {
    return entries;
  }
  if (typeof parsed !== 'object' || parsed === null) return entries;
  const { version: fileVersion, generatedDir, strings, rows } = parsed as Record<string, unknown>;
  if (fileVersion !== version || generatedDir !== options.generatedDir || !Array.isArray(strings) || !Array.isArray(rows)) return entries;
  const relativePrefix = `${toRelativePath(options.generatedDir, options.base)}/`;
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row)) continue;
    const [id, mtimeMs, size] = row as unknown[];
    if (typeof id !== 'string' || typeof mtimeMs !== 'number' || typeof size !== 'number' || !plainIdPattern.test(id)) continue;
    const absolute = options.generatedDir + path.sep + (path.sep === '/' ? id : id.split('/').join(path.sep));
    if (row.length === 3) {
      entries.set(absolute, { mtimeMs, size, asset: undefined });
      continue;
    }
    const asset = assetOf(row as unknown[], strings as unknown[], id, absolute, relativePrefix + id, size);
    if (asset !== undefined) entries.set(absolute, { mtimeMs, size, asset });
  }
  return entries;
}

/** The index's text for these entries. */
function toStoredIndex(options: AssetIndexFileOptions, entries: ReadonlyMap<string, IndexedEntry>): StoredIndex {
  const strings: string[] = [];
  const refs = new Map<string, number>();
  const ref = (value: string | undefined): number => {
    if (value === undefined) return -1;
    let index = refs.get(value);
    if (index === undefined) {
      index = strings.push(value) - 1;
      refs.set(value, index);
    }
    return index;
  };
  const rows: StoredRow[] = [];
  for (const [absolute, { mtimeMs, size, asset }] of entries) {
    const id = path.relative(options.generatedDir, absolute).split(path.sep).join('/');
    if (asset === undefined) {
      rows.push([id, mtimeMs, size]);
      continue;
    }
    const { provenance } = asset;
    rows.push([
      id,
      mtimeMs,
      size,
      asset.createdAt.getTime(),
      ref(asset.mediaType),
      asset.width,
      asset.height,
      provenance.prompt ?? null,
      provenance.revisedPrompt ?? null,
      ref(provenance.model),
      provenance.createdAt ?? null,
      ref(provenance.source),
      ref(provenance.generator),
      ref(provenance.kind),
      provenance.width ?? 0,
      provenance.height ?? 0,
    ]);
  }
  return { version, generatedDir: options.generatedDir, strings, rows };
}

/** Replaces the index atomically (temporary + rename). It is a cache: no flush. */
export async function writeAssetIndex(options: AssetIndexFileOptions, entries: ReadonlyMap<string, IndexedEntry>): Promise<void> {
  const text = JSON.stringify(toStoredIndex(options, entries));
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
