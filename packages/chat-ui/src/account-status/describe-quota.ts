// A quota window in words: "5-hour limit", "42% used", "resets 18:30" (or "resets Mon 09:00").
import type { AccountRateLimits, QuotaWindow } from '../account-types.ts';

export function windowName(window: QuotaWindow): string {
  const minutes = window.windowMinutes;
  if (minutes === undefined) return 'Plan limit';
  if (minutes % 10_080 === 0) return minutes === 10_080 ? 'Weekly limit' : `${minutes / 10_080}-week limit`;
  if (minutes % 1_440 === 0) return minutes === 1_440 ? 'Daily limit' : `${minutes / 1_440}-day limit`;
  if (minutes % 60 === 0) return `${minutes / 60}-hour limit`;
  return `${minutes}-minute limit`;
}

export function usedText(window: QuotaWindow): string {
  return `${Math.round(Math.min(100, Math.max(0, window.usedPercent)))}% used`;
}

/** "resets 18:30" within a day, "resets Mon 09:00" later, nothing when unknown or past. */
export function resetText(window: QuotaWindow, now: number): string | undefined {
  if (window.resetsAt === undefined) return undefined;
  const at = Date.parse(window.resetsAt);
  if (Number.isNaN(at) || at <= now) return undefined;
  const options: Intl.DateTimeFormatOptions = at - now < 24 * 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', hour: '2-digit', minute: '2-digit' };
  return `resets ${new Intl.DateTimeFormat(undefined, options).format(at)}`;
}

/** The window closest to running out: the one the header shows. */
export function tightestWindow(limits: AccountRateLimits | undefined): QuotaWindow | undefined {
  const windows = [limits?.primary, limits?.secondary].filter((window): window is QuotaWindow => window !== undefined);
  return windows.sort((a, b) => b.usedPercent - a.usedPercent)[0];
}

export function quotaWindows(limits: AccountRateLimits | undefined): QuotaWindow[] {
  return [limits?.primary, limits?.secondary].filter((window): window is QuotaWindow => window !== undefined);
}
