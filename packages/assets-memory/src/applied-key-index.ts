// A small on-disk hash set of the asset entries already in a memory file, kept in the cache
// folder (memory-bookkeeping.ts), so approving one more entry costs the same with 10 or 10,000
// entries. It is only a cache: its header records the memory file's size, mtime, ctime and
// inode after Forge's last write, and any mismatch (a hand edit, a sync tool, a crash
// mid-write) makes the next approval rebuild it from the file itself.
import { createHash, randomUUID } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

import type { MemoryFileSystem } from './memory-file-system.ts';

/** What identifies one version of the memory file on disk. */
export interface FileState {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

const magic = Buffer.from('FRGMIDX1', 'latin1');
const headerSize = 64;
const slotSize = 16;
const minimumCapacity = 64;
const emptySlot = Buffer.alloc(slotSize);

function hashKey(key: string): Buffer {
  const hash = createHash('sha256').update(key, 'utf8').digest().subarray(0, slotSize);
  if (hash.equals(emptySlot)) hash[0] = 1;
  return hash;
}

function capacityFor(count: number): number {
  let capacity = minimumCapacity;
  while (count * 2 >= capacity) capacity *= 2;
  return capacity;
}

function writeHeader(buffer: Buffer, capacity: number, count: number, state: FileState | undefined): void {
  magic.copy(buffer, 0);
  buffer.writeUInt32LE(capacity, 8);
  buffer.writeUInt32LE(count, 12);
  buffer.writeBigUInt64LE(state?.size ?? 0n, 16);
  buffer.writeBigUInt64LE(state?.mtimeNs ?? 0n, 24);
  buffer.writeBigUInt64LE(state?.ctimeNs ?? 0n, 32);
  buffer.writeBigUInt64LE(state?.ino ?? 0n, 40);
}

function sameState(header: Buffer, state: FileState): boolean {
  return (
    header.readBigUInt64LE(16) === state.size &&
    header.readBigUInt64LE(24) === state.mtimeNs &&
    header.readBigUInt64LE(32) === state.ctimeNs &&
    header.readBigUInt64LE(40) === state.ino &&
    header.readBigUInt64LE(40) !== 0n
  );
}

/** Places `hash` in an in-memory table; false when it was already there. */
function placeInTable(slots: Buffer, capacity: number, hash: Buffer): boolean {
  for (let probe = 0, slot = hash.readUInt32LE(0) % capacity; probe < capacity; probe += 1, slot = (slot + 1) % capacity) {
    const at = slot * slotSize;
    const current = slots.subarray(at, at + slotSize);
    if (current.equals(hash)) return false;
    if (current.equals(emptySlot)) {
      hash.copy(slots, at);
      return true;
    }
  }
  throw new Error('applied-key index is full');
}

export class AppliedKeyIndex {
  private handle: FileHandle;
  private capacity: number;
  private count: number;
  private readonly fileSystem: MemoryFileSystem;
  private readonly indexPath: string;

  private constructor(fileSystem: MemoryFileSystem, indexPath: string, handle: FileHandle, capacity: number, count: number) {
    this.fileSystem = fileSystem;
    this.indexPath = indexPath;
    this.handle = handle;
    this.capacity = capacity;
    this.count = count;
  }

  /** The index at `indexPath` if it describes exactly `state`; undefined when missing, torn or stale. */
  static async load(fileSystem: MemoryFileSystem, indexPath: string, state: FileState): Promise<AppliedKeyIndex | undefined> {
    let handle: FileHandle;
    try {
      handle = await fileSystem.open(indexPath, 'r+');
    } catch {
      return undefined;
    }
    try {
      const header = Buffer.alloc(headerSize);
      const { bytesRead } = await handle.read(header, 0, headerSize, 0);
      const capacity = header.readUInt32LE(8);
      const valid =
        bytesRead === headerSize &&
        header.subarray(0, magic.length).equals(magic) &&
        capacity >= minimumCapacity &&
        (await handle.stat()).size === headerSize + capacity * slotSize &&
        sameState(header, state);
      if (valid) return new AppliedKeyIndex(fileSystem, indexPath, handle, capacity, header.readUInt32LE(12));
    } catch {
      // A torn or unreadable index is rebuilt like a missing one.
    }
    await handle.close();
    return undefined;
  }

  /** A fresh index holding `keys`, replacing whatever was at `indexPath`. */
  static async build(fileSystem: MemoryFileSystem, indexPath: string, keys: Iterable<string>, state: FileState | undefined): Promise<AppliedKeyIndex> {
    const hashes = [...new Set(keys)].map(hashKey);
    return AppliedKeyIndex.write(fileSystem, indexPath, hashes, state);
  }

  private static async write(
    fileSystem: MemoryFileSystem,
    indexPath: string,
    hashes: Buffer[],
    state: FileState | undefined,
    capacity = capacityFor(hashes.length),
  ): Promise<AppliedKeyIndex> {
    const buffer = Buffer.alloc(headerSize + capacity * slotSize);
    const slots = buffer.subarray(headerSize);
    let count = 0;
    for (const hash of hashes) if (placeInTable(slots, capacity, hash)) count += 1;
    writeHeader(buffer, capacity, count, state);
    const temporary = `${indexPath}.${randomUUID()}.tmp`;
    try {
      await fileSystem.writeFile(temporary, buffer);
      await fileSystem.rename(temporary, indexPath);
    } catch (error) {
      // A full cache disk: no torn temporary is left to pile up.
      await fileSystem.unlink(temporary).catch(() => undefined);
      throw error;
    }
    const handle = await fileSystem.open(indexPath, 'r+');
    return new AppliedKeyIndex(fileSystem, indexPath, handle, capacity, count);
  }

  /** The slot holding `hash`, or the empty slot where it would go. */
  private async find(hash: Buffer): Promise<{ slot: number; found: boolean }> {
    const batch = Buffer.alloc(8 * slotSize);
    let slot = hash.readUInt32LE(0) % this.capacity;
    for (let probed = 0; probed < this.capacity; ) {
      const slots = Math.min(8, this.capacity - slot);
      const { bytesRead } = await this.handle.read(batch, 0, slots * slotSize, headerSize + slot * slotSize);
      for (let index = 0; index < slots; index += 1, probed += 1) {
        const at = index * slotSize;
        const current = at + slotSize <= bytesRead ? batch.subarray(at, at + slotSize) : emptySlot;
        if (current.equals(hash)) return { slot: slot + index, found: true };
        if (current.equals(emptySlot)) return { slot: slot + index, found: false };
      }
      slot = (slot + slots) % this.capacity;
    }
    throw new Error('applied-key index is full');
  }

  async has(key: string): Promise<boolean> {
    return (await this.find(hashKey(key))).found;
  }

  /** Records `keys` and that the memory file is now at `state`. */
  async add(keys: Iterable<string>, state: FileState): Promise<void> {
    for (const key of new Set(keys)) {
      const hash = hashKey(key);
      if ((this.count + 1) * 2 >= this.capacity) await this.grow();
      const { slot, found } = await this.find(hash);
      if (found) continue;
      await this.handle.write(hash, 0, slotSize, headerSize + slot * slotSize);
      this.count += 1;
    }
    await this.commit(state);
  }

  /** Records that the memory file is now at `state` (undefined: trust nothing next time). */
  async commit(state: FileState | undefined): Promise<void> {
    const header = Buffer.alloc(headerSize);
    writeHeader(header, this.capacity, this.count, state);
    await this.handle.write(header, 0, headerSize, 0);
  }

  private async grow(): Promise<void> {
    const slots = Buffer.alloc(this.capacity * slotSize);
    await this.handle.read(slots, 0, slots.length, headerSize);
    const hashes: Buffer[] = [];
    for (let at = 0; at < slots.length; at += slotSize) {
      const hash = slots.subarray(at, at + slotSize);
      if (!hash.equals(emptySlot)) hashes.push(Buffer.from(hash));
    }
    await this.handle.close();
    const grown = await AppliedKeyIndex.write(this.fileSystem, this.indexPath, hashes, undefined, this.capacity * 2);
    this.handle = grown.handle;
    this.capacity = grown.capacity;
    this.count = grown.count;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
