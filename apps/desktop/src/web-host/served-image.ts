// What `/files/` (and Electron's `forge-asset:`) may hand out: an image the store wrote, from its
// `generated/` tree, typed by its own bytes. A project's `.forge` may come from a cloned repo, so
// anything else there (HTML, SVG, Markdown, the lock and index files) is never served: served
// from the app's origin, active content would run with the page's rights.
import { constants, lstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { extname, relative, sep } from 'node:path';

export type ServedImageType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/gif';

/** The formats the store writes, by the extensions their files may carry. */
const allowedExtensions: Readonly<Record<string, readonly ServedImageType[]>> = {
  '.png': ['image/png'],
  '.jpg': ['image/jpeg'],
  '.jpeg': ['image/jpeg'],
  '.webp': ['image/webp'],
  '.gif': ['image/gif'],
};

/** Headers for a served image: no script, no frame, no second guess of the type. */
export const imageResponseHeaders = {
  'content-security-policy': "sandbox; default-src 'none'",
  'x-content-type-options': 'nosniff',
} as const;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean => signature.every((byte, index) => bytes[offset + index] === byte);

/** The image format the leading bytes (12 are enough) announce, or undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): ServedImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  return undefined;
}

/** What the asset store offers the hosts: containment to its root and where images live. */
export interface ImageSource {
  readonly generatedDir: string;
  resolve(relativePath: string): string;
}

export interface ServedImage {
  /** Open on the checked file: what is streamed is what was checked, even if the path changes. */
  handle: FileHandle;
  size: number;
  contentType: ServedImageType;
}

/** The absolute path of `relativePath` when it names an image file under `generated/` by its path alone. */
function checkedPath(source: ImageSource, relativePath: string): { absolute: string; types: readonly ServedImageType[] } | undefined {
  let absolute: string;
  try {
    absolute = source.resolve(relativePath);
  } catch {
    return undefined;
  }
  const inside = relative(source.generatedDir, absolute);
  if (inside === '' || inside.startsWith('..') || inside.split(sep).some((segment) => segment === '' || segment.startsWith('.'))) return undefined;
  const types = allowedExtensions[extname(absolute).toLowerCase()];
  return types === undefined ? undefined : { absolute, types };
}

/**
 * The path of a stored image, for the shell actions that need a path rather than the bytes
 * (drag): the same rules as `openServedImage` but the bytes, checked at once without waiting.
 */
export function servedImagePath(source: ImageSource, relativePath: string): string | undefined {
  const checked = checkedPath(source, relativePath);
  if (checked === undefined) return undefined;
  try {
    return lstatSync(checked.absolute).isFile() ? checked.absolute : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The image at `relativePath` (relative to the project, as the store names it), opened for
 * reading, or undefined when it is not an image the store keeps: outside `generated/`, hidden,
 * not an allowed extension, a link, not a regular file, or bytes that are not that format.
 */
export async function openServedImage(source: ImageSource, relativePath: string): Promise<ServedImage | undefined> {
  const checked = checkedPath(source, relativePath);
  if (checked === undefined) return undefined;
  const { absolute, types } = checked;

  let handle: FileHandle;
  try {
    // No following a final link; no waiting on a FIFO someone put there (it would hold a thread).
    handle = await open(absolute, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error('not a file');
    const head = new Uint8Array(12);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const contentType = sniffImageType(head.subarray(0, bytesRead));
    if (contentType === undefined || !types.includes(contentType)) throw new Error('not an image');
    return { handle, size: info.size, contentType };
  } catch {
    await handle.close();
    return undefined;
  }
}
