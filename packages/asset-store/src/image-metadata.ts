// Reads and writes an image file's header and provenance, whatever its format: the one
// place that knows PNG carries XMP in iTXt, JPEG in APP1 and WebP in an `XMP ` chunk.
import { type ImageInfo, type ImageMediaType, inspectImage } from '@forge/image-gen';

import { type ByteSource, bytesSource, readUint32LE, startsWithBytes } from './byte-source.ts';
import { embedJpegXmp, maxJpegXmpBytes, readJpegHeader } from './jpeg-metadata.ts';
import { embedPngXmp, type HeaderInfo, readPngHeader } from './png-metadata.ts';
import type { Provenance } from './provenance.ts';
import { embedWebpXmp, readWebpHeader } from './webp-metadata.ts';
import { decodeXmpBytes, encodeXmpPacket } from './xmp-packet.ts';

export interface ImageHeader {
  mediaType: ImageMediaType;
  width: number;
  height: number;
  provenance: Provenance;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format the leading bytes announce, or undefined for anything else. */
export function sniffMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWithBytes(bytes, pngSignature)) return 'image/png';
  if (startsWithBytes(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWithBytes(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWithBytes(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  return undefined;
}

/** Type, size and provenance from an image's leading bytes, or undefined when it is not an image. */
export function readImageHeader(source: ByteSource): ImageHeader | undefined {
  const mediaType = sniffMediaType(source.read(0, 12));
  let header: HeaderInfo | undefined;
  switch (mediaType) {
    case 'image/png':
      header = readPngHeader(source);
      break;
    case 'image/jpeg':
      header = readJpegHeader(source);
      break;
    case 'image/webp':
      header = readWebpHeader(source);
      break;
    case undefined:
      return undefined;
    default:
      return mediaType satisfies never;
  }
  if (header === undefined || header.width < 1 || header.height < 1) return undefined;
  const provenance = header.xmp === undefined ? undefined : decodeXmpBytes(header.xmp);
  return { mediaType, width: header.width, height: header.height, provenance: provenance ?? {} };
}

/** The provenance an image's bytes carry (empty when none): how an exported copy is read. */
export function readProvenance(bytes: Uint8Array): Provenance {
  return readImageHeader(bytesSource(bytes))?.provenance ?? {};
}

function shortened(provenance: Provenance, maxLength: number): Provenance {
  const result = { ...provenance };
  if (result.prompt !== undefined) result.prompt = result.prompt.slice(0, maxLength);
  if (result.revisedPrompt !== undefined) result.revisedPrompt = result.revisedPrompt.slice(0, maxLength);
  return result;
}

/**
 * `bytes` (already validated as `info`) carrying `provenance`, spliced in without
 * re-encoding: returned as slices to write in order, so the image data is never copied.
 */
export function embedProvenance(bytes: Uint8Array, info: ImageInfo, provenance: Provenance): Uint8Array[] {
  switch (info.mediaType) {
    case 'image/png':
      return embedPngXmp(bytes, encodeXmpPacket(provenance));
    case 'image/webp':
      return embedWebpXmp(bytes, Buffer.from(encodeXmpPacket(provenance), 'utf8'), info.width, info.height);
    case 'image/jpeg': {
      // One APP1 segment holds at most ~64 KiB; a prompt that long is cut to fit.
      let packet = Buffer.from(encodeXmpPacket(provenance), 'utf8');
      for (let maxLength = 16_000; packet.length > maxJpegXmpBytes; maxLength = Math.floor(maxLength / 2)) {
        packet = Buffer.from(encodeXmpPacket(shortened(provenance, maxLength)), 'utf8');
      }
      return embedJpegXmp(bytes, packet);
    }
    default:
      return info.mediaType satisfies never;
  }
}

/** The image's type and size, or undefined when the bytes are not a real PNG, JPEG or WebP. */
export function inspectImageOrUndefined(bytes: Uint8Array): ImageInfo | undefined {
  try {
    return inspectImage(bytes);
  } catch {
    return undefined;
  }
}

/** Whether a file's bytes look fully written: a writer that is not atomic may still be going. */
export function isCompleteImage(bytes: Uint8Array): boolean {
  const info = inspectImageOrUndefined(bytes);
  if (info === undefined) return false;
  switch (info.mediaType) {
    case 'image/png':
      return true; // inspectImage walked the chunks to IEND.
    case 'image/jpeg': {
      let end = bytes.length;
      while (end > 2 && bytes[end - 1] === 0) end -= 1;
      return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
    }
    case 'image/webp':
      return 8 + readUint32LE(bytes, 4) <= bytes.length;
    default:
      return info.mediaType satisfies never;
  }
}
