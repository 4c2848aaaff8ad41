// The one error this package throws: a stable `code` a caller can branch on and a message
// a person can act on. `locked` says how long it waited; `path` says where it tried to write.
import { dirname } from 'node:path';

const marker = Symbol.for('forge.assets-memory.error');

export type MemoryWriteErrorCode = 'path_traversal' | 'linked_folder' | 'linked_file' | 'invalid_proposal' | 'read_only' | 'no_space' | 'locked' | 'io';

export interface MemoryWriteErrorOptions {
  code: MemoryWriteErrorCode;
  message: string;
  /** The memory file (relative to the memory base, or absolute) the write was aimed at. */
  path?: string;
  /** For `locked`: how long the writer waited for the lock before giving up. */
  waitedMs?: number;
  cause?: unknown;
}

export class MemoryWriteError extends Error {
  readonly [marker] = true;
  override readonly name = 'MemoryWriteError';
  readonly code: MemoryWriteErrorCode;
  readonly path: string | undefined;
  readonly waitedMs: number | undefined;
  /** Only `locked` and `io` can succeed on a later attempt without the user changing anything. */
  readonly retryable: boolean;

  constructor(options: MemoryWriteErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.path = options.path;
    this.waitedMs = options.waitedMs;
    this.retryable = options.code === 'locked' || options.code === 'io';
  }

  /** True for this error from any copy of the package. */
  static isInstance(value: unknown): value is MemoryWriteError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain, serialisable view (for IPC and logs). */
  toJSON(): { name: string; code: MemoryWriteErrorCode; message: string; retryable: boolean; path?: string; waitedMs?: number } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.path === undefined ? {} : { path: this.path }),
      ...(this.waitedMs === undefined ? {} : { waitedMs: this.waitedMs }),
    };
  }
}

const readOnlyCodes = new Set(['EROFS', 'EACCES', 'EPERM']);
const fullDiskCodes = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Maps a file-system failure to `read_only`, `no_space` or `io`, keeping the original as `cause`.
 * `folder` is where the failing write was (the lock's folder is in the cache, not beside the file).
 */
export function toMemoryWriteError(error: unknown, path: string, doing: string, folder: string = dirname(path)): MemoryWriteError {
  if (MemoryWriteError.isInstance(error)) return error;
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && readOnlyCodes.has(code)) {
    return new MemoryWriteError({
      code: 'read_only',
      message: `Could not ${doing} ${path}: the folder is read-only (${code}). Check its permissions or the disk it is on.`,
      path,
      cause: error,
    });
  }
  if (typeof code === 'string' && fullDiskCodes.has(code)) {
    // The wording of the asset store's own full-disk error, so a failed save and a failed Approve read alike.
    return new MemoryWriteError({
      code: 'no_space',
      message: `Could not ${doing} ${path}: the disk holding ${folder} is full (${code}). Free some space and try again.`,
      path,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new MemoryWriteError({ code: 'io', message: `Could not ${doing} ${path}: ${detail}`, path, cause: error });
}
