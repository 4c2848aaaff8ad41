// How a chat message is kept: its parts as JSON, an image by its file (`relativePath` under
// .forge/generated) and never by its bytes or URL. A partial preview (a `data:` URL) is shown
// while an image is drawn and never stored; the URL is rebuilt for the host that shows it.
import type { ChatMessageData, ChatPart } from '../../contract/index.ts';

export interface EncodedMessage {
  role: 'user' | 'assistant';
  pending: boolean;
  body: string;
}

/** What a kept message's body says: everything but its id and role (the `pending` column repeats its flag for the index). */
type MessageBody = Omit<ChatMessageData, 'id' | 'role'>;

function keptPart(part: ChatPart): ChatPart {
  if (part.type !== 'image') return part;
  if (part.status === 'completed') {
    const { url: _url, ...kept } = part;
    return kept as ChatPart;
  }
  if (part.status === 'generating') {
    const { partialUrl: _partialUrl, ...kept } = part;
    return kept;
  }
  return part;
}

export function encodeMessage(message: ChatMessageData): EncodedMessage {
  const { id: _id, role, ...rest } = message;
  const body: MessageBody = { ...rest, parts: message.parts.map(keptPart) };
  return { role, pending: message.pending === true, body: JSON.stringify(body) };
}

const unreadable: ChatPart = {
  type: 'error',
  error: { code: 'unreadable', message: 'This message could not be read from the conversations database.', retryable: false },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message as the renderer shows it; a body that is not what Forge wrote reads as one error part. */
export function decodeMessage(
  row: { id: string; role: string; pending: number; body: string },
  assetUrl: (relativePath: string) => string,
): ChatMessageData {
  let body: unknown;
  try {
    body = JSON.parse(row.body);
  } catch {
    body = undefined;
  }
  const role = row.role === 'assistant' ? 'assistant' : 'user';
  if (!isRecord(body) || !Array.isArray(body.parts)) return { id: row.id, role, parts: [unreadable] };
  const parts = (body.parts as unknown[]).map((part): ChatPart => {
    if (!isRecord(part) || typeof part.type !== 'string') return unreadable;
    if (part.type === 'image' && part.status === 'completed' && typeof part.relativePath === 'string') {
      return { ...part, url: assetUrl(part.relativePath) } as ChatPart;
    }
    return part as unknown as ChatPart;
  });
  return { ...(body as MessageBody), id: row.id, role, parts, ...(row.pending === 1 ? { pending: true } : {}) };
}

/**
 * A message as Forge finds it after it died: a turn that was in flight ends `interrupted`
 * (its text and finished images kept), an image still being drawn is cancelled, a request the
 * agent was waiting on is declined (nothing can answer it now), and a proposal that was being
 * applied can be approved again (applying an asset's entry is idempotent).
 */
export function settleAfterRestart(message: ChatMessageData): { message: ChatMessageData; changed: boolean } {
  const parts = message.parts.map((part): ChatPart => {
    if (part.type === 'image' && part.status === 'generating') return { type: 'image', id: part.id, status: 'cancelled', prompt: part.prompt };
    if (part.type === 'proposal' && part.status === 'applying') return { ...part, status: 'pending' };
    if (part.type === 'approval' && part.status === 'pending') return { ...part, status: 'declined' };
    return part;
  });
  const partsChanged = parts.some((part, index) => part !== message.parts[index]);
  if (message.pending !== true && !partsChanged) return { message, changed: false };
  const { status: _status, startedAt: _startedAt, ...rest } = message;
  // Finished as a live turn finishes (`pending: false`), and marked as cut short.
  return { message: { ...rest, parts, ...(message.pending === true ? { pending: false, ending: 'interrupted' as const } : {}) }, changed: true };
}
