// Keeps every path the store accepts or returns inside its root: relative paths are
// URL-decoded, separators normalised and `..` resolved, then the real path (symlinks
// followed) must still be inside the real root. Anything else is refused.
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { AssetStoreError, hasErrnoCode } from './asset-store-error.ts';

export interface ContainmentOptions {
  /** The store's root (`<project>/.forge` or the scratchpad). */
  root: string;
  /** What relative paths are relative to (the project dir, or the scratchpad). */
  base: string;
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

/** The real path of `target`, following symlinks as far as the path exists. */
export function looseRealpath(target: string): string {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...missing.reverse());
    } catch (error) {
      if (!hasErrnoCode(error, 'ENOENT', 'ENOTDIR')) throw error;
      const parent = path.dirname(current);
      if (parent === current) return target;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** Refuses `absolute` when a symlink on its way leads out of the real root. */
export function assertRealPathInside(absolute: string, input: string, options: ContainmentOptions): void {
  let real: string;
  let realRoot: string;
  try {
    real = looseRealpath(absolute);
    realRoot = looseRealpath(options.root);
  } catch (error) {
    throw outside(input, options.root, `its real path cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isInside(realRoot, real, options.platform)) throw outside(input, options.root, 'a symbolic link leads outside the store');
}

/** containedPath plus the symlink check: what every public entry point uses. */
export function resolveContained(input: string, options: ContainmentOptions): string {
  const absolute = containedPath(input, options);
  assertRealPathInside(absolute, input, options);
  return absolute;
}

/** The path a caller sees: relative to the base, with forward slashes. */
export function toRelativePath(absolute: string, base: string): string {
  return path.relative(base, absolute).split(path.sep).join('/');
}
