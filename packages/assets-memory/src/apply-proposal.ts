// Applies an approved proposal to the user's memory file. Only ever adds bytes after the
// existing ones (append) or swaps in a complete new file (overwrite, via rename); holds a
// cross-process lock meanwhile; appends an asset's entry once however often it is approved.
import { randomUUID } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';

import { AppliedKeyIndex, type FileState } from './applied-key-index.ts';
import { assetEntryKey, parseAssetEntries } from './asset-entry-format.ts';
import { withFileLock } from './file-lock.ts';
import { BlockScanner, splitLines } from './markdown-blocks.ts';
import { nodeFileSystem, type MemoryFileSystem } from './memory-file-system.ts';
import { resolveMemoryPath } from './memory-path.ts';
import type { MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError, toMemoryWriteError } from './memory-write-error.ts';

export interface ApplyProposalOptions {
  /** The body as the user edited it (the Edit button); applied instead of `proposal.body`. */
  edit?: string;
  /** How long to wait for another writer before failing with `locked`. Default 5000 ms. */
  lockTimeoutMs?: number;
  /** A lock older than this is abandoned. Default 10000 ms. */
  staleLockMs?: number;
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

async function writeAll(handle: FileHandle, bytes: Buffer, position: number | null): Promise<void> {
  for (let written = 0; written < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position === null ? null : position + written);
    written += bytesWritten;
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
  } finally {
    await handle.close();
  }
  return temporary;
}

interface Context {
  fileSystem: MemoryFileSystem;
  target: string;
  indexPath: string;
  isAssetsFile: boolean;
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

  const handle = await fileSystem.open(target, 'a+');
  let index: AppliedKeyIndex | undefined;
  try {
    const before = await handle.stat({ bigint: true });
    const size = Number(before.size);
    index = await AppliedKeyIndex.load(fileSystem, indexPath, toState(before));
    let existingCloser: string | undefined;
    if (index === undefined) {
      // The file changed outside Forge (or this is the first approval): read it once, fully.
      const text = (await readAt(handle, 0, size)).toString('utf8');
      existingCloser = closingLineAfter(text);
      const existingKeys = parseAssetEntries(text).map((entry) => assetEntryKey(entry.file));
      index = await AppliedKeyIndex.build(fileSystem, indexPath, existingKeys, existingCloser === undefined ? toState(before) : undefined);
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
    await writeAll(handle, Buffer.from(`${separator}${entry}${ending}`, 'utf8'), null);
    await handle.datasync();
    const written = await handle.stat({ bigint: true });
    await index.add(keys, toState(written));
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
    await fileSystem.stat(target);
    return undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const content = context.isAssetsFile ? `${assetsHeader}\n\n${entry}\n` : `${entry}\n`;
  const temporary = await writeTemporary(fileSystem, target, Buffer.from(content, 'utf8'));
  try {
    // link() never replaces: if someone else created the file meanwhile, append to theirs instead.
    await fileSystem.link(temporary, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw error;
  } finally {
    await fileSystem.unlink(temporary).catch(() => undefined);
  }
  await syncFolder(fileSystem, path.dirname(target));
  const index = await AppliedKeyIndex.build(fileSystem, indexPath, keys, toState(await fileSystem.stat(target, { bigint: true })));
  await index.close();
  return { path: target, applied: true, entry };
}

async function overwrite(context: Context, body: string): Promise<AppliedProposal> {
  const { fileSystem, target } = context;
  let existing: Buffer | undefined;
  let mode: number | undefined;
  try {
    existing = await fileSystem.readFile(target);
    mode = (await fileSystem.stat(target)).mode & 0o7777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // Keep the file's own encoding choices: its BOM and its line ending.
  const existingText = existing?.toString('utf8') ?? '';
  const ending = /\r\n|\r|\n/.exec(existingText)?.[0] ?? '\n';
  const keepBom = existing?.subarray(0, bom.length).equals(bom) === true && !body.startsWith('\uFEFF');
  let content = withLineEnding(body, ending);
  if (content !== '' && !content.endsWith(ending)) content += ending;
  if (keepBom) content = `\uFEFF${content}`;
  const bytes = Buffer.from(content, 'utf8');
  if (existing?.equals(bytes) === true) return { path: target, applied: false, entry: content };
  const temporary = await writeTemporary(fileSystem, target, bytes, mode);
  try {
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
  const target = await resolveMemoryPath(memoryBase, proposal.file, fileSystem);
  const folder = path.dirname(target);
  const name = path.basename(target);
  const context: Context = {
    fileSystem,
    target,
    indexPath: path.join(folder, `.${name}.index`),
    isAssetsFile: path.relative(await fileSystem.realpath(memoryBase), target).toLowerCase() === 'assets.md',
  };
  const lockOptions = { fileSystem, timeoutMs: options.lockTimeoutMs ?? 5000, staleMs: options.staleLockMs ?? 10_000, target };
  return withFileLock(path.join(folder, `.${name}.lock`), lockOptions, async () => {
    try {
      return proposal.operation === 'append' ? await append(context, body) : await overwrite(context, body);
    } catch (error) {
      throw toMemoryWriteError(error, target, 'write');
    }
  });
}
