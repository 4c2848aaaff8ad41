// Where "Show in chat" finds the message that made an image. Today the chat is the one
// session in memory, so the lookup reads its transcript; when conversations are kept in a
// database, a lookup over its image parts (by relativePath) takes this one's place in
// forge-services.ts, and nothing else changes.
import type { ChatMessageData } from '../../contract/index.ts';

export interface ImageOrigin {
  threadId: string;
  messageId: string;
  imageId: string;
}

export interface ImageOriginLookup {
  /** The message whose image part was saved at `relativePath`, if Forge still has it. */
  find(relativePath: string): Promise<ImageOrigin | undefined>;
}

/** What of a chat session the lookup reads. */
export interface SessionTranscript {
  readonly threadId: string;
  transcript(): ChatMessageData[];
}

export function sessionImageOrigins(session: SessionTranscript): ImageOriginLookup {
  return {
    find(relativePath) {
      for (const message of session.transcript()) {
        for (const part of message.parts) {
          if (part.type === 'image' && part.status === 'completed' && part.relativePath === relativePath) {
            return Promise.resolve({ threadId: session.threadId, messageId: message.id, imageId: part.id });
          }
        }
      }
      return Promise.resolve(undefined);
    },
  };
}
