export { LibraryTile, LibraryTilePlaceholder } from './library-tile.tsx';
export type { LibraryTileProps } from './library-tile.tsx';
export { formatBytes, kindLabel, toCompletedImage } from './library-asset-text.ts';
export { LibraryIcon, SearchIcon } from './library-icons.tsx';
