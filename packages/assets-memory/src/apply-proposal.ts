// Applies an approved proposal to the user's memory file. Only ever adds bytes after the
// existing ones (append) or swaps in a complete new file (overwrite, via rename); holds a
// cross-process lock meanwhile; appends an asset's entry once however often it is approved.
// The lock and the index of applied entries live in the cache folder, never in the project.
// A memory file that is a link (symbolic or hard) is refused, and so is a `.forge` that is one.
import { randomUUID } from 'node:crypto';
import { type BigIntStats, constants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { AppliedKeyIndex, type FileState } from './applied-key-index.ts';
import { assetEntryKey, parseAssetEntries } from './asset-entry-format.ts';
import { waitForRelease, withFileLock } from './file-lock.ts';
import { writeForgeGitattributes } from './forge-gitattributes.ts';
import { BlockScanner, splitLines } from './markdown-blocks.ts';
import { defaultMemoryCacheDir, legacyBookkeeping, memoryBookkeeping } from './memory-bookkeeping.ts';
import { nodeFileSystem, type MemoryFileSystem } from './memory-file-system.ts';
import { checkMemoryFolders, type MemoryFileLocation, resolveMemoryPath } from './memory-path.ts';
import type { MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError, toMemoryWriteError } from './memory-write-error.ts';

export interface ApplyProposalOptions {
  /** The body as the user edited it (the Edit button); applied instead of `proposal.body`. */
  edit?: string;
  /** How long to wait for another writer before failing with `locked`. Default 5000 ms. */
  lockTimeoutMs?: number;
  /** A lock older than this is abandoned. Default 10000 ms. */
  staleLockMs?: number;
  /**
   * Where the lock and the index of applied entries live (`<cacheDir>/memory/`), outside the
   * project. Default: Forge's OS cache folder, the one `@forge/asset-store` uses by default;
   * a host passes its store's `cacheDir`. Every writer of one file must use the same one.
   */
  cacheDir?: string;
  fileSystem?: MemoryFileSystem;
}

export interface AppliedProposal {
  /** The absolute path of the memory file. */
  path: string;
  /** False when nothing changed: the asset's entry was already there, or the overwrite was identical. */
  applied: boolean;
  /** The entry as written (in the file's own line endings), or the whole file for `overwrite`. */
  entry: string;
}

export const assetsHeader =
  '# Assets\n\nImages generated in Forge, one entry per approved image, newest last. Forge only ever adds entries here; what you write by hand is kept as it is.';

const tailSize = 64 * 1024;
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

function toState(stats: BigIntStats): FileState {
  return { size: stats.size, mtimeNs: stats.mtimeNs, ctimeNs: stats.ctimeNs, ino: stats.ino };
}

function withLineEnding(text: string, ending: string): string {
  return text.replace(/\r\n|\r|\n/g, ending);
}

/** The closing line a body needs if it leaves a fence or HTML block open (so the next entry is not swallowed). */
function closingLineAfter(text: string): string | undefined {
  const scanner = new BlockScanner();
  for (const line of splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text)) scanner.next(line.text);
  return scanner.closingLine();
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function lineEndingIn(bytes: Buffer): string | undefined {
  for (let index = bytes.length - 1; index >= 0; index -= 1) {
    if (bytes[index] === 0x0a) return bytes[index - 1] === 0x0d ? '\r\n' : '\n';
    if (bytes[index] === 0x0d) return '\r';
  }
  return undefined;
}

/** How many line endings the bytes end with. */
function trailingLineEndings(bytes: Buffer): number {
  let count = 0;
  let index = bytes.length - 1;
  while (index >= 0) {
    if (bytes[index] === 0x0a) index -= bytes[index - 1] === 0x0d ? 2 : 1;
    else if (bytes[index] === 0x0d) index -= 1;
    else break;
    count += 1;
  }
  return count;
}

/** Writes every byte; `progress.written` says how many landed, also when a write fails part way. */
async function writeAll(handle: FileHandle, bytes: Buffer, position: number | null, progress = { written: 0 }): Promise<void> {
  while (progress.written < bytes.length) {
    const { written } = progress;
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position === null ? null : position + written);
    progress.written += bytesWritten;
  }
}

async function syncFolder(fileSystem: MemoryFileSystem, folder: string): Promise<void> {
  try {
    const handle = await fileSystem.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not every platform can fsync a folder; the rename itself is still atomic.
  }
}

async function writeTemporary(fileSystem: MemoryFileSystem, target: string, content: Buffer, mode?: number): Promise<string> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  const handle = await fileSystem.open(temporary, 'wx', mode);
  try {
    await writeAll(handle, content, 0);
    await handle.sync();
  } catch (error) {
    // A full disk: no half-written temporary is left in the user's folder.
    await handle.close().catch(() => undefined);
    await fileSystem.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temporary;
}

interface Context {
  fileSystem: MemoryFileSystem;
  target: string;
  location: MemoryFileLocation;
  indexPath: string;
  isAssetsFile: boolean;
}

/**
 * Read and write, appending, never through a link put in its place, and never created here: a
 * folder swapped for a link just before this open must not leave even an empty file outside.
 */
const appendFlags = constants.O_RDWR | constants.O_APPEND | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW);
const readFlags = constants.O_RDONLY | (process.platform === 'win32' ? 0 : constants.O_NOFOLLOW);

/**
 * Refuses a memory file that is not a regular file or that has other names (a hard link: writing
 * would change the other file too, such as a shell profile a script linked it to).
 */
function assertOwnFile(context: Context, stats: { isFile(): boolean; nlink: number | bigint }): void {
  const { normalized, place } = context.location;
  if (!stats.isFile()) {
    throw new MemoryWriteError({ code: 'invalid_proposal', message: `\`${normalized}\` in ${place} is not a regular file; Forge writes memory only to Markdown files.`, path: normalized });
  }
  if (Number(stats.nlink) > 1) {
    throw new MemoryWriteError({
      code: 'linked_file',
      message: `\`${normalized}\` in ${place} is a hard link shared with another file; Forge will not write to it, as that would change the other file too.`,
      path: normalized,
    });
  }
}

/**
 * Whether the memory file's name, through real folders only, still leads to the file opened
 * (`opened`): refuses when a folder became a link; false when the file was replaced meanwhile.
 */
async function stillLeadsTo(context: Context, opened: BigIntStats): Promise<boolean> {
  await checkMemoryFolders(context.location.base, context.location.normalized, context.fileSystem);
  const now = await context.fileSystem.lstat(context.target, { bigint: true }).catch(() => undefined);
  return now !== undefined && now.ino === opened.ino && now.dev === opened.dev;
}

/** What the index does, or a set in memory for this approval when the cache folder cannot hold one. */
type AppliedKeys = Pick<AppliedKeyIndex, 'has' | 'add' | 'close'>;

function keysInMemory(keys: Iterable<string>): AppliedKeys {
  const known = new Set(keys);
  return { has: (key) => Promise.resolve(known.has(key)), add: () => Promise.resolve(), close: () => Promise.resolve() };
}

async function append(context: Context, body: string): Promise<AppliedProposal> {
  // An editor that saves by renaming a new file over ASSETS.md while we append would leave our
  // entry in the replaced file; when that happens, append again to the file that is there now.
  for (let attempt = 1; ; attempt += 1) {
    const result = await appendOnce(context, body);
    if (result !== 'replaced') return result;
    if (attempt === 3) throw new Error('the file kept being replaced by another program while Forge appended to it');
  }
}

async function appendOnce(context: Context, body: string): Promise<AppliedProposal | 'replaced'> {
  const { fileSystem, target, indexPath } = context;
  const trimmed = body.replace(/(?:\r\n|\r|\n)+$/, '');
  const keys = [...new Set(parseAssetEntries(trimmed).map((entry) => assetEntryKey(entry.file)))];
  const bodyCloser = closingLineAfter(trimmed);
  const entryIn = (ending: string): string => withLineEnding(bodyCloser === undefined ? trimmed : `${trimmed}\n${bodyCloser}`, ending);

  const created = await create(context, entryIn('\n'), keys);
  if (created !== undefined) return created;

  let handle: FileHandle;
  try {
    handle = await fileSystem.open(target, appendFlags);
  } catch (error) {
    // Removed since create() looked: start again, creating it.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'replaced';
    throw error;
  }
  let index: AppliedKeys | undefined;
  try {
    const before = await handle.stat({ bigint: true });
    assertOwnFile(context, before);
    // Nothing is read from a file reached through a folder swapped for a link before this open.
    if (!(await stillLeadsTo(context, before))) return 'replaced';
    const size = Number(before.size);
    index = await AppliedKeyIndex.load(fileSystem, indexPath, toState(before));
    let existingCloser: string | undefined;
    if (index === undefined) {
      // The file changed outside Forge (or this is the first approval): read it once, fully.
      const text = (await readAt(handle, 0, size)).toString('utf8');
      existingCloser = closingLineAfter(text);
      const existingKeys = parseAssetEntries(text).map((entry) => assetEntryKey(entry.file));
      index = await AppliedKeyIndex.build(fileSystem, indexPath, existingKeys, existingCloser === undefined ? toState(before) : undefined).catch(() => keysInMemory(existingKeys));
    }
    const tail = await readAt(handle, Math.max(0, size - tailSize), Math.min(size, tailSize));
    const ending = lineEndingIn(tail) ?? (size > tailSize ? lineEndingIn(await readAt(handle, 0, tailSize)) : undefined) ?? '\n';
    const entry = entryIn(ending);
    let alreadyApplied = keys.length > 0;
    for (const key of keys) if (alreadyApplied) alreadyApplied = await index.has(key);
    if (alreadyApplied) return { path: target, applied: false, entry };
    const empty = size === 0 || (size === bom.length && tail.equals(bom));
    const trailing = trailingLineEndings(tail);
    let separator = '';
    if (!empty && existingCloser !== undefined) separator = `${trailing === 0 ? ending : ''}${existingCloser}${ending}${ending}`;
    else if (!empty) separator = ending.repeat(Math.max(0, 2 - trailing));
    // And again right before the bytes go out.
    if (!(await stillLeadsTo(context, before))) return 'replaced';
    const bytes = Buffer.from(`${separator}${entry}${ending}`, 'utf8');
    const progress = { written: 0 };
    try {
      await writeAll(handle, bytes, null, progress);
      await handle.datasync();
    } catch (error) {
      // A full disk mid-entry: cut the file back to what it was, unless someone else appended meanwhile.
      const now = await handle.stat({ bigint: true }).catch(() => undefined);
      if (progress.written > 0 && now !== undefined && Number(now.size) === size + progress.written) {
        await handle.truncate(size).then(() => handle.datasync()).catch(() => undefined);
      }
      throw error;
    }
    const written = await handle.stat({ bigint: true });
    // The entry is in: the index is only a cache, and failing to note it must not fail the approval.
    await index.add(keys, toState(written)).catch(() => undefined);
    const current = await fileSystem.stat(target, { bigint: true }).catch(() => undefined);
    if (current?.ino !== written.ino) return 'replaced';
    return { path: target, applied: true, entry };
  } finally {
    await index?.close();
    await handle.close();
  }
}

/** Creates the file (with the ASSETS.md header) when absent; undefined when it already exists. */
async function create(context: Context, entry: string, keys: string[]): Promise<AppliedProposal | undefined> {
  const { fileSystem, target, indexPath } = context;
  try {
    await fileSystem.lstat(target);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const content = context.isAssetsFile ? `${assetsHeader}\n\n${entry}\n` : `${entry}\n`;
  const temporary = await writeTemporary(fileSystem, target, Buffer.from(content, 'utf8'));
  try {
    // The name is never taken through a folder that became a link while the bytes were written.
    await checkMemoryFolders(context.location.base, context.location.normalized, fileSystem);
    // link() never replaces: if someone else created the file meanwhile, append to theirs instead.
    await fileSystem.link(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await fileSystem.unlink(temporary).catch(() => undefined);
  }
  await syncFolder(fileSystem, path.dirname(target));
  // The entry is in: an index the cache folder cannot hold is rebuilt by the next approval.
  const index = await AppliedKeyIndex.build(fileSystem, indexPath, keys, toState(await fileSystem.stat(target, { bigint: true }))).catch(() => undefined);
  await index?.close();
  return { path: target, applied: true, entry };
}

async function readExisting(context: Context): Promise<{ bytes: Buffer; mode: number } | undefined> {
  let handle;
  try {
    handle = await context.fileSystem.open(context.target, readFlags);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stats = await handle.stat({ bigint: true });
    assertOwnFile(context, stats);
    // Nothing is read from a file reached through a folder swapped for a link before this open.
    if (!(await stillLeadsTo(context, stats))) throw new Error('the file was replaced by another program while Forge read it');
    return { bytes: await handle.readFile(), mode: Number(stats.mode) & 0o7777 };
  } finally {
    await handle.close();
  }
}

async function overwrite(context: Context, body: string): Promise<AppliedProposal> {
  const { fileSystem, target } = context;
  const found = await readExisting(context);
  const existing = found?.bytes;
  // Keep the file's own encoding choices: its BOM and its line ending.
  const existingText = existing?.toString('utf8') ?? '';
  const ending = /\r\n|\r|\n/.exec(existingText)?.[0] ?? '\n';
  const keepBom = existing?.subarray(0, bom.length).equals(bom) === true && !body.startsWith('\uFEFF');
  let content = withLineEnding(body, ending);
  if (content !== '' && !content.endsWith(ending)) content += ending;
  if (keepBom) content = `\uFEFF${content}`;
  const bytes = Buffer.from(content, 'utf8');
  if (existing?.equals(bytes) === true) return { path: target, applied: false, entry: content };
  const temporary = await writeTemporary(fileSystem, target, bytes, found?.mode);
  try {
    await checkMemoryFolders(context.location.base, context.location.normalized, fileSystem);
    await fileSystem.rename(temporary, target);
  } catch (error) {
    await fileSystem.unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncFolder(fileSystem, path.dirname(target));
  return { path: target, applied: true, entry: content };
}

/** Callers may be untyped (IPC): the proposal's shape is checked, not assumed. */
function checkProposal(proposal: MemoryProposal, options: ApplyProposalOptions): string {
  const { file, operation, body: proposed } = proposal as unknown as Record<string, unknown>;
  const body = options.edit ?? proposed;
  const problem =
    typeof file !== 'string'
      ? 'has no file'
      : operation !== 'append' && operation !== 'overwrite'
        ? `has operation ${JSON.stringify(operation)}; use append or overwrite`
        : typeof body !== 'string'
          ? 'has no body'
          : operation === 'append' && body.trim() === ''
            ? 'has nothing to append'
            : undefined;
  if (problem !== undefined || typeof body !== 'string') {
    throw new MemoryWriteError({ code: 'invalid_proposal', message: `The memory proposal ${problem ?? 'has no body'}.` });
  }
  return body;
}

/** Applies an approved proposal under `memoryBase` (`<project>/.forge` or `~/.forge/scratchpad`). */
export async function applyProposal(memoryBase: string, proposal: MemoryProposal, options: ApplyProposalOptions = {}): Promise<AppliedProposal> {
  const body = checkProposal(proposal, options);
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  // Creating a project's `.forge` also gives it its .gitattributes (ASSETS.md merges by union).
  const location = await resolveMemoryPath(memoryBase, proposal.file, fileSystem, (base) => writeForgeGitattributes(fileSystem, base));
  const { target } = location;
  const bookkeeping = memoryBookkeeping(location.realTarget, options.cacheDir ?? defaultMemoryCacheDir());
  const legacy = legacyBookkeeping(target);
  const context: Context = { fileSystem, target, location, indexPath: bookkeeping.indexPath, isAssetsFile: location.normalized.toLowerCase() === 'assets.md' };
  const lockOptions = { fileSystem, timeoutMs: options.lockTimeoutMs ?? 5000, staleMs: options.staleLockMs ?? 10_000, target };
  // Nothing is looked at or removed beside the file through a folder swapped for a link during a wait.
  const checkFolders = (): Promise<void> => checkMemoryFolders(location.base, location.normalized, fileSystem);
  return withFileLock(bookkeeping.lockPath, lockOptions, async () => {
    try {
      // A Forge from before the move may still be writing with its lock beside the file: wait for it, never take it.
      await waitForRelease(legacy.lockPath, lockOptions, checkFolders);
      await checkFolders();
      // The index an older Forge kept in the project: its place is the cache folder now.
      await fileSystem.unlink(legacy.indexPath).catch(() => undefined);
      return proposal.operation === 'append' ? await append(context, body) : await overwrite(context, body);
    } catch (error) {
      throw toMemoryWriteError(error, target, 'write');
    }
  });
}
