// Checks that bytes from any backend are a real image before anyone saves them:
// signature, a decodable header, and sane dimensions.
import { ImageGenerationError } from './image-generation-error.ts';
import type { ImageMediaType } from './image-model-spec.ts';

export interface ImageInfo {
  mediaType: ImageMediaType;
  width: number;
  height: number;
}

const maxDimension = 16_384;
const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Builds the error for a header that does not read; `reason` is lower case, without a full stop. */
export type InvalidImage = (reason: string) => Error;

const invalidOutput: InvalidImage = (reason) => new ImageGenerationError({ code: 'invalid_output', message: `The image the model returned is unusable: ${reason}.` });

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((value, index) => bytes[offset + index] === value);
}

function readUint32BE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, false);
}

function readUint32LE(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}

function inspectPng(bytes: Uint8Array, invalid: InvalidImage): ImageInfo {
  if (bytes.length < 33 || !startsWith(bytes, [0x49, 0x48, 0x44, 0x52], 12)) throw invalid('the PNG has no header (IHDR)');
  const width = readUint32BE(bytes, 16);
  const height = readUint32BE(bytes, 20);
  const bitDepth = bytes[24] ?? 0;
  const colourType = bytes[25] ?? 0;
  if (![1, 2, 4, 8, 16].includes(bitDepth) || ![0, 2, 3, 4, 6].includes(colourType)) throw invalid('the PNG header is corrupt');
  // Walk the chunks: a truncated file has no IEND.
  let offset = 8;
  let sawImageData = false;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (type === 'IDAT') sawImageData = true;
    if (type === 'IEND') {
      if (!sawImageData) throw invalid('the PNG has no image data');
      return { mediaType: 'image/png', width, height };
    }
    offset += 12 + length;
  }
  throw invalid('the PNG is truncated');
}

function inspectJpeg(bytes: Uint8Array, invalid: InvalidImage): ImageInfo {
  // A complete JPEG ends with the EOI marker (some encoders pad after it).
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0x00) end -= 1;
  if (bytes[end - 2] !== 0xff || bytes[end - 1] !== 0xd9) throw invalid('the JPEG is truncated');
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) throw invalid('the JPEG is malformed');
    const marker = bytes[offset + 1] ?? 0;
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    const isStartOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isStartOfFrame) {
      const height = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0);
      const width = ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0);
      return { mediaType: 'image/jpeg', width, height };
    }
    offset += 2 + length;
  }
  throw invalid('the JPEG has no frame header');
}

function inspectWebp(bytes: Uint8Array, invalid: InvalidImage): ImageInfo {
  if (bytes.length < 16) throw invalid('the WebP is truncated');
  if (readUint32LE(bytes, 4) + 8 > bytes.length) throw invalid('the WebP is truncated');
  const chunk = String.fromCharCode(...bytes.subarray(12, 16));
  const at = (index: number): number => bytes[index] ?? 0;
  if (chunk === 'VP8X' && bytes.length >= 30) {
    return { mediaType: 'image/webp', width: 1 + (at(24) | (at(25) << 8) | (at(26) << 16)), height: 1 + (at(27) | (at(28) << 8) | (at(29) << 16)) };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30 && startsWith(bytes, [0x9d, 0x01, 0x2a], 23)) {
    return { mediaType: 'image/webp', width: (at(26) | (at(27) << 8)) & 0x3fff, height: (at(28) | (at(29) << 8)) & 0x3fff };
  }
  if (chunk === 'VP8L' && bytes.length >= 25 && at(20) === 0x2f) {
    const bits = at(21) | (at(22) << 8) | (at(23) << 16) | (at(24) << 24);
    return { mediaType: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  throw invalid('the WebP header is malformed');
}

/**
 * The type and size a PNG, JPEG or WebP header announces, with its structure checked (chunks to
 * IEND, the JPEG's end marker, the WebP's RIFF length) but its size not judged; anything else
 * throws what `invalid` builds. Input checks use this to say, in their own words, why they refuse.
 */
export function readImageHeaderInfo(bytes: Uint8Array, invalid: InvalidImage): ImageInfo {
  if (bytes.length === 0) throw invalid('it is empty');
  if (startsWith(bytes, pngSignature)) return inspectPng(bytes, invalid);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return inspectJpeg(bytes, invalid);
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return inspectWebp(bytes, invalid);
  throw invalid('it is not a PNG, JPEG or WebP file');
}

/** Reads an image's type and size from its bytes, or throws `invalid_output`. */
export function inspectImage(bytes: Uint8Array): ImageInfo {
  const info = readImageHeaderInfo(bytes, invalidOutput);
  if (info.width < 1 || info.height < 1 || info.width > maxDimension || info.height > maxDimension) {
    throw invalidOutput(`its size ${info.width}×${info.height} is out of range`);
  }
  return info;
}
