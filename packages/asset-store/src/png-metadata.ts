// Provenance in PNG: an `iTXt` chunk (keyword `XML:com.adobe.xmp`) spliced in right after
// IHDR. Splicing costs ~0.2 ms on a 2.8 MB image where re-encoding costs ~70 ms, and keeps
// the pixels byte-for-byte.
import { crc32 } from 'node:zlib';

import { type ByteSource, readUint32BE } from './byte-source.ts';

export const xmpKeyword = 'XML:com.adobe.xmp';
/** The keyword and its terminating NUL, compared byte by byte (no string per chunk). */
const xmpKeywordBytes = Buffer.from(`${xmpKeyword}\0`, 'latin1');
const maxXmpBytes = 1_048_576;

function chunk(type: string, data: Uint8Array): Buffer {
  const result = Buffer.allocUnsafe(12 + data.length);
  result.writeUInt32BE(data.length, 0);
  result.write(type, 4, 'latin1');
  result.set(data, 8);
  result.writeUInt32BE(crc32(result.subarray(4, 8 + data.length)), 8 + data.length);
  return result;
}

/** An uncompressed iTXt chunk: keyword, flags, empty language tags, UTF-8 text. */
export function itxtChunk(keyword: string, text: string): Buffer {
  return chunk('iTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]));
}

function isXmpItxt(data: Uint8Array): boolean {
  if (data.length < xmpKeywordBytes.length) return false;
  for (let index = 0; index < xmpKeywordBytes.length; index += 1) if (data[index] !== xmpKeywordBytes[index]) return false;
  return true;
}

/** Where the NUL that ends a string starting at `from` is, or -1 (a loop: the tags are usually empty). */
function nulFrom(data: Uint8Array, from: number): number {
  for (let index = from; index < data.length; index += 1) if (data[index] === 0) return index;
  return -1;
}

/** The UTF-8 text bytes of an uncompressed iTXt payload, or undefined when it is compressed. */
function itxtText(data: Uint8Array): Uint8Array | undefined {
  const keywordEnd = nulFrom(data, 0);
  if (keywordEnd < 0 || data[keywordEnd + 1] !== 0) return undefined;
  const languageEnd = nulFrom(data, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : nulFrom(data, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  return data.subarray(translatedEnd + 1);
}

/**
 * `bytes` (a valid PNG) with every XMP iTXt chunk replaced by one carrying `packet`, right
 * after IHDR, as slices to write in order (no copy of the image data).
 */
export function embedPngXmp(bytes: Uint8Array, packet: string): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const ihdrEnd = 8 + 12 + readUint32BE(bytes, 8);
  parts.push(bytes.subarray(0, ihdrEnd), itxtChunk(xmpKeyword, packet));
  let runStart = ihdrEnd;
  let offset = ihdrEnd;
  while (offset + 12 <= bytes.length) {
    const length = readUint32BE(bytes, offset);
    const end = offset + 12 + length;
    const isItxt = bytes[offset + 4] === 0x69 && bytes[offset + 5] === 0x54 && bytes[offset + 6] === 0x58 && bytes[offset + 7] === 0x74;
    if (isItxt && isXmpItxt(bytes.subarray(offset + 8, Math.min(end, offset + 8 + xmpKeyword.length + 1)))) {
      parts.push(bytes.subarray(runStart, offset));
      runStart = end;
    }
    offset = end;
  }
  parts.push(bytes.subarray(runStart));
  return parts;
}

export interface HeaderInfo {
  width: number;
  height: number;
  /** The XMP packet's UTF-8 bytes (valid only while the source's block is). */
  xmp: Uint8Array | undefined;
}

/** Chunk types as the big-endian number their four bytes make (compared without a string per chunk). */
const chunkTypes = { IHDR: 0x49484452, IDAT: 0x49444154, IEND: 0x49454e44, iTXt: 0x69545874 } as const;

/** Size and XMP of a PNG, reading chunk by chunk up to the first image data. */
export function readPngHeader(source: ByteSource): HeaderInfo | undefined {
  const ihdr = source.read(8, 16);
  if (ihdr.length < 16 || readUint32BE(ihdr, 4) !== chunkTypes.IHDR) return undefined;
  const width = readUint32BE(ihdr, 8);
  const height = readUint32BE(ihdr, 12);
  let offset = 8;
  while (offset + 12 <= source.size) {
    const header = source.read(offset, 8);
    if (header.length < 8) break;
    const length = readUint32BE(header, 0);
    const type = readUint32BE(header, 4);
    if (type === chunkTypes.IDAT || type === chunkTypes.IEND) break;
    if (type === chunkTypes.iTXt && length <= maxXmpBytes) {
      const data = source.read(offset + 8, length);
      const text = isXmpItxt(data) ? itxtText(data) : undefined;
      // The first readable XMP chunk wins and the size came from IHDR: stop reading here.
      if (text !== undefined) return { width, height, xmp: text };
    }
    offset += 12 + length;
  }
  return { width, height, xmp: undefined };
}
