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

/** "14:05" today, "Mon" this week, "12 Mar" this year, "12 Mar 2024" before. */
export function shortWhen(updatedAt: string, now: number, locale?: string): string {
  const time = Date.parse(updatedAt);
  if (Number.isNaN(time)) return '';
  const today = startOfDay(now);
  if (time >= today) return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(time);
  if (time >= today - 6 * dayMs) return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(time);
  const sameYear = new Date(time).getFullYear() === new Date(now).getFullYear();
  return new Intl.DateTimeFormat(locale, sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' }).format(time);
}

/** A title cut for places that must stay short (accessible descriptions, dialogs). */
export function shortTitle(title: string, max = 80): string {
  const folded = title.replace(/\s+/g, ' ').trim();
  if (folded === '') return 'Untitled';
  // By grapheme, so an emoji or an accented letter is never cut in half.
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(folded), (part) => part.segment);
  return graphemes.length <= max ? folded : `${graphemes.slice(0, max).join('')}…`;
}
