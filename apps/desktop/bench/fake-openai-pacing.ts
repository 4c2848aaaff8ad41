// How the long-chat bench asks the fake OpenAI server for a paced stream: a request whose latest
// user message holds `pacedMarker` gets its finished image `pacedFinalMs` after its last partial
// frame (a real service streams partial frames while it still draws); others get both at once.
import type { FakeRequestSummary } from '@forge/fake-openai';

export const pacedMarker = '(finished later)';
export const pacedFinalMs = 150;

/** Whether the request's latest user message asks for the paced stream (`input` is its words, or the thread's items). */
export function asksPaced(request: FakeRequestSummary): boolean {
  const input = (request.body as { input?: unknown } | undefined)?.input;
  if (typeof input === 'string') return input.includes(pacedMarker);
  if (!Array.isArray(input)) return false;
  const latest: unknown = input.findLast((item: unknown) => (item as { role?: unknown } | null)?.role === 'user');
  return JSON.stringify(latest ?? null).includes(pacedMarker);
}
