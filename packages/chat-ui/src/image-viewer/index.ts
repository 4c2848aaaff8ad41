export { ImageViewer } from './image-viewer.tsx';
export type { ImageViewerProps } from './image-viewer.tsx';
