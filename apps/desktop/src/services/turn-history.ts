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
    case 'approval': {
      // What the agent asked to do and what the user answered, so a new thread does not ask again blindly.
      const answer = part.status === 'pending' ? 'not answered' : part.status;
      const { request } = part;
      const what = request.kind === 'command' ? `run ${request.command}` : request.kind === 'file-change' ? `change ${request.files.map((file) => file.path).join(', ')}` : request.kind === 'network' ? `reach ${request.host}` : `get ${request.permissions.join(', ')}`;
      return `[Asked to ${what}: ${answer}]`;
    }
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
