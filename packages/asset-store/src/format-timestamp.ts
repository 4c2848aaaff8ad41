// The file-name timestamp every saved image carries: `YYYYMMDD-HHMMSS-mmm` in UTC.
const timestampPattern = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** `2026-11-23T19:51:30.042Z` → `20261123-195130-042` (UTC). */
export function formatTimestamp(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) throw new RangeError('formatTimestamp needs a valid date.');
  return (
    `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}-` +
    `${pad(date.getUTCHours(), 2)}${pad(date.getUTCMinutes(), 2)}${pad(date.getUTCSeconds(), 2)}-` +
    pad(date.getUTCMilliseconds(), 3)
  );
}

/** The inverse of formatTimestamp, or undefined when `text` is not one. */
export function parseTimestamp(text: string): Date | undefined {
  const match = timestampPattern.exec(text);
  if (match === null) return undefined;
  const [year, month, day, hours, minutes, seconds, milliseconds] = match.slice(1).map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds));
  // Reject rollovers such as month 13 or second 61.
  return formatTimestamp(date) === text ? date : undefined;
}
