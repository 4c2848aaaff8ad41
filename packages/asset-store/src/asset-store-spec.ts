// The asset store's public shape: only types. The composition root, the Asset studio
// and the gallery all program against this.
import type { ImageMediaType } from '@forge/image-gen';

import type { AssetStoreFileSystem } from './file-system.ts';
import type { Provenance } from './provenance.ts';
import type { ProvenanceParent } from './provenance-lineage.ts';

interface CommonOptions {
  /** Where thumbnails are cached; default `<OS cache dir>/forge/thumbnails`. Never inside the project. */
  cacheDir?: string | undefined;
  /** How long watch() waits for a burst of changes to settle; default 75 ms. */
  watchDebounceMs?: number | undefined;
}

export type AssetStoreOptions =
  | (CommonOptions & { mode: 'project'; projectDir: string })
  | (CommonOptions & { mode: 'open'; homeDir?: string | undefined });

export interface AssetStoreEdges {
  /** The time a save is stamped with when it brings no `createdAt`. */
  clock?: () => Date;
  /** The file system (tests stop or fail it at chosen steps). */
  fs?: AssetStoreFileSystem;
  platform?: NodeJS.Platform;
}

export interface SaveMetadata {
  createdAt?: Date | undefined;
  /** Asset studio output folder (`sprites`, `meshes`, …): saves go to `generated/<kind>/`. */
  kind?: string | undefined;
  prompt?: string | undefined;
  revisedPrompt?: string | undefined;
  model?: string | undefined;
  source?: string | undefined;
  /** An attribution the picture needs (an icon's author and licence), kept in its provenance. */
  credit?: string | undefined;
  /**
   * The files the image was made from (the image it refines, references it was shown), each by
   * relativePath and the SHA-256 of the bytes used: kept in the file and read back by list/get.
   */
  derivedFrom?: readonly ProvenanceParent[] | undefined;
}

export interface SaveOptions {
  /**
   * Thumbnails (heights in pixels, as for `thumbnail()`) to make from the bytes while the file
   * is written, so the first `thumbnail()` asks after the save finds them ready or underway.
   */
  thumbnailHeights?: readonly number[] | undefined;
}

export interface Asset {
  /** The path below `generated/`, e.g. `sprites/20261123-195130-042-2.png`. */
  id: string;
  /** Absolute. */
  path: string;
  /** Relative to the project (`.forge/generated/…`) or to the scratchpad (`generated/…`). */
  relativePath: string;
  createdAt: Date;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  /** Bytes on disk. */
  size: number;
  provenance: Provenance;
}

export interface ListOptions {
  /** Only `generated/<kind>/`. */
  kind?: string | undefined;
  limit?: number | undefined;
  /** Only assets created before this time (a Date or ISO string), or after this asset in the listing (its relativePath). */
  before?: Date | string | undefined;
}

/** Any visible regular file in `generated/`: an image, a mesh, a sound, or a file that is damaged or empty. */
export interface StoredFile {
  /** The path below `generated/`. */
  id: string;
  /** Absolute. */
  path: string;
  /** As for an Asset. */
  relativePath: string;
  /** Bytes on disk. */
  size: number;
  modifiedAt: Date;
  /** The asset's createdAt for an image; else the time in the name (a Forge timestamp), else modifiedAt. */
  createdAt: Date;
  /** Present when the file is a PNG, JPEG or WebP whose header reads: what list() gives for it. */
  asset?: Asset;
}

export interface AssetChange {
  type: 'added' | 'removed';
  relativePath: string;
  /** Present for `added` of an image. */
  asset?: Asset;
  /** Present for every `added`: an image (with its asset) or any other file. */
  file?: StoredFile;
}

export type AssetChangeListener = (change: AssetChange) => void;

export interface Thumbnail {
  /**
   * Absolute path where the WebP is cached (outside the project). A thumbnail just made is
   * written there just after it is handed back, and not at all when the cache cannot be
   * written: read `bytes`, not the file.
   */
  path: string;
  bytes: Uint8Array;
  mediaType: 'image/webp';
  width: number;
  height: number;
}

export interface ThumbnailOptions {
  /** Pixels; default 192. Never enlarges the source. */
  height?: number | undefined;
}

export interface AssetStore {
  readonly mode: 'project' | 'open';
  /** Absolute: `<projectDir>/.forge` or `<home>/.forge/scratchpad` (also the memory base). */
  readonly root: string;
  /** `root/generated`. */
  readonly generatedDir: string;
  /** The cache folder outside the project (thumbnails, the listing index); a memory writer keeps its lock and index there too. */
  readonly cacheDir: string;
  save(bytes: Uint8Array, meta?: SaveMetadata, options?: SaveOptions): Promise<Asset>;
  /** Newest first, over the whole `generated/` tree. */
  list(options?: ListOptions): Promise<Asset[]>;
  /** Every visible regular file in `generated/`, images or not, newest first (createdAt, then relativePath). */
  listFiles(): Promise<StoredFile[]>;
  /** Files added or removed by anyone (images with their asset, and any other file); returns unsubscribe. */
  watch(listener: AssetChangeListener): () => void;
  get(relativePath: string): Promise<Asset>;
  /** The absolute path for a relativePath, refused unless it is inside the root with no link on its way. */
  resolve(relativePath: string): string;
  thumbnail(relativePath: string, options?: ThumbnailOptions): Promise<Thumbnail>;
  close(): Promise<void>;
}
