// Keeps every write inside the memory base: a proposal's `file` is checked by its text first
// (absolute, `..`, hidden or non-markdown names are refused), then on disk with lstat before
// anything is created: a project's `.forge`, every folder below it on the way and the file
// itself must be real, whatever a link would point to (a cloned repo can commit
// `.forge -> ../../..`). Node has no openat(), so the writer checks again right before it writes.
import type { Stats } from 'node:fs';
import path from 'node:path';

import { nodeFileSystem, type MemoryFileSystem } from './memory-file-system.ts';
import { MemoryWriteError, toMemoryWriteError } from './memory-write-error.ts';

/**
 * Validates a proposal's `file` by its text alone and returns it normalised (`/`-separated,
 * no `./`). Throws `path_traversal` for paths that are absolute, contain `..`, or leave the
 * base; `invalid_proposal` for names that are empty, hidden, not markdown or carry control characters.
 */
export function normalizeMemoryFile(file: string): string {
  const shown = JSON.stringify(file.length > 120 ? `${file.slice(0, 120)}…` : file);
  const traversal = (why: string): MemoryWriteError =>
    new MemoryWriteError({ code: 'path_traversal', message: `Memory file ${shown} ${why}; it must be a path inside the memory folder, like ASSETS.md.`, path: file });
  const invalid = (why: string): MemoryWriteError =>
    new MemoryWriteError({ code: 'invalid_proposal', message: `Memory file ${shown} ${why}.`, path: file });

  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(file)) throw invalid('contains control characters');
  const trimmed = file.trim();
  if (trimmed === '') throw invalid('is empty');
  if (trimmed.includes('..')) throw traversal('contains ".."');
  if (/^[/\\]/.test(trimmed) || /^[a-zA-Z]:/.test(trimmed) || trimmed.startsWith('~')) throw traversal('is absolute');
  const segments = trimmed.split(/[/\\]+/).filter((segment) => segment !== '' && segment !== '.');
  const normalized = segments.join('/');
  const resolved = path.posix.resolve('/base', normalized);
  if (!resolved.startsWith('/base/')) throw traversal('leaves the memory folder');
  if (segments.some((segment) => segment.startsWith('.'))) {
    throw invalid('names a hidden file or folder (the path is relative to the memory folder itself, so write ASSETS.md, not .forge/ASSETS.md)');
  }
  if (!/\.md$/i.test(normalized)) throw invalid('is not a markdown (.md) file');
  return normalized;
}

/** How a memory base is checked: `<project>/.forge` from the project, anything else (the scratchpad) trusted as it is. */
interface MemoryPlace {
  /** The folder the check starts from, trusted as it is (links included). */
  anchor: string;
  /** Whether the base is a project's `.forge`, which must itself be a real folder. */
  projectForge: boolean;
  /** How messages name the anchor. */
  place: string;
}

function placeOf(base: string): MemoryPlace {
  return path.basename(base) === '.forge'
    ? { anchor: path.dirname(base), projectForge: true, place: 'this project' }
    : { anchor: base, projectForge: false, place: 'the memory folder' };
}

/** Where `resolveMemoryPath` found a memory file. */
export interface MemoryFileLocation {
  /** Absolute: the base, real folders below it, the file's name. */
  target: string;
  /** `target` with the links above the base resolved: the same for every process that writes this file. */
  realTarget: string;
  /** The memory base, absolute. */
  base: string;
  /** The file relative to the base, normalised. */
  normalized: string;
  /** How messages name where the base is (`this project`). */
  place: string;
}

function linkedFolder(folder: string, place: string): MemoryWriteError {
  return new MemoryWriteError({
    code: 'linked_folder',
    message: `\`${path.basename(folder)}\` in ${place} is a link to another place; Forge will not follow it`,
    path: folder,
  });
}

function escape(file: string): MemoryWriteError {
  return new MemoryWriteError({
    code: 'path_traversal',
    message: `Memory file ${JSON.stringify(file)} leads elsewhere through a symbolic link; Forge will not write there.`,
    path: file,
  });
}

function notAFolder(folder: string): MemoryWriteError {
  return new MemoryWriteError({ code: 'io', message: `${folder} is a file, not a folder; Forge keeps its memory in a folder there.`, path: folder });
}

async function lstatOrUndefined(fileSystem: MemoryFileSystem, target: string): Promise<Stats | undefined> {
  try {
    return await fileSystem.lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The folders checked on the way to `normalized`: a project's `.forge`, then those below the base. */
function foldersOnTheWay(base: string, normalized: string, projectForge: boolean): string[] {
  const steps = projectForge ? [base] : [];
  let folder = base;
  for (const segment of normalized.split('/').slice(0, -1)) steps.push((folder = path.join(folder, segment)));
  return steps;
}

/**
 * Refuses, without creating anything, when the base (a project's `.forge`) or a folder below it
 * on the way to `normalized` is a link or a file, or when the memory file itself is a link.
 * Checked before a write and again right before its bytes go out, since a folder can be swapped
 * for a link meanwhile.
 */
export async function checkMemoryFolders(memoryBase: string, normalized: string, fileSystem: MemoryFileSystem = nodeFileSystem): Promise<void> {
  const base = path.resolve(memoryBase);
  const { projectForge, place } = placeOf(base);
  for (const step of foldersOnTheWay(base, normalized, projectForge)) {
    const stats = await lstatOrUndefined(fileSystem, step);
    if (stats === undefined) return;
    if (stats.isSymbolicLink()) throw step === base ? linkedFolder(step, place) : escape(normalized);
    if (!stats.isDirectory()) throw notAFolder(step);
  }
  if ((await lstatOrUndefined(fileSystem, path.join(base, normalized)))?.isSymbolicLink() === true) throw linkedFile(normalized, place);
}

function linkedFile(file: string, place: string): MemoryWriteError {
  return new MemoryWriteError({
    code: 'path_traversal',
    message: `\`${file}\` in ${place} is a link to another file; Forge will not write through it.`,
    path: file,
  });
}

/**
 * Where `file` is under the memory base, creating missing folders one level at a time and
 * refusing a link anywhere below the anchor: a project's `.forge` that is a link
 * (`linked_folder`), a folder below the base or the file itself that is one (`path_traversal`),
 * wherever it points. `created` hears of the base when this call made it.
 */
export async function resolveMemoryPath(
  memoryBase: string,
  file: string,
  fileSystem: MemoryFileSystem = nodeFileSystem,
  created?: (base: string) => Promise<void>,
): Promise<MemoryFileLocation> {
  const normalized = normalizeMemoryFile(file);
  const base = path.resolve(memoryBase);
  const { anchor, projectForge, place } = placeOf(base);
  try {
    await fileSystem.mkdir(anchor, { recursive: true });
    for (const step of foldersOnTheWay(base, normalized, projectForge)) {
      try {
        // Not recursive: mkdir never follows a link in the last place, and the places above were real.
        await fileSystem.mkdir(step);
        if (step === base) await created?.(base);
      } catch (error) {
        const stats = await lstatOrUndefined(fileSystem, step);
        if (stats === undefined) throw error;
        // A link or a file: nothing is created below it, and the check says which.
        if (!stats.isDirectory()) break;
      }
    }
    await checkMemoryFolders(base, normalized, fileSystem);
    const target = path.join(base, normalized);
    return { target, realTarget: path.join(await fileSystem.realpath(path.dirname(target)), path.basename(target)), base, normalized, place };
  } catch (error) {
    throw toMemoryWriteError(error, path.join(base, normalized), 'prepare');
  }
}
