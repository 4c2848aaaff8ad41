// The composition of the store: picks the root for the mode, cleans stale temporaries,
// and wires saving, listing, watching, thumbnails and containment behind one AssetStore.
// Every call checks that `.forge` and the folders below it are real folders (real-folders.ts):
// a store opened on a project whose `.forge` is a link opens nothing through it, and each call
// refuses with `linked_folder`, as it does when a folder is swapped for a link while it runs.
import { createHash } from 'node:crypto';
import path from 'node:path';

import { type ImageInfo, inspectImage } from '@forge/image-gen';

import { AssetCatalog, copyAsset } from './asset-catalog.ts';
import { extensionFor } from './asset-file-name.ts';
import { AssetStoreError, hasErrnoCode, toAssetStoreError } from './asset-store-error.ts';
import type { Asset, AssetStore, AssetStoreEdges, AssetStoreOptions, ListOptions, SaveMetadata, SaveOptions, StoredFile, Thumbnail, ThumbnailOptions } from './asset-store-spec.ts';
import { AssetWatcher } from './asset-watcher.ts';
import { type CreatedFile, createFileAtomically, removeStaleTemporaries } from './atomic-write.ts';
import { nodeFileSystem } from './file-system.ts';
import { writeForgeGitattributes } from './forge-gitattributes.ts';
import { formatTimestamp } from './format-timestamp.ts';
import { embedProvenance } from './image-metadata.ts';
import { type ContainmentOptions, isInside, resolveContained } from './path-containment.ts';
import { PendingWork } from './pending-work.ts';
import { buildProvenance } from './provenance.ts';
import { assertRealFolders, ensureRealFolders } from './real-folders.ts';
import { assertFolderExists, placeOf } from './store-place.ts';
import { defaultThumbnailDir, ThumbnailCache } from './thumbnail-cache.ts';

const kindPattern = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const defaultWatchDebounceMs = 75;

/** Opens the store for a project folder or for Open mode's scratchpad. Creates nothing until the first save. */
export async function openAssetStore(options: AssetStoreOptions, edges: AssetStoreEdges = {}): Promise<AssetStore> {
  const fs = edges.fs ?? nodeFileSystem;
  const clock = edges.clock ?? (() => new Date());
  const platform = edges.platform ?? process.platform;
  const { root, base, home, mustExist, folders } = placeOf(options);
  const generatedDir = path.join(root, 'generated');
  await assertFolderExists(fs, mustExist);
  const checkFolders = (folder: string): void => assertRealFolders(folders, folder);
  let filesAtOpen = 0;
  let cleanable = true;
  try {
    checkFolders(generatedDir);
  } catch {
    // A linked `.forge` or `generated`: nothing is cleaned through it; every call refuses instead.
    cleanable = false;
  }
  try {
    if (cleanable) ({ files: filesAtOpen } = await removeStaleTemporaries(fs, generatedDir, clock()));
  } catch (error) {
    throw toAssetStoreError(error, 'clean up unfinished saves', generatedDir);
  }
  const containment: ContainmentOptions = { root, base, anchor: folders.anchor, place: folders.place, platform };
  const cacheDir = path.resolve(options.cacheDir ?? defaultThumbnailDir(platform, home));
  const indexFile = path.join(cacheDir, 'index', `${createHash('sha256').update(generatedDir).digest('hex').slice(0, 32)}.json`);
  // A first listing of 1,000+ files shares its reads with a worker thread (~30 ms to start), which reads with Node's own fs.
  const parallelReads = edges.fs === undefined ? { from: 1000 } : undefined;
  const catalog = new AssetCatalog({ fs, generatedDir, base, indexFile, parallelReads, checkFolders });
  catalog.noteFilesAtOpen(filesAtOpen);
  const watcher = new AssetWatcher({
    fs,
    catalog,
    generatedDir,
    base,
    debounceMs: options.watchDebounceMs ?? defaultWatchDebounceMs,
    prepare: () => ensureFolder(generatedDir, 'watch the assets'),
    checkFolders,
  });
  const thumbnails = new ThumbnailCache({ fs, cacheDir });
  const checkedFolders = new Set<string>();
  let closed = false;
  const saves = new PendingWork();

  function assertOpen(): void {
    if (closed) throw new AssetStoreError({ code: 'io', message: `The asset store for ${root} is closed.`, path: root });
  }

  /** A path under generated/ that a caller may read (not a hidden temporary, not outside). */
  function resolveAsset(relativePath: string): string {
    const absolute = resolveContained(relativePath, containment);
    if (!isInside(generatedDir, absolute, platform) || absolute === generatedDir) {
      throw new AssetStoreError({ code: 'outside_root', message: `Refused ${JSON.stringify(relativePath)}: only images inside ${generatedDir} are assets.`, path: relativePath });
    }
    if (path.relative(generatedDir, absolute).split(path.sep).some((segment) => segment.startsWith('.'))) {
      throw new AssetStoreError({ code: 'not_found', message: `${relativePath} is not an asset in ${generatedDir}.`, path: relativePath });
    }
    return absolute;
  }

  /** Creates `folder` (and `.forge` with its .gitattributes) the first time; checks it is still a real folder every time. */
  async function ensureFolder(folder: string, action: string): Promise<void> {
    if (checkedFolders.has(folder)) {
      checkFolders(folder);
      return;
    }
    await ensureRealFolders(fs, folders, folder, action, async (made) => {
      if (options.mode === 'project' && made === root) await writeForgeGitattributes(fs, root);
    });
    checkedFolders.add(folder);
  }

  function targetFolder(kind: string | undefined): string {
    if (kind === undefined) return generatedDir;
    if (!kindPattern.test(kind)) {
      throw new AssetStoreError({
        code: 'outside_root',
        message: `Refused the kind ${JSON.stringify(kind)}: a kind is one plain folder name (letters, digits, - and _) inside ${generatedDir}.`,
        path: kind,
      });
    }
    return path.join(generatedDir, kind);
  }

  async function saveAsset(bytes: Uint8Array, meta: SaveMetadata, saveOptions: SaveOptions): Promise<Asset> {
    const folder = targetFolder(meta.kind);
    let info: ImageInfo;
    try {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('the bytes are not a Uint8Array');
      info = inspectImage(bytes);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new AssetStoreError({ code: 'invalid_image', message: `Refused to save into ${folder}: the bytes are not a real image (${reason})`, path: folder, cause: error });
    }
    const createdAt = meta.createdAt ?? clock();
    if (!(createdAt instanceof Date) || !Number.isFinite(createdAt.getTime())) throw new TypeError('save() needs createdAt to be a valid Date.');
    // Made from the bytes in memory while the file is written, so they are ready with it.
    const prepared = saveOptions.thumbnailHeights === undefined ? undefined : thumbnails.prepare(bytes, saveOptions.thumbnailHeights);
    const provenance = buildProvenance({ ...meta, createdAt, width: info.width, height: info.height });
    const parts = embedProvenance(bytes, info, provenance);
    await ensureFolder(folder, 'save the image');
    let created: CreatedFile;
    try {
      created = await createFileAtomically({
        fs,
        directory: folder,
        stem: formatTimestamp(createdAt),
        extension: extensionFor(info.mediaType),
        parts,
        pid: process.pid,
        // A folder swapped for a link while the bytes were written: the name is never taken through it.
        beforeLink: () => checkFolders(folder),
      });
    } catch (error) {
      // The folder may have been removed since it was checked.
      checkedFolders.delete(folder);
      throw toAssetStoreError(error, 'save the image', folder);
    }
    const absolute = path.join(folder, created.name);
    const asset: Asset = {
      id: path.relative(generatedDir, absolute).split(path.sep).join('/'),
      path: absolute,
      relativePath: path.relative(base, absolute).split(path.sep).join('/'),
      createdAt: new Date(createdAt.getTime()),
      mediaType: info.mediaType,
      width: info.width,
      height: info.height,
      size: parts.reduce((total, part) => total + part.length, 0),
      provenance,
    };
    catalog.noteSaved(absolute, { mtimeMs: created.mtimeMs, size: asset.size }, asset);
    prepared?.adopt(absolute, { mtimeMs: created.mtimeMs, size: asset.size });
    return asset;
  }

  const store: AssetStore = {
    mode: options.mode,
    root,
    generatedDir,
    cacheDir,

    async save(bytes: Uint8Array, meta: SaveMetadata = {}, saveOptions: SaveOptions = {}): Promise<Asset> {
      assertOpen();
      // close() lets a save under way finish.
      return saves.track(saveAsset(bytes, meta, saveOptions));
    },

    async list(listOptions: ListOptions = {}): Promise<Asset[]> {
      assertOpen();
      let assets: Asset[];
      try {
        assets = await catalog.all();
      } catch (error) {
        throw toAssetStoreError(error, 'list the assets', generatedDir);
      }
      const { kind, limit, before } = listOptions;
      if (kind !== undefined) {
        const prefix = `${targetFolder(kind).slice(generatedDir.length + 1)}/`;
        assets = assets.filter((asset) => asset.id.startsWith(prefix));
      }
      if (before !== undefined) {
        const time = before instanceof Date ? before.getTime() : Date.parse(before);
        if (Number.isFinite(time)) {
          assets = assets.filter((asset) => asset.createdAt.getTime() < time);
        } else if (typeof before === 'string') {
          const cursor = resolveAsset(before);
          const index = assets.findIndex((asset) => asset.path === cursor);
          if (index < 0) throw new AssetStoreError({ code: 'not_found', message: `Cannot list before ${before}: it is not an asset in ${generatedDir}.`, path: before });
          assets = assets.slice(index + 1);
        } else {
          throw new TypeError('list() needs `before` to be a valid Date, an ISO date or an asset relativePath.');
        }
      }
      if (limit !== undefined) {
        if (!Number.isInteger(limit) || limit < 0) throw new TypeError(`list() needs \`limit\` to be a whole number ≥ 0, not ${limit}.`);
        assets = assets.slice(0, limit);
      }
      return assets.map(copyAsset);
    },

    async listFiles(): Promise<StoredFile[]> {
      assertOpen();
      try {
        return await catalog.allFiles();
      } catch (error) {
        throw toAssetStoreError(error, 'list the files', generatedDir);
      }
    },

    watch(listener) {
      assertOpen();
      checkFolders(generatedDir);
      return watcher.subscribe(listener);
    },

    async get(relativePath: string): Promise<Asset> {
      assertOpen();
      const absolute = resolveAsset(relativePath);
      let asset: Asset | undefined;
      try {
        asset = catalog.read(absolute);
      } catch (error) {
        throw toAssetStoreError(error, 'read the asset', generatedDir, relativePath);
      }
      if (asset !== undefined) return copyAsset(asset);
      const exists = await fs.stat(absolute).then(
        (stats) => stats.isFile(),
        (error: unknown) => (hasErrnoCode(error, 'ENOENT', 'ENOTDIR') ? false : Promise.reject(toAssetStoreError(error, 'read the asset', generatedDir, relativePath))),
      );
      throw exists
        ? new AssetStoreError({ code: 'invalid_image', message: `${relativePath} in ${generatedDir} is not a PNG, JPEG or WebP image.`, path: relativePath })
        : new AssetStoreError({ code: 'not_found', message: `There is no asset ${relativePath} in ${generatedDir}.`, path: relativePath });
    },

    resolve(relativePath: string): string {
      return resolveContained(relativePath, containment);
    },

    async thumbnail(relativePath: string, thumbnailOptions: ThumbnailOptions = {}): Promise<Thumbnail> {
      assertOpen();
      return thumbnails.get(resolveAsset(relativePath), thumbnailOptions.height);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await saves.settled();
      await watcher.close();
      await thumbnails.close();
      await catalog.flush();
    },
  };
  return store;
}
