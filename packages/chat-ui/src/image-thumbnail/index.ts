export { ImageThumbnail } from './image-thumbnail.tsx';
export type { ImageThumbnailProps } from './image-thumbnail.tsx';
