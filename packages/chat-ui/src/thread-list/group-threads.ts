// The sidebar's order and words for time: threads newest first under Today / Yesterday /
// Previous 7 days / Older, each with a short "when" (a time today, a day this week, a date).

export interface ThreadListItem {
  threadId: string;
  /** Shown as text exactly as given (any characters; long ones are cut with an ellipsis on screen). */
  title: string;
  /** ISO time of the thread's latest change. */
  updatedAt: string;
  messageCount: number;
}

export interface ThreadGroup {
  label: 'Today' | 'Yesterday' | 'Previous 7 days' | 'Older';
  threads: ThreadListItem[];
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

const dayMs = 24 * 60 * 60 * 1000;

function groupOf(updatedAt: number, today: number): ThreadGroup['label'] {
  if (updatedAt >= today) return 'Today';
  if (updatedAt >= today - dayMs) return 'Yesterday';
  if (updatedAt >= today - 7 * dayMs) return 'Previous 7 days';
  return 'Older';
}

/** Newest first, in groups; a thread with an unreadable time counts as oldest. */
export function groupThreads(threads: readonly ThreadListItem[], now: number): ThreadGroup[] {
  const today = startOfDay(now);
  const timeOf = (thread: ThreadListItem): number => {
    const time = Date.parse(thread.updatedAt);
    return Number.isNaN(time) ? 0 : time;
  };
  const sorted = [...threads].sort((a, b) => timeOf(b) - timeOf(a));
  const groups: ThreadGroup[] = [];
  for (const thread of sorted) {
    const label = groupOf(timeOf(thread), today);
    const last = groups.at(-1);
    if (last?.label === label) last.threads.push(thread);
    else groups.push({ label, threads: [thread] });
  }
  return groups;
}

const whenStyles = {
  time: { hour: '2-digit', minute: '2-digit' },
  weekday: { weekday: 'short' },
  date: { day: 'numeric', month: 'short' },
  dateAndYear: { day: 'numeric', month: 'short', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Formatters by locale and style: making one costs far more than using it, and the list redraws on every event. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatWhen(time: number, locale: string | undefined, style: keyof typeof whenStyles): string {
  const key = `${locale ?? ''}\0${style}`;
  let formatter = formatters.get(key);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat(locale, whenStyles[style]);
    formatters.set(key, formatter);
  }
  return formatter.format(time);
}

/** "14:05" today, "Mon" this week, "12 Mar" this year, "12 Mar 2024" before. */
export function shortWhen(updatedAt: string, now: number, locale?: string): string {
  const time = Date.parse(updatedAt);
  if (Number.isNaN(time)) return '';
  const today = startOfDay(now);
  if (time >= today) return formatWhen(time, locale, 'time');
  if (time >= today - 6 * dayMs) return formatWhen(time, locale, 'weekday');
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return formatWhen(time, locale, sameYear ? 'date' : 'dateAndYear');
}

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A title cut for places that must stay short (accessible descriptions, dialogs). */
export function shortTitle(title: string, max = 80): string {
  const folded = title.replace(/\s+/g, ' ').trim();
  if (folded === '') return 'Untitled';
  // By grapheme, so an emoji or an accented letter is never cut in half.
  const graphemes = Array.from(graphemeSegmenter.segment(folded), (part) => part.segment);
  return graphemes.length <= max ? folded : `${graphemes.slice(0, max).join('')}…`;
}
