// Forge's own history as the context of a fresh Codex thread. Forge starts Codex threads
// ephemeral (nothing written under CODEX_HOME: no session log, no thread-history rows, so no
// base64 copies of every image), which means a thread does not outlive its app-server. When a
// Forge thread needs a new Codex thread (after a restart or a crash), the recent conversation is
// handed back as plain Responses API messages with `thread/inject_items`, before the turn starts.
import type { AgentHistoryMessage } from '../agent-backend-spec.ts';
import type { JsonRpcConnection } from './json-rpc-connection.ts';
import type { ThreadInjectItemsParams } from './protocol/v2/ThreadInjectItemsParams.ts';
import type { ThreadInjectItemsResponse } from './protocol/v2/ThreadInjectItemsResponse.ts';

export interface HistoryLimits {
  /** The most recent messages kept (default 40). */
  maxMessages: number;
  /** Characters across the kept messages (default 32,000: a few thousand tokens). */
  maxCharacters: number;
  /** Characters of one message; a longer one keeps its start and says it was shortened (default 8,000). */
  maxMessageCharacters: number;
}

export const defaultHistoryLimits: HistoryLimits = { maxMessages: 40, maxCharacters: 32_000, maxMessageCharacters: 8_000 };

type HistoryItem = ThreadInjectItemsParams['items'][number];

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}\n[…shortened by Forge]`;
}

/** The Responses API message items for the most recent history that fits the limits, oldest first. */
export function historyItems(history: readonly AgentHistoryMessage[], limits: HistoryLimits = defaultHistoryLimits): HistoryItem[] {
  const kept: AgentHistoryMessage[] = [];
  let characters = 0;
  for (let index = history.length - 1; index >= 0 && kept.length < limits.maxMessages; index -= 1) {
    const message = history[index];
    if (message === undefined) continue;
    const text = shorten(message.text.trim(), limits.maxMessageCharacters);
    if (text === '') continue;
    if (characters + text.length > limits.maxCharacters) break;
    characters += text.length;
    kept.unshift({ role: message.role, text });
  }
  return kept.map(({ role, text }) => ({
    type: 'message',
    role,
    content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }],
  }));
}

/** Gives a new Codex thread the conversation so far; nothing is sent when there is none. */
export async function injectHistory(connection: JsonRpcConnection, threadId: string, history: readonly AgentHistoryMessage[] | undefined): Promise<number> {
  const items = historyItems(history ?? []);
  if (items.length === 0) return 0;
  const params: ThreadInjectItemsParams = { threadId, items };
  await connection.request<ThreadInjectItemsResponse>('thread/inject_items', params);
  return items.length;
}
