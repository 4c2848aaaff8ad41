// Writes provenance into an image file's bytes, whatever its format (image-header.ts reads
// it back), and tells whether bytes are a real, complete image.
import { type ImageInfo, inspectImage } from '@forge/image-gen';

import { readUint32LE } from './byte-source.ts';
import { embedJpegXmp, maxJpegXmpBytes } from './jpeg-metadata.ts';
import { embedPngXmp } from './png-metadata.ts';
import type { Provenance } from './provenance.ts';
import { embedWebpXmp } from './webp-metadata.ts';
import { encodeXmpPacket } from './xmp-packet.ts';

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
