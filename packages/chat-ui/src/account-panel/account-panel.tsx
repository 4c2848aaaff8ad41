// Settings → Account: who pays for the images and how to change it. Sign in with ChatGPT (the
// browser, or a device code), use an API key (checked by the host before it is kept), sign out,
// and the plan's quota. Host-agnostic: every action is a callback returning a promise; a
// rejected promise's message is shown where the user acted.
import { type MouseEvent, type SyntheticEvent, useId, useState } from 'react';

import type { AccountView, PendingSignIn, SignInMethod } from '../account-types.ts';
import { quotaWindows, resetText, usedText, windowName } from '../account-status/describe-quota.ts';
import { AlertIcon, SpinnerIcon } from '../icons/icons.tsx';

export interface ApiKeyInput {
  apiKey: string;
  /** An OpenAI-compatible server; absent for OpenAI's own. */
  baseUrl?: string;
}

export interface AccountPanelProps {
  account: AccountView;
  onSignIn?: ((method: SignInMethod) => Promise<unknown>) | undefined;
  onCancelSignIn?: ((loginId: string) => Promise<unknown>) | undefined;
  onSetApiKey?: ((input: ApiKeyInput) => Promise<unknown>) | undefined;
  onSignOut?: (() => Promise<unknown>) | undefined;
  /** Opens a sign-in page in the system browser (a desktop shell); without it the page is a plain link. */
  onOpenUrl?: ((url: string) => void) | undefined;
  now?: (() => number) | undefined;
}

type Busy = 'chatgpt' | 'device-code' | 'cancel' | 'key' | 'sign-out';
type Failure = { where: 'sign-in' | 'key' | 'sign-out'; message: string };

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}

function detailOf(account: AccountView): string {
  if (account.checking === true) return 'Finding the account to use…';
  switch (account.backend) {
    case 'offline':
      return 'Images are offline previews drawn on this computer. Sign in with ChatGPT or use an API key to draw real ones.';
    case 'codex':
      if (!account.signedIn) return 'Codex is not signed in: sign in with ChatGPT to use your plan.';
      if (account.plan === 'custom-provider') return 'Codex answers through the server Forge was started with (FORGE_CODEX_BASE_URL).';
      return account.email ?? 'Images come from your ChatGPT plan.';
    case 'openai':
      if (account.keySource === 'environment') return 'The key comes from OPENAI_API_KEY in the environment.';
      return `Images are billed to this key${account.baseUrl === undefined ? '' : ` on ${account.baseUrl}`}.`;
    default:
      account.backend satisfies never;
      return '';
  }
}

function SignInProgress({ signIn, busy, onCancel, onOpenUrl }: { signIn: Extract<PendingSignIn, { status: 'waiting' }>; busy: boolean; onCancel?: (() => void) | undefined; onOpenUrl?: ((url: string) => void) | undefined }) {
  const url = signIn.method === 'chatgpt' ? signIn.authUrl : signIn.verificationUrl;
  const open = (event: MouseEvent<HTMLAnchorElement>) => {
    if (onOpenUrl === undefined) return;
    event.preventDefault();
    onOpenUrl(url);
  };
  const link = (
    <a className="forge-account__link" href={url} target="_blank" rel="noreferrer noopener" onClick={open}>
      {signIn.method === 'chatgpt' ? 'Open the sign-in page' : `Open ${new URL(url).host}${new URL(url).pathname.replace(/\/$/, '')}`}
    </a>
  );
  return (
    <div className="forge-account__progress" role="status" aria-live="polite">
      {signIn.method === 'chatgpt' ? (
        <>
          <p className="forge-account__progress-title">
            <SpinnerIcon />
            <span>Waiting for the browser…</span>
          </p>
          <p className="forge-account__hint">Finish signing in on the page that opened. Nothing opened? {link}</p>
        </>
      ) : (
        <>
          <p className="forge-account__progress-title">
            <SpinnerIcon />
            <span>Enter this code to sign in</span>
          </p>
          <p className="forge-account__code" aria-label="One-time code">
            {signIn.userCode}
          </p>
          <p className="forge-account__hint">
            {link}, sign in, and type the code. It works from any device, for a few minutes.
          </p>
        </>
      )}
      {onCancel !== undefined && (
        <button type="button" className="forge-button forge-button--small" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
    </div>
  );
}

function Alert({ message }: { message: string }) {
  return (
    <p className="forge-account__error" role="alert">
      <AlertIcon />
      <span>{message}</span>
    </p>
  );
}

export function AccountPanel({ account, onSignIn, onCancelSignIn, onSetApiKey, onSignOut, onOpenUrl, now = Date.now }: AccountPanelProps) {
  const [busy, setBusy] = useState<Busy | undefined>();
  const [failure, setFailure] = useState<Failure | undefined>();
  const [keyFormOpen, setKeyFormOpen] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const keyId = useId();
  const baseUrlId = useId();
  const hintId = useId();

  async function run(what: Busy, where: Failure['where'], action: () => Promise<unknown>): Promise<boolean> {
    setBusy(what);
    setFailure(undefined);
    try {
      await action();
      return true;
    } catch (reason) {
      setFailure({ where, message: messageOf(reason) });
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  const signIn = (method: SignInMethod) => {
    if (onSignIn === undefined) return;
    setKeyFormOpen(false);
    void run(method, 'sign-in', () => onSignIn(method));
  };

  const submitKey = (event: SyntheticEvent) => {
    event.preventDefault();
    if (onSetApiKey === undefined || busy !== undefined) return;
    const input: ApiKeyInput = baseUrl.trim() === '' ? { apiKey } : { apiKey, baseUrl };
    void run('key', 'key', () => onSetApiKey(input)).then((saved) => {
      if (!saved) return;
      // The key is kept by the host now: the renderer forgets it.
      setApiKey('');
      setKeyFormOpen(false);
    });
  };

  const pending = account.signIn;
  const waiting = pending?.status === 'waiting' ? pending : undefined;
  const onChatGPT = account.backend === 'codex' && account.signedIn;
  const canSignOut = account.backend !== 'offline' && account.checking !== true && onSignOut !== undefined && !(account.backend === 'codex' && !account.signedIn);
  const windows = account.backend === 'codex' ? quotaWindows(account.rateLimits) : [];

  return (
    <div className="forge-account" aria-busy={busy !== undefined || account.checking === true}>
      <div className="forge-account__current">
        <div className="forge-account__who">
          <p className="forge-account__label">{account.label}</p>
          <p className="forge-account__detail">{detailOf(account)}</p>
        </div>
        {canSignOut && (
          <button type="button" className="forge-button forge-button--small" disabled={busy !== undefined} onClick={() => void run('sign-out', 'sign-out', () => onSignOut())}>
            {busy === 'sign-out' ? 'Signing out…' : 'Sign out'}
          </button>
        )}
      </div>

      {windows.length > 0 && (
        <ul className="forge-account__quota" aria-label="Plan quota">
          {windows.map((window) => {
            const reset = resetText(window, now());
            const used = Math.round(Math.min(100, Math.max(0, window.usedPercent)));
            return (
              <li key={windowName(window)}>
                <span className="forge-account__quota-name">{windowName(window)}</span>
                <span className="forge-account__meter" role="meter" aria-label={windowName(window)} aria-valuemin={0} aria-valuemax={100} aria-valuenow={used}>
                  <span style={{ width: `${used}%` }} data-level={used >= 90 ? 'high' : used >= 70 ? 'medium' : 'low'} />
                </span>
                <span className="forge-account__quota-text">
                  {usedText(window)}
                  {reset === undefined ? '' : ` · ${reset}`}
                </span>
              </li>
            );
          })}
        </ul>
      )}

      {account.backend === 'openai' && account.keySource === 'session' && (
        <p className="forge-account__note" role="status">
          Kept for this session only: this computer has no credential store Forge can use, so the key is forgotten when Forge quits.
        </p>
      )}

      {failure?.where === 'sign-out' && <Alert message={failure.message} />}

      {waiting !== undefined ? (
        <SignInProgress
          signIn={waiting}
          busy={busy === 'cancel'}
          onOpenUrl={onOpenUrl}
          onCancel={onCancelSignIn === undefined ? undefined : () => void run('cancel', 'sign-in', () => onCancelSignIn(waiting.loginId))}
        />
      ) : (
        <>
          {pending?.status === 'failed' && <Alert message={pending.message} />}
          {failure?.where === 'sign-in' && <Alert message={failure.message} />}
          {account.checking !== true && (
            <div className="forge-account__actions">
              {account.canSignIn && !onChatGPT && onSignIn !== undefined && (
                <button type="button" className={`forge-button${account.backend === 'offline' ? ' forge-button--primary' : ''}`} disabled={busy !== undefined} onClick={() => signIn('chatgpt')}>
                  {busy === 'chatgpt' ? 'Starting the sign-in…' : 'Sign in with ChatGPT'}
                </button>
              )}
              {onSetApiKey !== undefined && !keyFormOpen && (
                <button
                  type="button"
                  className="forge-button"
                  disabled={busy !== undefined}
                  onClick={() => {
                    setFailure(undefined);
                    setKeyFormOpen(true);
                  }}
                >
                  Use an API key
                </button>
              )}
              {account.canSignIn && !onChatGPT && onSignIn !== undefined && (
                <button type="button" className="forge-button forge-button--ghost forge-button--small" disabled={busy !== undefined} onClick={() => signIn('device-code')}>
                  {busy === 'device-code' ? 'Asking for a code…' : 'Sign in with a device code'}
                </button>
              )}
            </div>
          )}
        </>
      )}

      {keyFormOpen && waiting === undefined && (
        <form className="forge-account__key" aria-label="Use an API key" onSubmit={submitKey} noValidate>
          <label htmlFor={keyId}>API key</label>
          <input
            id={keyId}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder="sk-…"
            value={apiKey}
            aria-describedby={hintId}
            aria-invalid={failure?.where === 'key' || undefined}
            onChange={(event) => setApiKey(event.target.value)}
            autoFocus
          />
          <details className="forge-account__advanced" open={baseUrl !== '' || undefined}>
            <summary>Advanced</summary>
            <div className="forge-account__advanced-body">
              <label htmlFor={baseUrlId}>Base URL</label>
              <input id={baseUrlId} type="url" inputMode="url" autoComplete="off" spellCheck={false} placeholder="https://api.openai.com/v1" value={baseUrl} onChange={(event) => setBaseUrl(event.target.value)} />
              <p className="forge-account__hint">For an OpenAI-compatible server; it usually ends in /v1.</p>
            </div>
          </details>
          <p className="forge-account__hint" id={hintId}>
            {account.keyStorage === 'persistent'
              ? 'Forge checks the key with OpenAI, then keeps it in this computer’s credential store — never in a file.'
              : 'This computer has no credential store Forge can use: the key will be kept for this session only.'}
            {onChatGPT ? ' It replaces the ChatGPT sign-in.' : ''}
          </p>
          {failure?.where === 'key' && <Alert message={failure.message} />}
          <div className="forge-account__form-actions">
            <button type="submit" className="forge-button forge-button--primary" disabled={busy !== undefined}>
              {busy === 'key' ? 'Checking the key…' : 'Save key'}
            </button>
            <button
              type="button"
              className="forge-button"
              disabled={busy === 'key'}
              onClick={() => {
                setKeyFormOpen(false);
                setApiKey('');
                setFailure(undefined);
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
