// Finds what a Retry or a Regenerate re-sends: the user's message that produced a reply. Replies
// added by earlier retries follow the reply they retried, so the request is the nearest user
// message before the reply; this needs no bookkeeping and holds for a thread loaded from disk.
import type { ChatMessageData } from '../contract/index.ts';

export interface TurnRequest {
  /** The user's message the reply answered. */
  request: ChatMessageData;
  /** What the user typed, as it was sent. */
  text: string;
  /** The reply is the last message of the thread: a retry follows it directly. */
  latest: boolean;
}

/** A reply or an image that is not in the thread (any more). */
export class UnknownMessageError extends Error {
  override readonly name = 'UnknownMessageError';
  readonly code = 'not_found';
}

/** A message that cannot be retried: the user's own, or a reply with no request before it. */
export class NotRetryableError extends Error {
  override readonly name = 'NotRetryableError';
  readonly code = 'invalid_input';
}

function textOf(message: ChatMessageData): string {
  return message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n').trim();
}

export function requestForReply(messages: readonly ChatMessageData[], replyId: string): TurnRequest {
  const index = messages.findIndex((message) => message.id === replyId);
  const reply = messages[index];
  if (reply === undefined) throw new UnknownMessageError('That reply is no longer in this chat. Send the request again.');
  if (reply.role !== 'assistant') throw new NotRetryableError('Only a reply can be retried; edit and send your message again instead.');
  const request = messages.slice(0, index).findLast((message) => message.role === 'user');
  const text = request === undefined ? '' : textOf(request);
  if (request === undefined || text === '') throw new NotRetryableError('There is no request before this reply to send again. Type it once more.');
  return { request, text, latest: index === messages.length - 1 };
}

/** The reply that holds the image `imageId`. */
export function replyWithImage(messages: readonly ChatMessageData[], imageId: string): ChatMessageData {
  const reply = messages.find((message) => message.role === 'assistant' && message.parts.some((part) => part.type === 'image' && part.id === imageId));
  if (reply === undefined) throw new UnknownMessageError('That image is no longer in this chat. Send the request again.');
  return reply;
}
