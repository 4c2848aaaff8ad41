// A thread of many messages (a request, then a reply with its image) and a transcript that
// pages it the way the desktop app does: the latest page first, older pages on reaching the top.
import { useCallback, useState } from 'react';

import type { ChatActions, ChatMessageData } from '../chat-types.ts';
import { ChatTranscript } from '../chat-transcript/chat-transcript.tsx';
import { completedImage } from './chat-parts.ts';
import { landscapePng, portraitPng, squarePng } from './images.ts';

const pictures = [
  { url: landscapePng, width: 1536, height: 1024 },
  { url: squarePng, width: 1024, height: 1024 },
  { url: portraitPng, width: 1024, height: 1536 },
];

/** `count` messages: even ones ask ("Message 0"), odd ones answer with an image of one of three shapes. */
export function longThread(count: number): ChatMessageData[] {
  return Array.from({ length: count }, (_, index): ChatMessageData => {
    if (index % 2 === 0) return { id: `message-${String(index)}`, role: 'user', parts: [{ type: 'text', text: `Message ${String(index)}: an airship, take ${String(index / 2)}` }] };
    const picture = pictures[Math.floor(index / 2) % pictures.length] ?? pictures[0];
    return {
      id: `message-${String(index)}`,
      role: 'assistant',
      parts: [
        { type: 'text', text: `Message ${String(index)}: here it is.` },
        completedImage({ id: `image-${String(index)}`, prompt: `Airship ${String(index)}`, revisedPrompt: `Airship ${String(index)}`, ...picture }),
      ],
    };
  });
}

export interface PagedTranscriptProps {
  thread: ChatMessageData[];
  pageSize?: number;
  /** How long a page takes to arrive (shows "Loading older messages…"); 0 resolves at once. */
  delayMs?: number;
  actions?: ChatActions;
}

/** ChatTranscript over `thread`, given its latest page first and older pages as it asks. */
export function PagedTranscript({ thread, pageSize = 50, delayMs = 0, actions }: PagedTranscriptProps) {
  const [loaded, setLoaded] = useState(() => thread.slice(-pageSize));
  const onLoadOlder = useCallback(async () => {
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    setLoaded((current) => {
      const start = thread.findIndex((message) => message.id === current[0]?.id);
      return [...thread.slice(Math.max(0, start - pageSize), start), ...current];
    });
  }, [thread, pageSize, delayMs]);
  return <ChatTranscript messages={loaded} hasOlder={loaded[0]?.id !== thread[0]?.id} onLoadOlder={onLoadOlder} actions={actions} />;
}
