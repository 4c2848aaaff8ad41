export { ImageContextMenu } from './image-context-menu.tsx';
export type { ImageContextMenuCloseReason, ImageContextMenuProps } from './image-context-menu.tsx';
export { imageMenuItems } from './image-menu-items.ts';
export type { ImageMenuItem } from './image-menu-items.ts';

