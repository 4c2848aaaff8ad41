// Keeps every write inside the memory base: a proposal's `file` is checked by its text first
// (absolute, `..`, hidden or non-markdown names are refused), then by where it really leads
// on disk (symlinks included) before anything is created.
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

function isInside(base: string, target: string): boolean {
  const relative = path.relative(base, target);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

async function exists(fileSystem: MemoryFileSystem, target: string): Promise<boolean> {
  try {
    await fileSystem.lstat(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * The absolute path `file` leads to on disk, after symlinks, creating missing folders inside
 * the base. Throws `path_traversal` when a symlink leads outside the memory base.
 */
export async function resolveMemoryPath(memoryBase: string, file: string, fileSystem: MemoryFileSystem = nodeFileSystem): Promise<string> {
  const { mkdir, realpath } = fileSystem;
  const normalized = normalizeMemoryFile(file);
  const base = path.resolve(memoryBase);
  try {
    await mkdir(base, { recursive: true });
    const realBase = await realpath(base);
    const segments = normalized.split('/');
    const name = segments.pop() ?? normalized;
    // The deepest folder that already exists must really be inside the base before any is created.
    let existing = realBase;
    let index = 0;
    while (index < segments.length && (await exists(fileSystem, path.join(existing, ...segments.slice(index, index + 1))))) {
      existing = await realpath(path.join(existing, segments[index] ?? ''));
      if (!isInside(realBase, existing)) throw escape(file);
      index += 1;
    }
    const folder = path.join(existing, ...segments.slice(index));
    if (index < segments.length) await mkdir(folder, { recursive: true });
    const target = path.join(folder, name);
    if (await exists(fileSystem, target)) {
      const real = await realpath(target).catch((error: unknown) => {
        // A dangling symlink: writing through it would create a file wherever it points.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw escape(file);
        throw error;
      });
      if (!isInside(realBase, real)) throw escape(file);
      return real;
    }
    return target;
  } catch (error) {
    throw toMemoryWriteError(error, path.join(base, normalized), 'prepare');
  }
}

function escape(file: string): MemoryWriteError {
  return new MemoryWriteError({
    code: 'path_traversal',
    message: `Memory file ${JSON.stringify(file)} leads outside the memory folder through a symbolic link; Forge will not write there.`,
    path: file,
  });
}
