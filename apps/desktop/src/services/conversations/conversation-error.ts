// The one error the conversations room throws: a stable `code` a caller can branch on, a
// message a person can act on (it names the file or folder), and the path it is about.
export type ConversationErrorCode =
  /** The database file is not a database, or its pages are damaged. */
  | 'corrupt'
  /** Another Forge holds the database and did not let go within the busy timeout. */
  | 'locked'
  /** The database file (or its folder) cannot be written. */
  | 'read_only'
  /** The database was made by a newer Forge: its schema is beyond this one's migrations. */
  | 'newer_version'
  /** The disk is full. */
  | 'no_space'
  /** Any other failure to read or write the database. */
  | 'io'
  /** A thread that is not (or no longer) in the database. */
  | 'not_found'
  /** A project folder that is missing, not a folder, or unreadable. */
  | 'folder_missing'
  | 'not_a_folder'
  | 'folder_unreadable'
  /** The asset store refused the workspace (e.g. a `.forge` that links elsewhere). */
  | 'workspace_refused'
  | 'invalid_input';

const marker = Symbol.for('forge.desktop.ConversationError');

export class ConversationError extends Error {
  override readonly name = 'ConversationError';
  readonly code: ConversationErrorCode;
  readonly path: string | undefined;
  readonly [marker] = true;

  constructor(options: { code: ConversationErrorCode; message: string; path?: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.path = options.path;
  }

  static isInstance(value: unknown): value is ConversationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}

/** SQLite's primary result codes that say what went wrong with the file. */
const sqliteCodes = { busy: 5, locked: 6, readOnly: 8, ioError: 10, corrupt: 11, full: 13, cantOpen: 14, notADatabase: 26 } as const;

/** Maps a `node:sqlite` failure on the database at `path` to a ConversationError naming it. */
export function toConversationError(error: unknown, path: string): ConversationError {
  if (ConversationError.isInstance(error)) return error;
  const errcode = (error as { errcode?: unknown } | undefined)?.errcode;
  const detail = error instanceof Error ? error.message : String(error);
  const build = (code: ConversationErrorCode, message: string): ConversationError => new ConversationError({ code, message, path, cause: error });
  if (typeof errcode !== 'number') return build('io', `Forge could not use the conversations database ${path} (${detail}).`);
  // The extended code's low byte is the primary one (SQLITE_IOERR_WRITE → SQLITE_IOERR).
  switch (errcode & 0xff) {
    case sqliteCodes.corrupt:
    case sqliteCodes.notADatabase:
      return build('corrupt', `The conversations database ${path} is damaged (${detail}).`);
    case sqliteCodes.busy:
    case sqliteCodes.locked:
      return build('locked', `The conversations database ${path} is locked by another Forge (${detail}).`);
    case sqliteCodes.readOnly:
      return build('read_only', `The conversations database ${path} is read-only (${detail}).`);
    case sqliteCodes.full:
      return build('no_space', `The disk holding the conversations database ${path} is full.`);
    case sqliteCodes.cantOpen:
      return build('io', `Forge cannot open the conversations database ${path} (${detail}).`);
    default:
      return build('io', `Forge could not use the conversations database ${path} (${detail}).`);
  }
}
