// Provenance in JPEG: an APP1 XMP segment placed after the leading JFIF/Exif segments.
import { ascii, type ByteSource, readUint16BE } from './byte-source.ts';
import type { HeaderInfo } from './png-metadata.ts';

const xmpSignature = 'http://ns.adobe.com/xap/1.0/\0';
/** A segment's length field covers itself, the signature and the packet. */
export const maxJpegXmpBytes = 0xffff - 2 - xmpSignature.length;

function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function isXmpSegment(bytes: Uint8Array, offset: number): boolean {
  return bytes[offset + 1] === 0xe1 && ascii(bytes, offset + 4, xmpSignature.length) === xmpSignature;
}

/** `bytes` (a valid JPEG) with its XMP segments replaced by one carrying `packet` (at most maxJpegXmpBytes), as slices. */
export function embedJpegXmp(bytes: Uint8Array, packet: Buffer): Uint8Array[] {
  const segment = Buffer.allocUnsafe(4 + xmpSignature.length + packet.length);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(2 + xmpSignature.length + packet.length, 2);
  segment.write(xmpSignature, 4, 'latin1');
  packet.copy(segment, 4 + xmpSignature.length);

  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  let inserted = false;
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (isStandalone(marker)) {
      parts.push(bytes.subarray(offset, offset + 2));
      offset += 2;
      continue;
    }
    if (marker === 0xda) break;
    const end = offset + 2 + readUint16BE(bytes, offset + 2);
    const leading = marker === 0xe0 || (marker === 0xe1 && !isXmpSegment(bytes, offset));
    if (!inserted && !leading) {
      parts.push(segment);
      inserted = true;
    }
    if (!isXmpSegment(bytes, offset)) parts.push(bytes.subarray(offset, end));
    offset = end;
  }
  if (!inserted) parts.push(segment);
  parts.push(bytes.subarray(offset));
  return parts;
}

/** Size and XMP of a JPEG, reading segment by segment up to the scan data. */
export function readJpegHeader(source: ByteSource): HeaderInfo | undefined {
  let width = 0;
  let height = 0;
  let xmp: Uint8Array | undefined;
  let offset = 2;
  while (offset + 4 <= source.size) {
    const header = source.read(offset, 4 + xmpSignature.length);
    if (header[0] !== 0xff) return undefined;
    const marker = header[1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    if (isStandalone(marker)) {
      offset += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = readUint16BE(header, 2);
    if (isStartOfFrame(marker)) {
      const frame = source.read(offset + 5, 4);
      height = readUint16BE(frame, 0);
      width = readUint16BE(frame, 2);
    } else if (xmp === undefined && isXmpSegment(header, 0)) {
      const data = source.read(offset + 4 + xmpSignature.length, length - 2 - xmpSignature.length);
      xmp = data;
    }
    offset += 2 + length;
  }
  return width > 0 && height > 0 ? { width, height, xmp } : undefined;
}
