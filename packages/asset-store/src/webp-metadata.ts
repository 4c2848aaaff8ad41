// Provenance in WebP: an `XMP ` chunk at the end of an extended (VP8X) file, converting a
// simple VP8/VP8L file to the extended layout without touching the image data.
import { ascii, type ByteSource, readUint32LE } from './byte-source.ts';
import type { HeaderInfo } from './png-metadata.ts';

const xmpFlag = 0x04;
const alphaFlag = 0x10;

interface Chunk {
  fourcc: string;
  start: number;
  /** Past the data and its padding byte. */
  end: number;
}

function chunksOf(bytes: Uint8Array): Chunk[] {
  const chunks: Chunk[] = [];
  const riffEnd = Math.min(bytes.length, 8 + readUint32LE(bytes, 4));
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const size = readUint32LE(bytes, offset + 4);
    const end = Math.min(riffEnd, offset + 8 + size + (size % 2));
    chunks.push({ fourcc: ascii(bytes, offset, 4), start: offset, end });
    offset = end;
  }
  return chunks;
}

function chunkBytes(fourcc: string, data: Uint8Array): Buffer {
  const padded = data.length % 2;
  const result = Buffer.alloc(8 + data.length + padded);
  result.write(fourcc, 0, 'latin1');
  result.writeUInt32LE(data.length, 4);
  result.set(data, 8);
  return result;
}

function writeUint24LE(target: Buffer, value: number, offset: number): void {
  target[offset] = value & 0xff;
  target[offset + 1] = (value >> 8) & 0xff;
  target[offset + 2] = (value >> 16) & 0xff;
}

/** `bytes` (a valid WebP of `width`×`height`) carrying `packet` in its one XMP chunk, as slices. */
export function embedWebpXmp(bytes: Uint8Array, packet: Buffer, width: number, height: number): Uint8Array[] {
  const chunks = chunksOf(bytes);
  const parts: Uint8Array[] = [];
  const first = chunks[0];
  if (first?.fourcc === 'VP8X') {
    const header = Buffer.from(bytes.subarray(first.start, first.end));
    header[8] = (header[8] ?? 0) | xmpFlag;
    parts.push(header);
  } else {
    const header = Buffer.alloc(18);
    header.write('VP8X', 0, 'latin1');
    header.writeUInt32LE(10, 4);
    // A lossless bitstream says whether it uses alpha in bit 28 of its header.
    const hasAlpha = first?.fourcc === 'VP8L' && ((readUint32LE(bytes, first.start + 9) >>> 28) & 1) === 1;
    header[8] = xmpFlag | (hasAlpha ? alphaFlag : 0);
    writeUint24LE(header, width - 1, 12);
    writeUint24LE(header, height - 1, 15);
    parts.push(header);
    if (first !== undefined) parts.push(bytes.subarray(first.start, first.end));
  }
  for (const chunk of chunks.slice(1)) {
    if (chunk.fourcc !== 'XMP ') parts.push(bytes.subarray(chunk.start, chunk.end));
  }
  parts.push(chunkBytes('XMP ', packet));
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + parts.reduce((total, part) => total + part.length, 0), 4);
  header.write('WEBP', 8, 'latin1');
  return [header, ...parts];
}

/** Size and XMP of a WebP, reading chunk headers only (the XMP chunk sits after the image data). */
export function readWebpHeader(source: ByteSource): HeaderInfo | undefined {
  const riff = source.read(0, 12);
  const riffEnd = Math.min(source.size, 8 + readUint32LE(riff, 4));
  let width = 0;
  let height = 0;
  let xmp: Uint8Array | undefined;
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    const header = source.read(offset, 18);
    const fourcc = ascii(header, 0, 4);
    const size = readUint32LE(header, 4);
    const at = (index: number): number => header[index] ?? 0;
    if (fourcc === 'VP8X') {
      width = 1 + (at(12) | (at(13) << 8) | (at(14) << 16));
      height = 1 + (at(15) | (at(16) << 8) | (at(17) << 16));
    } else if (fourcc === 'VP8 ' && width === 0) {
      width = (at(14) | (at(15) << 8)) & 0x3fff;
      height = (at(16) | (at(17) << 8)) & 0x3fff;
    } else if (fourcc === 'VP8L' && width === 0) {
      const bits = (at(9) | (at(10) << 8) | (at(11) << 16) | (at(12) << 24)) >>> 0;
      width = (bits & 0x3fff) + 1;
      height = ((bits >>> 14) & 0x3fff) + 1;
    } else if (fourcc === 'XMP ' && xmp === undefined) {
      const data = source.read(offset + 8, size);
      xmp = data;
    }
    offset += 8 + size + (size % 2);
  }
  return width > 0 && height > 0 ? { width, height, xmp } : undefined;
}
