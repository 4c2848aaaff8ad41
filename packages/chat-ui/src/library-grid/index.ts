export { LibraryGrid } from './library-grid.tsx';
export type { LibraryGridProps } from './library-grid.tsx';
