// How a settled reply ended, as the chat shows it: stopped by the user, interrupted by Forge
// closing, failed (it holds an error: a backend failure, a timeout, a broken proposal), or fine.
import type { ChatMessageData } from '../chat-types.ts';

export type TurnEndingKind = 'stopped' | 'interrupted' | 'failed';

export function turnEndingOf(message: ChatMessageData): TurnEndingKind | undefined {
  if (message.role !== 'assistant' || message.pending === true) return undefined;
  if (message.ending !== undefined) return message.ending;
  return message.parts.some((part) => part.type === 'error') ? 'failed' : undefined;
}
