// Keeps every path the store accepts or returns inside its root: relative paths are
// URL-decoded, separators normalised and `..` resolved, the result must lie inside the root,
// and no symbolic link may lie on its way down from the project folder (or the scratchpad).
// Anything else is refused.
import { lstatSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { AssetStoreError, hasErrnoCode } from './asset-store-error.ts';
import { linkedFolderError } from './real-folders.ts';

export interface ContainmentOptions {
  /** The store's root (`<project>/.forge` or the scratchpad). */
  root: string;
  /** What relative paths are relative to (the project dir, or the scratchpad). */
  base: string;
  /** Where the link check starts, trusted as it is: the project dir, or the scratchpad. */
  anchor: string;
  /** How messages name the anchor (`this project`, `the scratchpad`). */
  place: string;
  platform: NodeJS.Platform;
}

function outside(input: string, root: string, reason: string): AssetStoreError {
  return new AssetStoreError({ code: 'outside_root', message: `Refused the path ${JSON.stringify(input)}: ${reason}; only files inside ${root} are served.`, path: input });
}

function isCaseInsensitive(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** Whether `candidate` is `root` or below it (both absolute and normalised). */
export function isInside(root: string, candidate: string, platform: NodeJS.Platform = process.platform): boolean {
  const fold = (value: string): string => (isCaseInsensitive(platform) ? value.toLowerCase() : value);
  const relative = path.relative(fold(root), fold(candidate));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function decode(input: string, root: string): string {
  let text = input;
  if (/^file:/i.test(text)) {
    try {
      text = fileURLToPath(text);
    } catch {
      throw outside(input, root, 'it is not a usable file URL');
    }
  }
  // Decode until stable so `%252e%252e` cannot sneak a `..` past the checks.
  for (let round = 0; round < 4 && /%[0-9a-f]{2}/i.test(text); round += 1) {
    try {
      text = decodeURIComponent(text);
    } catch {
      throw outside(input, root, 'it has malformed URL encoding');
    }
  }
  return text;
}

/** The lexically normalised absolute path for `input`, refused unless it is inside the root. */
export function containedPath(input: string, options: ContainmentOptions): string {
  const { root, base, platform } = options;
  if (typeof input !== 'string' || input.trim() === '') throw outside(input, root, 'it is empty');
  let text = decode(input, root);
  if (text.includes('\0')) throw outside(input, root, 'it contains a NUL character');
  // Backslashes are separators to Windows, so they are treated as separators everywhere.
  text = text.replace(/\\/g, '/');
  const isWindowsAbsolute = /^[A-Za-z]:/.test(text) || text.startsWith('//');
  if (isWindowsAbsolute && platform !== 'win32') throw outside(input, root, 'it is a Windows absolute path');
  const absolute = path.isAbsolute(text) || isWindowsAbsolute ? path.resolve(text) : path.resolve(base, text);
  if (!isInside(root, absolute, platform)) throw outside(input, root, 'it leads outside the store');
  return absolute;
}

/**
 * Refuses `absolute` (already inside the root by its text) when a symbolic link lies on its way
 * down from the anchor: a linked folder as `linked_folder`, a linked file as `outside_root`.
 * Every link is refused, wherever it points; what does not exist yet passes.
 */
export function assertNoLinks(absolute: string, input: string, options: ContainmentOptions): void {
  const { anchor, place, platform, root } = options;
  const fold = (value: string): string => (isCaseInsensitive(platform) ? value.toLowerCase() : value);
  const relative = path.relative(fold(anchor), fold(absolute));
  if (relative === '') return;
  // The segments as the caller spelled them (the folding above only decides how many).
  const segments = absolute.split(path.sep).slice(-relative.split(path.sep).length);
  let current = anchor;
  for (const [index, segment] of segments.entries()) {
    current = path.join(current, segment);
    let stats;
    try {
      stats = lstatSync(current, { throwIfNoEntry: false });
    } catch (error) {
      // ENOTDIR: a file stands where a folder would be, so nothing lies below it.
      if (hasErrnoCode(error, 'ENOTDIR')) return;
      throw outside(input, root, `it cannot be checked (${error instanceof Error ? error.message : String(error)})`);
    }
    if (stats === undefined) return;
    if (!stats.isSymbolicLink()) continue;
    const isLast = index === segments.length - 1;
    if (!isLast || statSync(current, { throwIfNoEntry: false })?.isDirectory() === true) throw linkedFolderError(current, place);
    throw outside(input, root, 'it is a symbolic link');
  }
}

/** containedPath plus the link check: what every public entry point uses. */
export function resolveContained(input: string, options: ContainmentOptions): string {
  const absolute = containedPath(input, options);
  assertNoLinks(absolute, input, options);
  return absolute;
}

/** The path a caller sees: relative to the base, with forward slashes. */
export function toRelativePath(absolute: string, base: string): string {
  return path.relative(base, absolute).split(path.sep).join('/');
}
