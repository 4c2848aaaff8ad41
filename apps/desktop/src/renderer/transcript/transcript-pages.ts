// The open thread's messages in the renderer: the latest page the services sent, older pages
// prepended as the reader scrolls up, and new states of the same thread merged without
// dropping what was already loaded (a rename re-sends the state; the reader stays where they are).
import type { ChatMessageData, DrawnThumbnail, WorkspaceState } from '../../contract/index.ts';

/**
 * `?transcript=classic` renders a thread the way Forge did before long chats: every message
 * loaded and mounted, full-size images inline. Only for the side-by-side benchmark.
 */
export function classicTranscript(search: string = typeof location === 'undefined' ? '' : location.search): boolean {
  return new URLSearchParams(search).get('transcript') === 'classic';
}

/** The state with a page of older messages put above the ones loaded (ids already shown are skipped). */
export function prependPage(state: WorkspaceState, page: { messages: ChatMessageData[]; hasOlder: boolean }): WorkspaceState {
  const shown = new Set(state.messages.map((message) => message.id));
  return { ...state, messages: [...page.messages.filter((message) => !shown.has(message.id)), ...state.messages], hasOlder: page.hasOlder };
}

/**
 * A new state from the services: another thread replaces everything; the same thread keeps the
 * older pages the reader already loaded above the latest page.
 */
export function mergeState(current: WorkspaceState | undefined, next: WorkspaceState): WorkspaceState {
  if (current === undefined || current.threadId !== next.threadId) return next;
  const firstOfPage = next.messages[0]?.id;
  const at = firstOfPage === undefined ? -1 : current.messages.findIndex((message) => message.id === firstOfPage);
  if (at <= 0) return next;
  return { ...next, messages: [...current.messages.slice(0, at), ...next.messages], hasOlder: current.hasOlder };
}

/** The thumbnails of the last `count` finished images, newest first (what the first screen of a thread shows). */
export function latestThumbnails(messages: readonly ChatMessageData[], count: number): Array<{ url: string; url2x: string }> {
  const found: Array<{ url: string; url2x: string }> = [];
  for (let index = messages.length - 1; index >= 0 && found.length < count; index -= 1) {
    const parts = messages[index]?.parts ?? [];
    for (let part = parts.length - 1; part >= 0 && found.length < count; part -= 1) {
      const candidate = parts[part];
      if (candidate?.type === 'image' && candidate.status === 'completed' && candidate.thumbnail !== undefined) found.push(candidate.thumbnail);
    }
  }
  return found;
}

/** The finished image a `drawn` thumbnail belongs to, its links, and the sent bytes as a WebP blob; undefined when the message has no such image. */
export function drawnThumbnail(message: ChatMessageData, drawn: DrawnThumbnail): { url: string; url2x: string; picture: Blob } | undefined {
  const part = message.parts.find((candidate) => candidate.type === 'image' && candidate.id === drawn.partId);
  if (part?.type !== 'image' || part.status !== 'completed' || part.thumbnail === undefined) return undefined;
  const bytes = Uint8Array.from(atob(drawn.webp), (char) => char.charCodeAt(0));
  return { ...part.thumbnail, picture: new Blob([bytes], { type: 'image/webp' }) };
}

/** Without thumbnails: inline images load the full file (the classic transcript). */
export function withoutThumbnails(message: ChatMessageData): ChatMessageData {
  if (!message.parts.some((part) => part.type === 'image' && part.status === 'completed' && part.thumbnail !== undefined)) return message;
  return {
    ...message,
    parts: message.parts.map((part) => {
      if (part.type !== 'image' || part.status !== 'completed' || part.thumbnail === undefined) return part;
      const { thumbnail: _dropped, ...full } = part;
      return full;
    }),
  };
}
