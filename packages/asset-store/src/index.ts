export { openAssetStore } from './open-asset-store.ts';
export { checkStoreFolders } from './store-place.ts';
export type {
  Asset,
  AssetChange,
  AssetChangeListener,
  AssetStore,
  AssetStoreEdges,
  AssetStoreOptions,
  ListOptions,
  SaveMetadata,
  SaveOptions,
  StoredFile,
  Thumbnail,
  ThumbnailOptions,
} from './asset-store-spec.ts';
export { AssetStoreError } from './asset-store-error.ts';
export type { AssetStoreErrorCode, AssetStoreErrorOptions } from './asset-store-error.ts';
export type { AssetStoreFileSystem } from './file-system.ts';
export { formatTimestamp, parseTimestamp } from './format-timestamp.ts';
export type { Provenance } from './provenance.ts';
export type { ProvenanceParent } from './provenance-lineage.ts';
export { readProvenance } from './image-header.ts';
export { defaultThumbnailDir } from './thumbnail-cache.ts';
