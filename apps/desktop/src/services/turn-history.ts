// The conversation so far as a backend can read it: plain text per message, an image as one
// line naming its prompt and file. A backend that lost its own context (a fresh Codex thread
// after a restart) gives this to the model before the new turn.
import type { AgentHistoryMessage } from '@forge/agent';

import type { ChatMessageData, ChatPart } from '../contract/index.ts';

function partText(part: ChatPart): string | undefined {
  switch (part.type) {
    case 'text':
      return part.text.trim() === '' ? undefined : part.text;
    case 'image':
      if (part.status === 'completed') return `[Image: ${part.revisedPrompt ?? part.prompt} — saved as ${part.relativePath}]`;
      return part.status === 'failed' ? `[Image not made: ${part.prompt} — ${part.error.message}]` : undefined;
    case 'proposal':
    case 'error':
      return undefined;
    default:
      return part satisfies never;
  }
}

export function turnHistory(messages: readonly ChatMessageData[]): AgentHistoryMessage[] {
  const history: AgentHistoryMessage[] = [];
  for (const message of messages) {
    if (message.pending === true) continue;
    const text = message.parts.flatMap((part) => partText(part) ?? []).join('\n');
    if (text.trim() === '') continue;
    const ending = message.ending === undefined ? '' : `\n[This reply was ${message.ending} before it finished.]`;
    history.push({ role: message.role, text: `${text}${ending}` });
  }
  return history;
}
