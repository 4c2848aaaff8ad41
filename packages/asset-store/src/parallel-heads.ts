// The first listing of a big store opens every file, and most of that time is the kernel's
// (open, fstat, read, close: four blocking calls a file, on one core). readHeadsInParallel
// shares those calls with one worker thread. Both threads claim chunks of the file list from
// one shared counter, so neither waits on the other however late the worker starts; the
// worker sends back each file's size, mtime and header bytes (a PNG's up to its first image
// data), and the caller parses those on its own thread exactly as if it had read them. The
// worker is a few lines of plain JavaScript evaluated from a string: no module to resolve, so
// it runs the same from source, from dist and under tests. A worker loading the real parsers
// was tried twice: it takes ~40 ms to start from dist and ~80 ms from TypeScript source (this
// one ~30 ms), and the listing was slower, measured side by side. Even this one takes
// ~30–50 ms on a busy machine, so a caller that expects many files starts it first
// (startHeadsWorker) and hands it the list once it has walked the folders. A file the worker
// could not read, or a worker that never starts or dies, is read on the caller's thread.
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

/** What the worker read of one file. */
export interface FileHead {
  size: number;
  mtimeMs: number;
  /** Its leading bytes up to where its header ends: at most blockSize (fewer if the file is shorter or shrank meanwhile). */
  block: Uint8Array;
}

export interface HeadsWorkerOptions {
  blockSize: number;
  /** Flags for openSync in the worker (as the caller's own reads use). */
  openFlags: number;
  /** What to open with instead once openFlags meets EPERM (O_NOATIME on a file that is not ours). */
  fallbackOpenFlags: number;
}

export interface ParallelHeadsOptions {
  /** Files per claim (default 100: ~1 ms of work here between chances to take the worker's results). */
  chunkSize?: number | undefined;
  /** Reads a file on this thread (a chunk this thread claimed, or one the worker could not read). Must not throw. */
  readHere: (file: string) => void;
  /** Takes what the worker read of a file. Must not throw. */
  takeHead: (file: string, head: FileHead) => void;
}

const workerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readSync } = require('node:fs');
const { blockSize, fallbackOpenFlags } = workerData;
let { openFlags } = workerData;
function open(file) {
  try {
    return openSync(file, openFlags);
  } catch (error) {
    if (error.code !== 'EPERM' || openFlags === fallbackOpenFlags) throw error;
    openFlags = fallbackOpenFlags;
    return openSync(file, openFlags);
  }
}
// Where a file's header ends in its leading bytes: for a PNG, with the first image data
// chunk's own header (what a header read walks to); anything else is sent whole.
function headLength(bytes, at, length) {
  if (length < 16 || bytes[at] !== 0x89 || bytes[at + 1] !== 0x50 || bytes[at + 2] !== 0x4e || bytes[at + 3] !== 0x47) return length;
  for (let offset = 8; offset + 8 <= length; ) {
    const type = at + offset + 4;
    if (bytes[type] === 0x49 && ((bytes[type + 1] === 0x44 && bytes[type + 2] === 0x41 && bytes[type + 3] === 0x54) || (bytes[type + 1] === 0x45 && bytes[type + 2] === 0x4e && bytes[type + 3] === 0x44))) return offset + 8;
    offset += 12 + ((bytes[at + offset] << 24) | (bytes[at + offset + 1] << 16) | (bytes[at + offset + 2] << 8) | bytes[at + offset + 3]) >>> 0;
  }
  return length;
}
parentPort.once('message', ({ files, counter, chunkSize }) => {
const next = new Int32Array(counter);
// Read into one reused buffer; send each chunk's headers packed (a PNG's is ~1 KB of its 4 KiB
// block): fresh 400 KB buffers per chunk cost page faults here and GC pressure in the caller.
const scratch = new Uint8Array(chunkSize * blockSize);
for (let start = Atomics.add(next, 0, chunkSize); start < files.length; start = Atomics.add(next, 0, chunkSize)) {
  const count = Math.min(chunkSize, files.length - start);
  // Per file: size, mtimeMs, header bytes sent (-1: not a file or not readable here).
  const stats = new Float64Array(count * 3);
  let total = 0;
  for (let slot = 0; slot < count; slot += 1) {
    stats[slot * 3 + 2] = -1;
    let fd;
    try {
      fd = open(files[start + slot]);
      const stat = fstatSync(fd);
      if (stat.isFile()) {
        const length = headLength(scratch, total, readSync(fd, scratch, total, Math.min(blockSize, stat.size), 0));
        stats[slot * 3] = stat.size;
        stats[slot * 3 + 1] = stat.mtimeMs;
        stats[slot * 3 + 2] = length;
        total += length;
      }
    } catch {
      // Left at -1: the caller reads it and reports what went wrong.
    } finally {
      if (fd !== undefined) try { closeSync(fd); } catch {}
    }
  }
  const heads = scratch.slice(0, total);
  parentPort.postMessage({ start, stats, heads }, [stats.buffer, heads.buffer]);
}
});
`;

interface ChunkMessage {
  start: number;
  stats: Float64Array;
  /** The files' headers, one after another. */
  heads: Uint8Array;
}

/** A worker that reads nothing until it is handed a file list (or is stopped). */
export interface HeadsWorker {
  readonly blockSize: number;
  /** undefined: it could not be started (a platform without threads, a resource limit). */
  readonly worker: Worker | undefined;
  /** Set when it failed or exited; onGone (if set) is called then. */
  gone: boolean;
  onGone: (() => void) | undefined;
}

/** Starts a worker for readHeadsInParallel; stop it with stopHeadsWorker if it gets no files. */
export function startHeadsWorker(options: HeadsWorkerOptions): HeadsWorker {
  const started: HeadsWorker = { blockSize: options.blockSize, worker: undefined, gone: true, onGone: undefined };
  try {
    const worker = new Worker(workerSource, { eval: true, workerData: options });
    const gone = (): void => {
      started.gone = true;
      started.onGone?.();
    };
    worker.once('error', gone);
    worker.once('exit', gone);
    return Object.assign(started, { worker, gone: false });
  } catch {
    // No worker (a platform without threads, a resource limit): the caller's thread reads everything.
    return started;
  }
}

export function stopHeadsWorker(started: HeadsWorker): void {
  if (started.worker !== undefined && !started.gone) void started.worker.terminate();
}

/** Calls readHere or takeHead once for every file, sharing the reads with a started worker (and then stopping it). */
export async function readHeadsInParallel(files: readonly string[], started: HeadsWorker, options: ParallelHeadsOptions): Promise<void> {
  const { readHere, takeHead } = options;
  const { worker } = started;
  const chunkSize = options.chunkSize ?? 100;
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  const chunkCount = Math.ceil(files.length / chunkSize);
  const finished = new Uint8Array(chunkCount);
  let finishedCount = 0;
  let wake: (() => void) | undefined;
  const markFinished = (start: number): void => {
    finished[start / chunkSize] = 1;
    finishedCount += 1;
  };
  const readChunkHere = (start: number): void => {
    for (const file of files.slice(start, start + chunkSize)) readHere(file);
    markFinished(start);
  };

  if (worker !== undefined && !started.gone) {
    started.onGone = () => wake?.();
    worker.on('message', (message: ChunkMessage) => {
      const { start, stats } = message;
      const heads = Buffer.from(message.heads.buffer, message.heads.byteOffset, message.heads.length);
      for (let slot = 0, offset = 0; slot < stats.length / 3; slot += 1) {
        const file = files[start + slot];
        const length = stats[slot * 3 + 2] ?? -1;
        if (file === undefined) continue;
        if (length < 0) {
          readHere(file);
          continue;
        }
        takeHead(file, { size: stats[slot * 3] ?? 0, mtimeMs: stats[slot * 3 + 1] ?? 0, block: heads.subarray(offset, offset + length) });
        offset += length;
      }
      markFinished(start);
      wake?.();
    });
    worker.postMessage({ files, counter, chunkSize });
  }

  try {
    for (let start = Atomics.add(next, 0, chunkSize); start < files.length; start = Atomics.add(next, 0, chunkSize)) {
      readChunkHere(start);
      await yieldToEvents(); // the worker's chunks are taken in between
    }
    // Every chunk is claimed; wait for the worker's, or read them here if it died holding one.
    while (finishedCount < chunkCount && !started.gone) await new Promise<void>((resolve) => (wake = resolve));
    if (finishedCount < chunkCount) {
      for (let chunk = 0; chunk < chunkCount; chunk += 1) if (finished[chunk] === 0) readChunkHere(chunk * chunkSize);
    }
  } finally {
    wake = undefined;
    started.onGone = undefined;
    // Done with it (it may still be starting up and would only find nothing left to claim).
    worker?.removeAllListeners('message');
    stopHeadsWorker(started);
  }
}
