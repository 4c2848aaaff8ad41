// The images a request hands the model (issue 17): a reference the user attaches (checked by
// content, then kept under generated/references/ with provenance `source: reference`, so the
// request can be reproduced) and the chips sent with a message (the image to refine, references),
// each read back, checked again and hashed before anything reaches a backend. Every refusal is a
// typed error whose message says what to do; nothing is written until an image has passed.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

import type { AgentImageSupport, AgentInputImage } from '@forge/agent';
import type { Asset, AssetStore } from '@forge/asset-store';
import { checkInputImage, ImageGenerationError, maxInputImageBytes } from '@forge/image-gen';

import type { ComposerAttachment, ImageSupportSummary } from '../contract/index.ts';

/** The Asset studio's folder for references; shared with the Library. */
export const referencesKind = 'references';

export class ImageInputError extends Error {
  override readonly name = 'ImageInputError';
  readonly code: 'invalid_image' | 'not_found' | 'unsupported';
  constructor(code: ImageInputError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** An image a message hands the model, with the hash its child's lineage names. */
export interface CheckedInputImage extends AgentInputImage {
  sha256: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The file's name as text for a chip. */
export function fileName(relativePath: string): string {
  return path.posix.basename(relativePath);
}

/** A reference is what the user attached (kept under `generated/references/`); anything else they refine. */
export function roleOf(relativePath: string): 'parent' | 'reference' {
  return /(^|\/)generated\/references\//.test(relativePath) ? 'reference' : 'parent';
}

function refusedBy(error: unknown): ImageInputError {
  if (ImageGenerationError.isInstance(error)) return new ImageInputError('invalid_image', error.message, { cause: error });
  throw error;
}

/** Decodes, checks and keeps an attached image; returns its chip. */
export async function attachReference(
  store: AssetStore,
  input: { name: string; bytes: string },
  options: { clock: () => Date; assetUrl: (relativePath: string) => string },
): Promise<ComposerAttachment & { asset: Asset }> {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.bytes)) throw new ImageInputError('invalid_image', 'The image did not arrive as base64 data. Attach it again.');
  const bytes = Buffer.from(input.bytes, 'base64');
  try {
    await checkInputImage(bytes, { name: input.name });
  } catch (error) {
    throw refusedBy(error);
  }
  const asset = await store.save(bytes, { createdAt: options.clock(), kind: referencesKind, source: 'reference', ...(input.name.trim() === '' ? {} : { prompt: `Reference: ${input.name.trim().slice(0, 200)}` }) });
  // The chip shows the name the user knows; the file keeps Forge's timestamped name.
  const shown = input.name.trim() === '' ? fileName(asset.relativePath) : input.name.trim().slice(0, 200);
  return { relativePath: asset.relativePath, role: 'reference', name: shown, url: options.assetUrl(asset.relativePath), asset };
}

/**
 * Reads at most `limit + 1` bytes, so a file grown huge is refused without reading it all. The
 * buffer is the file's size, grown only if the file grows while it is read: a buffer of the
 * limit (20 MB, zero-filled) for each image read cost a full garbage collection about once per
 * turn in the app's process.
 */
async function readCapped(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const cap = limit + 1;
    // One byte more than the file: its end is seen without a buffer grown for nothing.
    let buffer = Buffer.allocUnsafe(Math.min(cap, (await handle.stat()).size + 1));
    let length = 0;
    while (length < cap) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(Math.min(cap, buffer.length * 2));
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** The chips of a message, read and checked again now (a file may have changed or gone since it was attached). */
export async function loadAttachments(store: AssetStore, attachments: readonly { relativePath: string }[]): Promise<CheckedInputImage[]> {
  const images: CheckedInputImage[] = [];
  const seen = new Set<string>();
  for (const { relativePath } of attachments) {
    if (seen.has(relativePath)) continue;
    seen.add(relativePath);
    const role = roleOf(relativePath);
    const name = fileName(relativePath);
    let bytes: Buffer;
    try {
      bytes = await readCapped(store.resolve(relativePath), maxInputImageBytes);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw new ImageInputError(
          'not_found',
          role === 'parent'
            ? `The image to refine (${name}) is no longer in ${path.posix.dirname(relativePath)}: it was moved or deleted. Remove its chip, then Refine the image where it is now.`
            : `The reference ${name} was deleted before sending. Remove its chip, or attach it again.`,
          { cause: error },
        );
      }
      throw error;
    }
    let mediaType: CheckedInputImage['mediaType'];
    try {
      ({ mediaType } = await checkInputImage(bytes, { name }));
    } catch (error) {
      throw refusedBy(error);
    }
    images.push({ bytes, mediaType, role, relativePath, sha256: sha256(bytes) });
  }
  // The image to refine first: the backends edit the first image they are given.
  const parents = images.filter((image) => image.role === 'parent');
  if (parents.length > 1) throw new ImageInputError('invalid_image', 'Refine one image at a time: remove the other Refine chips.');
  return [...parents, ...images.filter((image) => image.role === 'reference')];
}

/**
 * The thread's latest image, read and checked, for a follow-up in words; undefined when there is
 * none or it cannot be read (it is only offered to the agent, so a moved file just is not).
 */
export async function latestImageOf(store: AssetStore, relativePath: string | undefined, logger: { warn(message: string, detail?: unknown): void }): Promise<CheckedInputImage | undefined> {
  if (relativePath === undefined) return undefined;
  try {
    const [image] = await loadAttachments(store, [{ relativePath }]);
    return image === undefined ? undefined : { ...image, role: 'parent' };
  } catch (error) {
    logger.warn('the latest image could not be offered for a follow-up', error);
    return undefined;
  }
}

/**
 * The latest image offered for a follow-up in words, read and checked once per file version:
 * `prepare` does it a moment after an image is finished (off the Send path, and off the way of
 * the image being shown), `get` answers from it while the file is unchanged (same size and
 * modification time), and reads it again otherwise.
 */
export function createLatestImageOffer(
  logger: { warn(message: string, detail?: unknown): void },
  options: { quietMs?: number } = {},
): {
  /** Reads and checks the image `quietMs` (300 by default) after the last call; a `get` before then reads it at once. */
  prepare(store: AssetStore, relativePath: string | undefined): void;
  get(store: AssetStore, relativePath: string | undefined): Promise<CheckedInputImage | undefined>;
  close(): void;
} {
  const quietMs = options.quietMs ?? 300;
  let waiting: NodeJS.Timeout | undefined;
  const stopWaiting = (): void => {
    clearTimeout(waiting);
    waiting = undefined;
  };
  let kept: { store: AssetStore; relativePath: string; version: string; image: Promise<CheckedInputImage | undefined> } | undefined;
  const versionOf = async (store: AssetStore, relativePath: string): Promise<string | undefined> => {
    try {
      const info = await stat(store.resolve(relativePath));
      return `${String(info.size)}-${String(info.mtimeMs)}`;
    } catch {
      return undefined;
    }
  };
  const get = async (store: AssetStore, relativePath: string | undefined): Promise<CheckedInputImage | undefined> => {
    stopWaiting();
    if (relativePath === undefined) return undefined;
    const version = await versionOf(store, relativePath);
    // Gone or unreadable: the check says so (and logs it).
    if (version === undefined) return latestImageOf(store, relativePath, logger);
    if (kept?.store !== store || kept.relativePath !== relativePath || kept.version !== version) {
      kept = { store, relativePath, version, image: latestImageOf(store, relativePath, logger) };
    }
    return kept.image;
  };
  return {
    prepare: (store, relativePath) => {
      stopWaiting();
      waiting = setTimeout(() => void get(store, relativePath), quietMs);
      waiting.unref();
    },
    get,
    close: stopWaiting,
  };
}

/** What the renderer shows next to the composer. */
export function imageSupportSummary(support: AgentImageSupport): ImageSupportSummary {
  return { imageInput: support.imageInput, ...support.imageOptions };
}

/** Refuses, with the backend's reason, what the user asked for that it cannot do (never dropped silently). */
export function requireSupported(
  support: AgentImageSupport,
  attachments: readonly unknown[],
  options: { size?: string | undefined; quality?: string | undefined; background?: string | undefined; count?: number | undefined } | undefined,
): void {
  if (attachments.length > 0 && !support.imageInput.supported) throw new ImageInputError('unsupported', support.imageInput.reason);
  const asked: Array<[keyof AgentImageSupport['imageOptions'], boolean]> = [
    ['size', options?.size !== undefined && options.size !== 'auto'],
    ['quality', options?.quality !== undefined && options.quality !== 'auto'],
    ['background', options?.background !== undefined && options.background !== 'auto'],
    ['count', options?.count !== undefined && options.count !== 1],
  ];
  for (const [name, chosen] of asked) {
    const support_ = support.imageOptions[name];
    if (chosen && !support_.supported) throw new ImageInputError('unsupported', support_.reason);
  }
}
