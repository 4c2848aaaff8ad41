// The listing's memory across restarts: each asset's header and provenance keyed by its
// path, mtime and size, kept in the cache folder (outside the project). A new process
// lists 10,000 assets by stat-ing them instead of opening every file; anything whose
// mtime or size moved is read again, and a missing or damaged index is simply rebuilt.
// save() does not rewrite the index: it appends one line to a log beside it (`<index>.saved`),
// which the next listing folds in, so a folder filled by saves (a chat app that never lists)
// is never opened file by file.
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { ImageMediaType } from '@forge/image-gen';

import type { Asset } from './asset-store-spec.ts';
import { hasErrnoCode } from './asset-store-error.ts';
import { isProcessAlive } from './atomic-write.ts';
import type { AssetStoreFileSystem } from './file-system.ts';
import { toRelativePath } from './path-containment.ts';
import type { Provenance } from './provenance.ts';
import { decodeParents, encodeParents } from './provenance-lineage.ts';

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
      /** Shared, like the source: one icon credits many pictures. Absent in rows written before it existed. */
      credit?: number,
      /** The lineage as the file writes it (its own string: paths and hashes differ per image). Absent in older rows and images without one. */
      derivedFrom?: string,
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
  const [, , , createdAt, mediaType, width, height, prompt, revisedPrompt, model, provenanceCreatedAt, source, generator, kind, provenanceWidth, provenanceHeight, credit, derivedFrom] = row;
  const type = sharedString(strings, mediaType);
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt) || typeof type !== 'string' || !mediaTypes.has(type)) return undefined;
  if (!isPositiveInteger(width) || !isPositiveInteger(height) || typeof provenanceWidth !== 'number' || typeof provenanceHeight !== 'number') return undefined;
  const texts = [
    ownString(prompt), ownString(revisedPrompt), sharedString(strings, model), ownString(provenanceCreatedAt), sharedString(strings, source), sharedString(strings, generator), sharedString(strings, kind),
    credit === undefined ? undefined : sharedString(strings, credit),
    derivedFrom === undefined ? undefined : typeof derivedFrom === 'string' ? derivedFrom : null,
  ];
  if (texts.includes(null)) return undefined;
  const provenance: Provenance = {};
  // In provenanceTextFields' order, as encodeXmpPacket and the listing write them.
  const [promptText, revisedText, modelText, createdText, sourceText, generatorText, kindText, creditText, lineageText] = texts;
  if (promptText != null) provenance.prompt = promptText;
  if (revisedText != null) provenance.revisedPrompt = revisedText;
  if (modelText != null) provenance.model = modelText;
  if (createdText != null) provenance.createdAt = createdText;
  if (sourceText != null) provenance.source = sourceText;
  if (generatorText != null) provenance.generator = generatorText;
  if (kindText != null) provenance.kind = kindText;
  if (creditText != null) provenance.credit = creditText;
  const parents = lineageText == null ? [] : decodeParents(lineageText);
  if (parents.length > 0) provenance.derivedFrom = parents;
  if (isPositiveInteger(provenanceWidth)) provenance.width = provenanceWidth;
  if (isPositiveInteger(provenanceHeight)) provenance.height = provenanceHeight;
  return { id, path: absolute, relativePath, createdAt: new Date(createdAt), mediaType: type as ImageMediaType, width, height, size, provenance };
}

/** The entry a stored row describes, under its absolute path; undefined for a damaged row or one that leads outside. */
function entryOf(row: unknown, strings: readonly unknown[], options: AssetIndexFileOptions, relativePrefix: string): [string, IndexedEntry] | undefined {
  if (!Array.isArray(row)) return undefined;
  const [id, mtimeMs, size] = row as unknown[];
  if (typeof id !== 'string' || typeof mtimeMs !== 'number' || typeof size !== 'number' || !plainIdPattern.test(id)) return undefined;
  const absolute = options.generatedDir + path.sep + (path.sep === '/' ? id : id.split('/').join(path.sep));
  if (row.length === 3) return [absolute, { mtimeMs, size, asset: undefined }];
  const asset = assetOf(row as unknown[], strings, id, absolute, relativePrefix + id, size);
  return asset === undefined ? undefined : [absolute, { mtimeMs, size, asset }];
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
    const entry = entryOf(row, strings, options, relativePrefix);
    if (entry !== undefined) entries.set(...entry);
  }
  return entries;
}

/** One entry as a row, its shared values as refs into a string table. */
function rowOf(options: AssetIndexFileOptions, absolute: string, entry: IndexedEntry, ref: (value: string | undefined) => number): StoredRow {
  const { mtimeMs, size, asset } = entry;
  const id = path.relative(options.generatedDir, absolute).split(path.sep).join('/');
  if (asset === undefined) return [id, mtimeMs, size];
  const { provenance } = asset;
  const row: StoredRow = [
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
  ];
  const lineage = provenance.derivedFrom === undefined || provenance.derivedFrom.length === 0 ? undefined : encodeParents(provenance.derivedFrom);
  if (provenance.credit !== undefined || lineage !== undefined) row.push(ref(provenance.credit));
  if (lineage !== undefined) row.push(lineage);
  return row;
}

/** A string table and the ref function that fills it. */
function stringTable(): { strings: string[]; ref: (value: string | undefined) => number } {
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
  return { strings, ref };
}

/** The index's text for these entries. */
function toStoredIndex(options: AssetIndexFileOptions, entries: ReadonlyMap<string, IndexedEntry>): StoredIndex {
  const { strings, ref } = stringTable();
  const rows: StoredRow[] = [];
  for (const [absolute, entry] of entries) rows.push(rowOf(options, absolute, entry, ref));
  return { version, generatedDir: options.generatedDir, strings, rows };
}

/** Replaces the index atomically (temporary + rename). It is a cache: no flush. */
export async function writeAssetIndex(options: AssetIndexFileOptions, entries: ReadonlyMap<string, IndexedEntry>): Promise<void> {
  const text = JSON.stringify(toStoredIndex(options, entries));
  await options.fs.mkdir(path.dirname(options.file), { recursive: true });
  const temporary = `${options.file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // Only its owner may read it: it holds every prompt (as the log of saves does).
    await options.fs.writeFile(temporary, text, { mode: 0o600 });
    await options.fs.rename(temporary, options.file);
  } catch (error) {
    await options.fs.unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Where save() appends what it saved until a listing folds it into the index. */
export function savedLogFile(indexFile: string): string {
  return `${indexFile.replace(/\.json$/, '')}.saved`;
}

/** A saved file's line for the log: its row and the row's own string table. */
export function savedLine(options: AssetIndexFileOptions, absolute: string, entry: IndexedEntry): string {
  const { strings, ref } = stringTable();
  const row = rowOf(options, absolute, entry, ref);
  return `${JSON.stringify([row, strings])}\n`;
}

/**
 * Appends lines to the log in one write. O_APPEND puts each write at the end, so processes
 * saving at once never overwrite each other's lines. Each write starts on a new line, so a line
 * torn by a crash is skipped on reading without taking the next writer's first line with it.
 */
export async function appendSavedLines(options: AssetIndexFileOptions, lines: readonly string[]): Promise<void> {
  const log = savedLogFile(options.file);
  let handle;
  try {
    handle = await options.fs.open(log, 'a', 0o600);
  } catch (error) {
    if (!hasErrnoCode(error, 'ENOENT')) throw error;
    await options.fs.mkdir(path.dirname(log), { recursive: true });
    handle = await options.fs.open(log, 'a', 0o600);
  }
  try {
    await handle.write(`\n${lines.join('')}`);
  } finally {
    await handle.close();
  }
}

/** What a listing took from the log: the entries, and the files to remove once the index holds them. */
export interface TakenSavedLog {
  entries: Map<string, IndexedEntry>;
  files: string[];
}

const takenSuffix = /\.(\d+)-[0-9a-f]+\.taken$/;

/**
 * Takes the log for folding into the index: renames it to a name of its own (a save appending
 * meanwhile starts a new log), plus any log a process took and died holding. Lines are read in
 * order, so a file saved twice keeps its last row; a torn or damaged line is skipped.
 */
export async function takeSavedLog(options: AssetIndexFileOptions): Promise<TakenSavedLog> {
  const taken: TakenSavedLog = { entries: new Map(), files: [] };
  const log = savedLogFile(options.file);
  const folder = path.dirname(log);
  const prefix = `${path.basename(log)}.`;
  try {
    for (const name of await options.fs.readdir(folder)) {
      const pid = takenSuffix.exec(name)?.[1];
      if (name.startsWith(prefix) && pid !== undefined && Number(pid) !== process.pid && !isProcessAlive(Number(pid))) taken.files.push(path.join(folder, name));
    }
  } catch {
    return taken; // No index folder yet: nothing was saved.
  }
  const mine = `${log}.${process.pid}-${randomBytes(4).toString('hex')}.taken`;
  try {
    await options.fs.rename(log, mine);
    taken.files.push(mine);
  } catch {
    // No log (nothing saved since the last fold), or the folder refuses: the leftovers still count.
  }
  const relativePrefix = `${toRelativePath(options.generatedDir, options.base)}/`;
  for (const file of taken.files) {
    let text;
    try {
      text = await options.fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      if (!Array.isArray(parsed) || !Array.isArray(parsed[1])) continue;
      const entry = entryOf(parsed[0], parsed[1] as unknown[], options, relativePrefix);
      if (entry !== undefined) taken.entries.set(...entry);
    }
  }
  return taken;
}

/** Removes logs whose lines the index now holds. */
export async function removeTakenLogs(options: AssetIndexFileOptions, files: readonly string[]): Promise<void> {
  await Promise.all(files.map((file) => options.fs.unlink(file).catch(() => undefined)));
}
