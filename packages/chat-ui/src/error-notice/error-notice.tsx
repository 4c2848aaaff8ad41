// A failure shown in the conversation: a specific title per error code, what it means
// now, a hint, the backend's own words, and Retry when retrying can help.
import type { ImageErrorInfo } from '../chat-types.ts';
import { AlertIcon, RetryIcon } from '../icons/icons.tsx';
import { describeImageError, type ErrorScope } from './describe-image-error.ts';

export interface ErrorNoticeProps {
  error: ImageErrorInfo;
  /** The prompt of the image that failed, shown so the user knows which one. */
  prompt?: string | undefined;
  /** Shown as a Retry button when the error is retryable, or when retrying is the advice (a damaged image). */
  onRetry?: (() => void) | undefined;
  /**
   * Shown as "Go to Account" (it opens Settings → Account) on failures the account can fix: signed out, a
   * rejected key, a used-up quota. Its name leaves out "Settings", so the app's Settings button stays the only one.
   */
  onOpenAccountSettings?: (() => void) | undefined;
  now?: (() => number) | undefined;
  /** What failed: an image (default) or the whole reply; it picks the words. */
  scope?: ErrorScope | undefined;
}

/** Failures the user fixes in Settings → Account. */
const accountCodes = new Set(['signed_out', 'authentication', 'auth', 'quota_exceeded', 'quota']);

export function ErrorNotice({ error, prompt, onRetry, onOpenAccountSettings, now = Date.now, scope = 'image' }: ErrorNoticeProps) {
  const description = describeImageError(error, now(), scope);
  const canRetry = (error.retryable || description.offersRetry === true) && onRetry !== undefined;
  const canOpenAccount = onOpenAccountSettings !== undefined && accountCodes.has(error.code);
  return (
    <div className="forge-error" role="alert" data-code={error.code}>
      <span className="forge-error__icon">
        <AlertIcon />
      </span>
      <div className="forge-error__content">
        <p className="forge-error__title">{description.title}</p>
        {description.detail !== undefined && <p className="forge-error__detail">{description.detail}</p>}
        {description.showMessage && error.message.trim() !== '' && <p className="forge-error__message">{error.message}</p>}
        {description.hint !== undefined && <p className="forge-error__hint">{description.hint}</p>}
        {prompt !== undefined && (
          <p className="forge-error__prompt">
            <span className="forge-visually-hidden">Prompt: </span>“{prompt}”
          </p>
        )}
      </div>
      {(canRetry || canOpenAccount) && (
        <div className="forge-error__actions">
          {canOpenAccount && (
            <button type="button" className="forge-button forge-error__account" title="Open Settings → Account" onClick={onOpenAccountSettings}>
              Go to Account
            </button>
          )}
          {canRetry && (
            <button type="button" className="forge-button forge-error__retry" onClick={onRetry}>
              <RetryIcon />
              Retry
            </button>
          )}
        </div>
      )}
    </div>
  );
}
