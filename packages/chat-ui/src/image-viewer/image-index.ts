// Every finished image of the transcript by id, so the viewer's "Refined from …" link can open
// the parent image in place (the transcript provides it; a viewer outside one has no links).
import { createContext, useContext } from 'react';

import type { ChatMessageData, CompletedImage } from '../chat-types.ts';

export const ImageIndexContext = createContext<ReadonlyMap<string, CompletedImage> | undefined>(undefined);

export function useImageIndex(): ReadonlyMap<string, CompletedImage> | undefined {
  return useContext(ImageIndexContext);
}

export function indexImages(messages: readonly ChatMessageData[]): Map<string, CompletedImage> {
  const index = new Map<string, CompletedImage>();
  for (const message of messages) for (const part of message.parts) if (part.type === 'image' && part.status === 'completed') index.set(part.id, part);
  return index;
}
