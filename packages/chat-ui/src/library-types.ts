// What the Library shows: every file in the workspace's `generated/` tree as plain,
// serialisable data. Only types; the desktop contract passes these straight through.

interface LibraryAssetBase {
  /** Relative to the project (`.forge/generated/…`) or the scratchpad (`generated/…`): the asset's identity. Never absolute. */
  relativePath: string;
  /** The file name, as text to show. */
  name: string;
  /** The folder below `generated/` (`sprites`, `meshes`, …); `''` for the chat's own images. */
  kind: string;
  /** ISO 8601: from the file's provenance, else the timestamp in its name, else its modification time. */
  createdAt: string;
  /** Bytes on disk. */
  size: number;
}

/** A PNG, JPEG or WebP whose header reads: shown from its thumbnail, opened in the viewer. */
export interface LibraryImage extends LibraryAssetBase {
  status: 'image';
  /** The full-size file (the viewer, Copy Image, Save As, drag). */
  url: string;
  /** The cached thumbnail, 192 px tall and 384 px for 2× screens; versioned by the file's identity. */
  thumbnail: { src: string; src2x: string };
  width: number;
  height: number;
  mediaType: string;
  prompt?: string;
  revisedPrompt?: string;
  model?: string;
  source?: string;
  credit?: string;
  /** Its provenance says Forge's chat made it, so "Show in chat" can look for the message. */
  fromChat: boolean;
}

/** Anything else the folder holds: a mesh, a sound, a document. */
export interface LibraryFile extends LibraryAssetBase {
  status: 'file';
  /** What it is, for a person: "3D model", "Audio", "File". */
  typeLabel: string;
  /** Upper-case extension for the tile ("GLB"); `''` when the name has none. */
  extension: string;
}

/** A file that should be an image and is not readable: empty, damaged, cut short. */
export interface LibraryBrokenFile extends LibraryAssetBase {
  status: 'broken';
  /** Why it cannot be shown, for a person: "Empty file", "Not a readable PNG image". */
  problem: string;
}

export type LibraryAsset = LibraryImage | LibraryFile | LibraryBrokenFile;

/** A folder of `generated/` and how many assets in it match the current search. */
export interface LibraryKind {
  kind: string;
  count: number;
}
