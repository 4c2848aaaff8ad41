// "Show in chat" over the conversations database: the message that made an image is found by
// the image's file (`relativePath`, kept in each message's JSON body) among the threads of
// the open workspace, so it is found in any thread, kept across restarts. A message the
// recorder has not written yet is the open session's: `firstOrigin` asks that one first.
import type { DatabaseSync } from 'node:sqlite';

import type { ImageOrigin, ImageOriginLookup } from './image-origins.ts';

export interface ThreadImageOriginsOptions {
  /** The database now (a fresh start swaps it). */
  connection: () => DatabaseSync;
  /** A thread of the open workspace (the open one): the search stays in its workspace. */
  threadId: () => string;
}

interface CandidateRow {
  messageId: string;
  threadId: string;
  body: string;
}

/** The completed image part saved at `relativePath` in a kept message body, if there is one. */
function imageIdIn(body: string, relativePath: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parts = (parsed as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts)) return undefined;
  for (const part of parts as unknown[]) {
    const image = part as { type?: unknown; status?: unknown; relativePath?: unknown; id?: unknown } | null;
    if (image?.type === 'image' && image.status === 'completed' && image.relativePath === relativePath && typeof image.id === 'string') return image.id;
  }
  return undefined;
}

export function threadImageOrigins(options: ThreadImageOriginsOptions): ImageOriginLookup {
  return {
    find(relativePath) {
      // `instr` narrows to bodies that name the file (as JSON writes it); each is then read
      // as JSON, so a body that merely mentions the path in its text is not taken for it.
      const rows = options
        .connection()
        .prepare(
          `SELECT m.id AS messageId, m.thread_id AS threadId, m.body AS body
             FROM messages m JOIN threads t ON t.id = m.thread_id
            WHERE t.workspace_id = (SELECT workspace_id FROM threads WHERE id = ?)
              AND m.role = 'assistant' AND instr(m.body, ?) > 0
            ORDER BY m.created_at DESC`,
        )
        .all(options.threadId(), JSON.stringify(relativePath)) as unknown as CandidateRow[];
      for (const row of rows) {
        const imageId = imageIdIn(row.body, relativePath);
        if (imageId !== undefined) return Promise.resolve({ threadId: row.threadId, messageId: row.messageId, imageId });
      }
      return Promise.resolve(undefined);
    },
  };
}

/** The first lookup that knows the image. */
export function firstOrigin(lookups: readonly ImageOriginLookup[]): ImageOriginLookup {
  return {
    async find(relativePath) {
      for (const lookup of lookups) {
        const origin: ImageOrigin | undefined = await lookup.find(relativePath);
        if (origin !== undefined) return origin;
      }
      return undefined;
    },
  };
}
