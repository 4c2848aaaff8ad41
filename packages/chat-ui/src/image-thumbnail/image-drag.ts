// What dragging a stored image out of the app carries, wherever it is dragged from (the
// chat's thumbnail, a Library tile): the file itself for the desktop (DownloadURL), its URL
// and its path as fallbacks; then the host may start a native file drag instead.
import type { DragEvent } from 'react';

import type { ChatActions, CompletedImage } from '../chat-types.ts';

function fileName(relativePath: string): string {
  return relativePath.split(/[\\/]/).pop() ?? relativePath;
}

export function startImageDrag(image: CompletedImage, event: DragEvent, actions: ChatActions | undefined): void {
  const absoluteUrl = new URL(image.url, document.baseURI).href;
  event.dataTransfer.effectAllowed = 'copy';
  event.dataTransfer.setData('DownloadURL', `${image.mediaType}:${fileName(image.relativePath)}:${absoluteUrl}`);
  event.dataTransfer.setData('text/uri-list', absoluteUrl);
  event.dataTransfer.setData('text/plain', image.relativePath);
  actions?.onDragStart?.(image, event);
}
