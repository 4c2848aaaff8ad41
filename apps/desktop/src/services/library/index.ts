export { createLibrary } from './library.ts';
export type { Library, LibraryOptions } from './library.ts';
export { sessionImageOrigins } from './image-origins.ts';
export type { ImageOrigin, ImageOriginLookup } from './image-origins.ts';
export type { LibraryUrls } from './library-asset.ts';
export { replyWithThumbnail, thumbnailUrl } from './thumbnail-route.ts';
export type { ThumbnailReply } from './thumbnail-route.ts';
