export { ImageThumbnail } from './image-thumbnail.tsx';
export type { ImageThumbnailProps } from './image-thumbnail.tsx';
export { prefetchThumbnail } from './thumbnail-canvas.tsx';
