// Turns an error code into what a person reads: a specific title, what it means for
// them right now (when the quota resets, when to retry, where a save was tried), and a hint.
import type { ImageErrorInfo } from '../chat-types.ts';

export interface ImageErrorDescription {
  title: string;
  /** What the situation means now, e.g. "It resets in 3 h 20 min (Mon 23:11)." */
  detail?: string;
  /** What to do about it. */
  hint?: string;
  /** Whether to show the backend's own message under the title. */
  showMessage: boolean;
  /** Retry is the advice even though the error is not retryable as such (a damaged image: draw it again). */
  offersRetry?: boolean;
}

export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(1, Math.ceil(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return `${Math.round(hours / 24)} days`;
}

function describeReset(resetsAt: string | undefined, now: number): string | undefined {
  if (resetsAt === undefined) return undefined;
  const at = Date.parse(resetsAt);
  if (Number.isNaN(at)) return undefined;
  if (at <= now) return 'It has reset; you can try again now.';
  const clock = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(at);
  return `It resets in ${formatDuration(at - now)} (${clock}).`;
}

function isSaveFailure(code: string): boolean {
  // `no_space`: the disk was full; the message says which folder, in the store's own words.
  return code === 'storage' || code.startsWith('save') || code.endsWith('save_failed') || code === 'write_failed' || code === 'no_space';
}

/** What failed: one image, or the whole reply (the model, the backend). */
export type ErrorScope = 'image' | 'reply';

export function describeImageError(error: ImageErrorInfo, now: number, scope: ErrorScope = 'image'): ImageErrorDescription {
  const retryWait = error.retryAfterMs ?? (error.resetsAt === undefined ? undefined : Date.parse(error.resetsAt) - now);
  switch (error.code) {
    case 'quota_exceeded': {
      const detail = describeReset(error.resetsAt, now);
      return {
        title: "You've used your plan's image quota",
        ...(detail === undefined ? {} : { detail }),
        hint: 'Upgrade the plan or switch to an API key in Settings → Account to keep going.',
        showMessage: detail === undefined,
      };
    }
    case 'rate_limited':
      return {
        title: 'Rate limited',
        detail:
          retryWait !== undefined && Number.isFinite(retryWait) && retryWait > 0
            ? `Retry in ${formatDuration(retryWait)}.`
            : 'Wait a moment, then retry.',
        showMessage: false,
      };
    case 'content_policy':
      return {
        title: 'Blocked by the content policy',
        hint: 'Edit the prompt — describe the scene differently or leave out what may have been flagged — and try again.',
        showMessage: true,
      };
    case 'authentication':
    case 'signed_out':
      return {
        title: 'Signed out',
        hint: 'Sign in again in Settings → Account, then retry.',
        showMessage: true,
      };
    case 'permission':
      return {
        title: "This account can't use the image model",
        hint: 'Pick another model in Settings → Account → Image model.',
        showMessage: true,
      };
    case 'model_unavailable':
      return {
        title: 'The image model is unavailable',
        hint: 'Pick another model in Settings → Account → Image model.',
        showMessage: true,
      };
    case 'network':
      return { title: 'Network problem', hint: 'Check the connection, then retry.', showMessage: true };
    case 'timeout':
      return { title: 'Timed out', showMessage: true };
    case 'cancelled':
      return { title: 'Cancelled', showMessage: false };
    case 'invalid_output':
      return { title: 'The image came back damaged', hint: 'Nothing was saved. Retry to draw it again.', showMessage: true, offersRetry: true };
    case 'invalid_request':
      return { title: scope === 'image' ? "The image request wasn't accepted" : "The request wasn't accepted", showMessage: true };
    case 'codex_missing':
      return { title: 'Codex is not installed', showMessage: true };
    case 'server':
    case 'backend_crashed':
      return { title: scope === 'image' ? 'The image service had a problem' : 'The model service had a problem', hint: 'It is usually temporary; retry in a moment.', showMessage: true };
    default:
      if (isSaveFailure(error.code)) {
        return {
          title: "Couldn't save the image",
          hint: 'Nothing half-written was left on disk. Check the free space and folder permissions, then retry.',
          showMessage: true,
        };
      }
      return { title: scope === 'image' ? 'Image generation failed' : 'The reply failed', showMessage: true };
  }
}
