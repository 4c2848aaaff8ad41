// Keeps one thread's messages as the chat session publishes them. A change that matters (a new
// message, a finished one, an image or proposal that appeared or changed state) is written at
// once and on disk before the session goes on; text streaming into a pending message is
// coalesced and written at most every `debounceMs`, so a token stream is a few writes a second.
import type { MemoryProposal } from '@forge/assets-memory';

import type { ChatMessageData } from '../../contract/index.ts';
import type { ThreadRepository } from './thread-repository.ts';

/** What ChatSession calls to keep its thread (injected; absent, nothing is kept). */
export interface ThreadRecorder {
  /** Every state of every message, from `publish()`. */
  saveMessage(message: ChatMessageData): void;
  /** A proposal's payload (what applying it needs), before the message that shows it. */
  saveProposal(proposalId: string, messageId: string, proposal: MemoryProposal): void;
  /** The backend's own id for this conversation (a `turn-started` event's `backendThreadId`). */
  saveBackendThread(backend: string, backendThreadId: string): void;
  /** Writes whatever is waiting. */
  flush(): void;
}

export interface ThreadRecorderOptions {
  repository: () => ThreadRepository;
  threadId: string;
  /** How long streaming text may wait before it is written (default 250 ms). */
  debounceMs?: number;
  /** A write failed (disk full, the file went read-only): the chat goes on; the host says so. */
  onError: (error: unknown) => void;
  /** A message was added or finished: the thread's count, title or time changed. */
  onThreadChanged?: () => void;
  /** A write went through (a write failure reported earlier is over). */
  onSaved?: () => void;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/** What must be on disk at once when it changes: everything but the text of a pending message. */
function shapeOf(message: ChatMessageData): string {
  const parts = message.parts.map((part) => {
    switch (part.type) {
      case 'text':
        return 'text';
      case 'image':
      case 'proposal':
      case 'approval':
        return `${part.type}:${part.id}:${part.status}`;
      case 'error':
        return JSON.stringify(part);
      default:
        // Parts other branches add (approvals…): any change to them is written at once.
        return JSON.stringify(part);
    }
  });
  // Whether it is still pending is decided on its own (a finished message is always written at once).
  return JSON.stringify([message.status ?? null, parts]);
}

export function createThreadRecorder(options: ThreadRecorderOptions): ThreadRecorder {
  const { threadId, onError } = options;
  const debounceMs = options.debounceMs ?? 250;
  const setTimer = options.setTimer ?? ((callback: () => void, ms: number) => setTimeout(callback, ms));
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const written = new Map<string, string>();
  const waiting = new Map<string, ChatMessageData>();
  let timer: unknown;

  function write(message: ChatMessageData, durable: boolean): void {
    try {
      const { inserted } = options.repository().saveMessage(threadId, message, { durable });
      written.set(message.id, shapeOf(message));
      options.onSaved?.();
      if (inserted || message.pending !== true) options.onThreadChanged?.();
    } catch (error) {
      onError(error);
    }
  }

  function flushWaiting(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
    const messages = [...waiting.values()];
    waiting.clear();
    for (const message of messages) write(message, false);
  }

  return {
    saveMessage(message) {
      const shape = shapeOf(message);
      const previous = written.get(message.id);
      if (previous !== undefined && previous === shape && message.pending === true) {
        // Only its text grew: written with the next batch.
        waiting.set(message.id, message);
        timer ??= setTimer(flushWaiting, debounceMs);
        return;
      }
      waiting.delete(message.id);
      write(message, true);
    },
    saveProposal(proposalId, messageId, proposal) {
      try {
        options.repository().saveProposal(threadId, proposalId, messageId, proposal);
      } catch (error) {
        onError(error);
      }
    },
    saveBackendThread(backend, backendThreadId) {
      try {
        options.repository().setBackendThread(threadId, backend, backendThreadId);
      } catch (error) {
        onError(error);
      }
    },
    flush: flushWaiting,
  };
}
