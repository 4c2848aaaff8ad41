// The account in the app's header: who pays for the images, in words ("ChatGPT Plus",
// "OpenAI API key", "Offline previews"), and, where the plan reports one, the quota window
// closest to running out. A button that opens Settings → Account when the host gives `onOpen`.
import type { AccountView } from '../account-types.ts';
import { resetText, tightestWindow, usedText, windowName } from './describe-quota.ts';

export interface AccountStatusProps {
  account: AccountView;
  /** Opens Settings → Account. */
  onOpen?: (() => void) | undefined;
  now?: (() => number) | undefined;
}

function tone(account: AccountView): string {
  if (account.checking === true) return 'checking';
  if (account.backend === 'offline') return 'offline';
  return account.signedIn ? 'on' : 'off';
}

export function AccountStatus({ account, onOpen, now = Date.now }: AccountStatusProps) {
  const window = tightestWindow(account.rateLimits);
  const reset = window === undefined ? undefined : resetText(window, now());
  const used = window === undefined ? undefined : Math.round(Math.min(100, Math.max(0, window.usedPercent)));
  const content = (
    <>
      <span className={`forge-account-status__dot forge-account-status__dot--${tone(account)}`} aria-hidden="true" />
      <span className="forge-account-status__label">{account.label}</span>
      {window !== undefined && used !== undefined && (
        <span className="forge-account-status__quota" title={windowName(window)} data-level={used >= 90 ? 'high' : used >= 70 ? 'medium' : 'low'}>
          <span className="forge-account-status__bar" aria-hidden="true">
            <span style={{ width: `${used}%` }} />
          </span>
          {usedText(window)}
          {reset === undefined ? null : ` · ${reset}`}
        </span>
      )}
    </>
  );
  if (onOpen === undefined) {
    return (
      <span className="forge-account-status" data-backend={account.backend}>
        {content}
      </span>
    );
  }
  return (
    <button type="button" className="forge-account-status forge-account-status--button" data-backend={account.backend} title="Settings → Account" onClick={onOpen}>
      {content}
    </button>
  );
}
