// Checks an image a person hands in (a reference, the image to refine) before anything keeps it
// or sends it to a model: by its content, never its name. In order, each step cheap before the
// next: its size in bytes; its signature (PNG, JPEG or WebP; a GIF, a web page or anything else
// is named as such); its header read through (a truncated file is refused); one frame only (an
// animated GIF, PNG or WebP is refused); its dimensions against a pixel budget, read from the
// header, so a decompression bomb is refused before a single pixel is decoded; then one full
// decode (sharp, capped at the same budget) to prove the pixels are really there.
import { ImageGenerationError } from './image-generation-error.ts';
import type { ImageMediaType } from './image-model-spec.ts';
import { readImageHeaderInfo } from './inspect-image.ts';
import { loadSharp } from './load-sharp.ts';

/** The most bytes an input image may have: 20 MB, what the issue asks and well inside what OpenAI's image inputs take. */
export const maxInputImageBytes = 20 * 1024 * 1024;
/** The most pixels an input image may have: 8192 × 8192, far above any model's input and below a bomb's. */
export const maxInputImagePixels = 8192 * 8192;

export interface CheckInputImageOptions {
  /** The file's name as the person knows it, for the messages (its extension is never trusted). */
  name?: string | undefined;
  maxBytes?: number | undefined;
  maxPixels?: number | undefined;
  /** Replaces `import('sharp')` (tests). */
  loadSharp?: typeof loadSharp | undefined;
}

export interface InputImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
  /** Bytes on disk. */
  size: number;
  /** Some pixel is not fully opaque (decoded, not guessed from the header). */
  hasTransparency: boolean;
}

const extensionTypes: Readonly<Record<string, string>> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF' };

/** A name safe to put in a message: no control or bidi characters, at most 80 characters. */
function displayName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  const cleaned = (name ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (cleaned === '') return 'The image';
  return cleaned.length > 80 ? `${cleaned.slice(0, 79)}…` : cleaned;
}

function refused(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError({ code: 'invalid_request', message, retryable: false, ...(cause === undefined ? {} : { cause }) });
}

/** A size as a person reads it; `up` rounds up (a file just over the limit must not read as the limit). */
function formatSize(bytes: number, up = false): string {
  const round = (value: number): number => (up ? Math.ceil(value * 10) / 10 : Math.round(value * 10) / 10);
  return bytes < 1024 * 1024 ? `${round(bytes / 1024)} KB` : `${round(bytes / (1024 * 1024))} MB`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((value, index) => bytes[offset + index] === value);
}

/** How many frames a GIF holds (walks its blocks; a damaged one counts what it could read). */
export function countGifFrames(bytes: Uint8Array): number {
  const at = (index: number): number => bytes[index] ?? 0;
  let offset = 13;
  if ((at(10) & 0x80) !== 0) offset += 3 * (1 << ((at(10) & 0x07) + 1));
  let frames = 0;
  const skipSubBlocks = (): void => {
    while (offset < bytes.length) {
      const length = at(offset);
      offset += 1 + length;
      if (length === 0) return;
    }
  };
  while (offset < bytes.length) {
    const block = at(offset);
    if (block === 0x3b) break;
    if (block === 0x21) {
      offset += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      const flags = at(offset + 9);
      offset += 10;
      if ((flags & 0x80) !== 0) offset += 3 * (1 << ((flags & 0x07) + 1));
      offset += 1;
      skipSubBlocks();
    } else {
      break;
    }
  }
  return frames;
}

/** Whether a PNG is an APNG: an `acTL` chunk before its image data. */
function isAnimatedPng(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'acTL') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    offset += 12 + view.getUint32(offset, false);
  }
  return false;
}

/** Whether a WebP is animated: its VP8X header says so. */
function isAnimatedWebp(bytes: Uint8Array): boolean {
  return String.fromCharCode(...bytes.subarray(12, 16)) === 'VP8X' && ((bytes[20] ?? 0) & 0x02) !== 0;
}

/** What the bytes are when they are not an image we take, said as a person would. */
function whatItIs(bytes: Uint8Array): string {
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'a GIF';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /^<(?:head|body|script|meta|div)\b/.test(head)) return 'a web page (HTML)';
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'an SVG drawing';
  if (head.startsWith('<')) return 'XML or HTML text';
  if (head.startsWith('%pdf')) return 'a PDF document';
  if (startsWith(bytes, [0x42, 0x4d])) return 'a BMP';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF';
  if (startsWith(bytes, [0x00, 0x00, 0x00], 0) && String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') return 'a HEIC/AVIF image';
  return 'not an image';
}

/**
 * The facts about an input image, or an `invalid_request` ImageGenerationError whose message says
 * what is wrong with it and what to do instead. Nothing is written anywhere.
 */
export async function checkInputImage(bytes: Uint8Array, options: CheckInputImageOptions = {}): Promise<InputImageInfo> {
  const name = displayName(options.name);
  const maxBytes = options.maxBytes ?? maxInputImageBytes;
  const maxPixels = options.maxPixels ?? maxInputImagePixels;
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw refused(`${name} is empty. Attach a PNG, JPEG or WebP image.`);
  if (bytes.length > maxBytes) throw refused(`${name} is ${formatSize(bytes.length, true)}; Forge takes images up to ${formatSize(maxBytes)}. Attach a smaller or more compressed copy.`);

  const isPng = startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const isJpeg = startsWith(bytes, [0xff, 0xd8, 0xff]);
  const isWebp = startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8);
  if (!isPng && !isJpeg && !isWebp) {
    const actual = whatItIs(bytes);
    if (actual === 'a GIF') {
      throw refused(countGifFrames(bytes) > 1
        ? `${name} is an animated GIF. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.`
        : `${name} is a GIF. Forge takes PNG, JPEG or WebP images: convert it and attach it again.`);
    }
    const claimed = extensionTypes[/\.([a-z0-9]+)$/i.exec(options.name ?? '')?.[1]?.toLowerCase() ?? ''];
    const claim = claimed === undefined ? '' : ` Its name says ${claimed}, but its content is ${actual === 'not an image' ? 'not an image' : actual}.`;
    throw refused(`${name} is ${actual === 'not an image' ? 'not a PNG, JPEG or WebP image' : `${actual}, not an image Forge can use`}.${claim} Attach a PNG, JPEG or WebP image.`);
  }

  const info = readImageHeaderInfo(bytes, (reason) => refused(`${name} is damaged or incomplete (${reason}). Export it again and attach the new file.`));
  if ((isPng && isAnimatedPng(bytes)) || (isWebp && isAnimatedWebp(bytes))) {
    throw refused(`${name} is animated. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.`);
  }
  const pixels = info.width * info.height;
  if (info.width < 1 || info.height < 1) throw refused(`${name} says it is ${info.width} × ${info.height} pixels, which no image is. Export it again and attach the new file.`);
  if (pixels > maxPixels) {
    const side = Math.floor(Math.sqrt(maxPixels));
    throw refused(
      `${name} is ${info.width.toLocaleString('en')} × ${info.height.toLocaleString('en')} pixels (${Math.round(pixels / 1e6)} megapixels); Forge takes images up to ${side.toLocaleString('en')} × ${side.toLocaleString('en')} (${Math.round(maxPixels / 1e6)} megapixels) and did not open it. Attach a smaller copy.`,
    );
  }

  const sharp = await (options.loadSharp ?? loadSharp)();
  let opaque: boolean;
  try {
    const decoder = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', animated: true });
    const metadata = await decoder.metadata();
    if ((metadata.pages ?? 1) > 1) throw refused(`${name} is animated. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.`);
    // Decoded in full (a damaged image is refused here); only one channel is kept: the alpha
    // channel when there is one (every value 255 is opaque), else the first.
    const channel = await decoder.extractChannel(metadata.hasAlpha ? 'alpha' : 0).raw().toBuffer();
    opaque = !metadata.hasAlpha || channel.every((alpha) => alpha === 255);
  } catch (error) {
    if (ImageGenerationError.isInstance(error)) throw error;
    const detail = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 160) : String(error);
    throw refused(`${name} could not be decoded (${detail ?? 'unknown error'}). Export it again and attach the new file.`, error);
  }
  return { mediaType: info.mediaType, width: info.width, height: info.height, size: bytes.length, hasTransparency: !opaque };
}
