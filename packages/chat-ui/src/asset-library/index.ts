export { AssetLibrary } from './asset-library.tsx';
export type { AssetLibraryProps } from './asset-library.tsx';
