// The one error the asset store throws: a stable `code` a caller can branch on and a
// message that names the folder involved, so a person knows where the save went wrong.
const marker = Symbol.for('forge.asset-store.error');

export type AssetStoreErrorCode = 'outside_root' | 'linked_folder' | 'not_found' | 'invalid_image' | 'read_only' | 'no_space' | 'io';

export interface AssetStoreErrorOptions {
  code: AssetStoreErrorCode;
  message: string;
  path?: string;
  cause?: unknown;
}

export class AssetStoreError extends Error {
  readonly [marker] = true;
  override readonly name = 'AssetStoreError';
  readonly code: AssetStoreErrorCode;
  readonly path: string | undefined;

  constructor(options: AssetStoreErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.path = options.path;
  }

  /** True for this error from any copy of the package. */
  static isInstance(value: unknown): value is AssetStoreError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain, serialisable view (for IPC and logs). */
  toJSON(): { name: string; code: AssetStoreErrorCode; message: string; path?: string } {
    return { name: this.name, code: this.code, message: this.message, ...(this.path === undefined ? {} : { path: this.path }) };
  }
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` is a Node system error with one of `codes`. */
export function hasErrnoCode(error: unknown, ...codes: readonly string[]): boolean {
  const code = errnoCode(error);
  return code !== undefined && codes.includes(code);
}

/**
 * Turns a file-system failure into an AssetStoreError naming `folder`.
 * `action` reads as a sentence fragment: "save the image", "read the asset".
 */
export function toAssetStoreError(error: unknown, action: string, folder: string, path?: string): AssetStoreError {
  if (AssetStoreError.isInstance(error)) return error;
  const at = path ?? folder;
  const code = errnoCode(error);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new AssetStoreError({ code: 'read_only', message: `Could not ${action}: the folder ${folder} is read-only or not writable (${code}).`, path: at, cause: error });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new AssetStoreError({ code: 'no_space', message: `Could not ${action}: the disk holding ${folder} is full (${code}). Free some space and try again.`, path: at, cause: error });
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new AssetStoreError({ code: 'not_found', message: `Could not ${action}: ${at} does not exist in ${folder}.`, path: at, cause: error });
  }
  return new AssetStoreError({
    code: 'io',
    message: `Could not ${action} in ${folder}: ${error instanceof Error ? error.message : String(error)}.`,
    path: at,
    cause: error,
  });
}
