// Reads an image's type, size and provenance from its leading bytes, whatever its format:
// the one place that knows PNG carries XMP in iTXt, JPEG in APP1 and WebP in an `XMP `
// chunk. It imports nothing heavy, so the listing's worker thread loads it in milliseconds.
import type { ImageMediaType } from '@forge/image-gen';

import { type ByteSource, bytesSource, startsWithBytes } from './byte-source.ts';
import { readJpegHeader } from './jpeg-metadata.ts';
import { type HeaderInfo, readPngHeader } from './png-metadata.ts';
import type { Provenance } from './provenance.ts';
import { readWebpHeader } from './webp-metadata.ts';
import { decodeXmpBytes } from './xmp-packet.ts';

export interface ImageHeader {
  mediaType: ImageMediaType;
  width: number;
  height: number;
  provenance: Provenance;
}

const pngSignature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpegSignature = [0xff, 0xd8, 0xff];
const riffSignature = [0x52, 0x49, 0x46, 0x46];
const webpSignature = [0x57, 0x45, 0x42, 0x50];

/** The format the leading bytes announce, or undefined for anything else. */
export function sniffMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWithBytes(bytes, pngSignature)) return 'image/png';
  if (startsWithBytes(bytes, jpegSignature)) return 'image/jpeg';
  if (startsWithBytes(bytes, riffSignature) && startsWithBytes(bytes, webpSignature, 8)) return 'image/webp';
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
