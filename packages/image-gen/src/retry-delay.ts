// How long to wait before retrying: the server's `retry-after-ms` / `retry-after` when it
// says, otherwise exponential backoff with jitter.
export interface HeaderSource {
  get(name: string): string | null;
}

/** The wait the server asked for, in milliseconds, or undefined when it did not say. */
export function serverRetryAfterMs(headers: HeaderSource | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const retryAfter = headers.get('retry-after');
  if (retryAfter === null || retryAfter.trim() === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff for attempt `retry` (0-based) when the server gave no hint: 0.5 s, 1 s, 2 s… up to 8 s, ±25 %. */
export function backoffMs(retry: number, random: () => number = Math.random): number {
  const base = Math.min(8_000, 500 * 2 ** retry);
  return Math.round(base * (0.75 + random() * 0.5));
}
