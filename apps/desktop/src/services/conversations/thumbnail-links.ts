// The inline picture of a saved image is the store's thumbnail, not the file: each completed
// image part a renderer receives carries its 192-px and 384-px thumbnail URLs, named by the
// file's identity (size and mtime) so the browser may keep them for good. The stored
// messages never hold them: hosts and files change, the links are made as messages leave.
import { statSync } from 'node:fs';

import type { ChatMessageData, ChatPart } from '../../contract/index.ts';
import { fileVersion } from '../library/library-asset.ts';

export type ThumbnailUrl = (relativePath: string, height: number, version: string) => string;

/** The inline picture's heights: 1× and 2× screens. */
export const inlineThumbnailHeights = [192, 384] as const;

/** The message with thumbnail links on its saved images; a file that cannot be read keeps the full image only. */
export function withThumbnails(message: ChatMessageData, thumbnailUrl: ThumbnailUrl, resolve: (relativePath: string) => string): ChatMessageData {
  if (!message.parts.some((part) => part.type === 'image' && part.status === 'completed')) return message;
  return {
    ...message,
    parts: message.parts.map((part): ChatPart => {
      if (part.type !== 'image' || part.status !== 'completed') return part;
      let version: string;
      try {
        const info = statSync(resolve(part.relativePath));
        version = fileVersion({ size: info.size, modifiedAt: new Date(info.mtimeMs) });
      } catch {
        return part;
      }
      const [height, height2x] = inlineThumbnailHeights;
      return { ...part, thumbnail: { url: thumbnailUrl(part.relativePath, height, version), url2x: thumbnailUrl(part.relativePath, height2x, version) } };
    }),
  };
}
