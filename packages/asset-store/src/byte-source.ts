// Random access to an image's bytes, whether in memory or on disk, so one parser reads
// headers and metadata without loading whole files. Synchronous on purpose: listing
// 10,000 assets reads ~4 KiB of each in a few batched, blocking-but-short passes, which is
// several times faster than queueing 40,000 promise-based calls on the thread pool.
import type { AssetStoreFileSystem } from './file-system.ts';

export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes at `offset`; shorter only at the end of the data. */
  read(offset: number, length: number): Uint8Array;
}

export function bytesSource(bytes: Uint8Array): ByteSource {
  return { size: bytes.length, read: (offset, length) => bytes.subarray(offset, Math.min(bytes.length, offset + length)) };
}

/**
 * How much of a file one read takes: a PNG's IHDR and the provenance chunk save() puts right
 * after it (a packet with a prompt of up to ~3,000 characters), a JPEG's leading segments. Anything
 * past it is read on demand. One page: 8 KiB cost ~8% more over 10,000 files.
 */
export const headBlockSize = 4096;
/** Reused by every synchronous header read: parsing finishes before the next read starts. */
const sharedBlock = Buffer.allocUnsafe(headBlockSize);

/**
 * A file source that answers from one leading block and reads anything past it on demand.
 * Valid only until the next call (the block is shared), so parse it synchronously.
 */
export function fileSource(fs: Pick<AssetStoreFileSystem, 'readSync'>, fd: number, size: number): ByteSource {
  const block = sharedBlock.subarray(0, fs.readSync(fd, sharedBlock, 0, Math.min(headBlockSize, size), 0));
  return {
    size,
    read: (offset, length) => {
      if (offset + length <= block.length || block.length === size) return block.subarray(offset, Math.min(block.length, offset + length));
      const wanted = Math.max(0, Math.min(length, size - offset));
      const buffer = Buffer.allocUnsafe(wanted);
      return buffer.subarray(0, fs.readSync(fd, buffer, 0, wanted, offset));
    },
  };
}

/** Thrown by a `headSource` asked for bytes it does not have: read the file itself instead. */
export const beyondHead = new Error('The bytes asked for are past the leading block that was read.');

/** A file of `size` bytes known only by its leading `block` (read elsewhere); reading past it throws `beyondHead`. */
export function headSource(block: Uint8Array, size: number): ByteSource {
  return {
    size,
    read: (offset, length) => {
      if (offset + length <= block.length || block.length === size) return block.subarray(offset, Math.min(block.length, offset + length));
      throw beyondHead;
    },
  };
}

export function readUint32BE(bytes: Uint8Array, offset: number): number {
  return (((bytes[offset] ?? 0) << 24) | ((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0)) >>> 0;
}

export function readUint32LE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8) | ((bytes[offset + 2] ?? 0) << 16) | ((bytes[offset + 3] ?? 0) << 24)) >>> 0;
}

export function readUint16BE(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

export function ascii(bytes: Uint8Array, offset: number, length: number): string {
  // A loop, not `fromCharCode(...subarray)`: no array or view per chunk header on a listing's hot path.
  let text = '';
  const end = Math.min(bytes.length, offset + length);
  for (let index = offset; index < end; index += 1) text += String.fromCharCode(bytes[index] ?? 0);
  return text;
}

export function startsWithBytes(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  for (let index = 0; index < prefix.length; index += 1) if (bytes[offset + index] !== prefix[index]) return false;
  return true;
}
