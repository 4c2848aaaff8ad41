// The Codex account calls: who is signed in (`account/read`), signing in with ChatGPT in the
// browser or with a device code (`account/login/start`, `account/login/cancel`, and the
// `account/login/completed` notification), and signing out (`account/logout`). Codex keeps the
// tokens in its own CODEX_HOME; Forge never sees them.
import { access } from 'node:fs/promises';
import path from 'node:path';

import type { AgentRateLimits } from '../agent-backend-spec.ts';
import { AgentError } from '../agent-error.ts';
import type { AppServerSession } from './app-server-supervisor.ts';
import { JsonRpcClosedError, JsonRpcRequestError } from './json-rpc-connection.ts';
import type { AccountLoginCompletedNotification } from './protocol/v2/AccountLoginCompletedNotification.ts';
import type { CancelLoginAccountResponse } from './protocol/v2/CancelLoginAccountResponse.ts';
import type { GetAccountResponse } from './protocol/v2/GetAccountResponse.ts';
import type { LoginAccountParams } from './protocol/v2/LoginAccountParams.ts';
import type { LoginAccountResponse } from './protocol/v2/LoginAccountResponse.ts';

export type CodexSignInMethod = 'chatgpt' | 'device-code';

/** What the user does next: open `authUrl`, or open `verificationUrl` and type `userCode`. */
export type CodexSignInStart =
  | { method: 'chatgpt'; loginId: string; authUrl: string }
  | { method: 'device-code'; loginId: string; verificationUrl: string; userCode: string };

/** Who Codex answers for. `custom-provider`: a configured server that needs no sign-in. */
export interface CodexAccountInfo {
  signedIn: boolean;
  kind: 'chatgpt' | 'api-key' | 'custom-provider' | 'other' | 'none';
  /** The ChatGPT plan as Codex names it (`plus`, `pro`, `team`…). */
  plan?: string;
  email?: string;
  /** The ChatGPT workspace, when Codex knows its name. */
  workspace?: string;
}

export type CodexAccountEvent =
  | { type: 'sign-in-completed'; loginId: string | undefined }
  /** `message` is Codex's own reason, redacted. */
  | { type: 'sign-in-failed'; loginId: string | undefined; message: string }
  /** The sign-in state changed (a sign-in or sign-out finished, tokens were refreshed). */
  | { type: 'account-updated' }
  | { type: 'rate-limits-updated'; rateLimits: AgentRateLimits };

export interface CodexAccounts {
  read(): Promise<CodexAccountInfo>;
  /** Starts a sign-in; its end arrives as a `sign-in-completed` or `sign-in-failed` event. */
  startSignIn(method: CodexSignInMethod): Promise<CodexSignInStart>;
  /** True when Codex had that sign-in running and stopped it. */
  cancelSignIn(loginId: string): Promise<boolean>;
  signOut(): Promise<void>;
  subscribe(listener: (event: CodexAccountEvent) => void): () => void;
}

export interface CodexAccountsOptions {
  ready: () => Promise<AppServerSession>;
  /** `account/read`, shared with the backend's cache. */
  readAccount: (session: AppServerSession) => Promise<GetAccountResponse>;
  /** Drops the backend's cached `account/read` answer (after a sign-out). */
  invalidate: () => void;
  redact: (text: string) => string;
  /** How long `account/login/start` may take (it reaches auth.openai.com for a device code); default 30 s. */
  startTimeoutMs?: number;
}

export interface CodexAccountsHost extends CodexAccounts {
  /** Feeds one app-server notification; true when it was an account notification. */
  handleNotification(method: string, params: unknown): boolean;
  emit(event: CodexAccountEvent): void;
}

/**
 * Whether CODEX_HOME holds a stored sign-in, without starting Codex. Forge runs Codex with
 * `cli_auth_credentials_store = "file"`, so a sign-in is always `auth.json` there.
 */
export async function hasStoredCodexSignIn(codexHome: string): Promise<boolean> {
  try {
    await access(path.join(codexHome, 'auth.json'));
    return true;
  } catch {
    return false;
  }
}

/** The `-c` flag that keeps Codex's tokens in CODEX_HOME/auth.json (what `hasStoredCodexSignIn` reads). */
export const codexCredentialStoreArgs: readonly string[] = ['-c', 'cli_auth_credentials_store="file"'];

function toAccountInfo(response: GetAccountResponse): CodexAccountInfo {
  const { account } = response;
  if (account === null) return response.requiresOpenaiAuth ? { signedIn: false, kind: 'none' } : { signedIn: true, kind: 'custom-provider' };
  switch (account.type) {
    case 'chatgpt':
      return {
        signedIn: true,
        kind: 'chatgpt',
        plan: account.planType,
        ...(account.email === null ? {} : { email: account.email }),
        ...(account.workspaceName === null ? {} : { workspace: account.workspaceName }),
      };
    case 'apiKey':
      return { signedIn: true, kind: 'api-key' };
    case 'amazonBedrock':
    case 'gcp':
      return { signedIn: true, kind: 'other' };
    default:
      account satisfies never;
      return { signedIn: true, kind: 'other' };
  }
}

/** Codex answers "could not reach auth.openai.com" in its own words; these are they. */
const unreachable = /error sending request|failed to request device code|dns error|connection refused|timed out|network/i;

export function createCodexAccounts(options: CodexAccountsOptions): CodexAccountsHost {
  const listeners = new Set<(event: CodexAccountEvent) => void>();
  /** Sign-ins Forge started and Codex has not finished, with the process that runs each. */
  const running = new Map<string, number>();
  const cancelled = new Set<string>();

  function emit(event: CodexAccountEvent): void {
    for (const listener of listeners) listener(event);
  }

  function failure(error: unknown, action: string): AgentError {
    if (AgentError.isInstance(error)) return error;
    if (error instanceof JsonRpcClosedError) {
      return new AgentError({ code: 'backend_crashed', message: `Codex stopped while ${action}; try again.`, cause: error });
    }
    const detail = options.redact(error instanceof JsonRpcRequestError ? error.message.replace(/^[^:]+ failed: /, '') : String(error));
    if (unreachable.test(detail)) {
      return new AgentError({ code: 'network', message: `Could not reach OpenAI while ${action}: check the connection and try again. (${detail})`, cause: error });
    }
    return new AgentError({ code: 'server', message: `Codex could not finish ${action}: ${detail}`, cause: error });
  }

  async function withTimeout<Result>(promise: Promise<Result>, action: string): Promise<Result> {
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        promise,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(
            () => reject(new AgentError({ code: 'network', message: `OpenAI did not answer within ${Math.round(timeoutMs / 1000)} s while ${action}: check the connection and try again.` })),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  function watch(session: AppServerSession, loginId: string): void {
    running.set(loginId, session.generation);
    // A sign-in lives in its app-server: if that process goes, so does the sign-in. Say so, never hang.
    void session.exited.then(() => {
      if (running.get(loginId) !== session.generation) return;
      running.delete(loginId);
      emit({ type: 'sign-in-failed', loginId, message: 'Codex stopped during the sign-in' });
    });
  }

  async function startSignIn(method: CodexSignInMethod): Promise<CodexSignInStart> {
    const action = 'starting the sign-in';
    let session: AppServerSession;
    let response: LoginAccountResponse;
    try {
      session = await options.ready();
      const params: LoginAccountParams = method === 'chatgpt' ? { type: 'chatgpt' } : { type: 'chatgptDeviceCode' };
      response = await withTimeout(session.connection.request<LoginAccountResponse>('account/login/start', params), action);
    } catch (error) {
      throw failure(error, action);
    }
    if (response.type === 'chatgpt') {
      watch(session, response.loginId);
      return { method: 'chatgpt', loginId: response.loginId, authUrl: response.authUrl };
    }
    if (response.type === 'chatgptDeviceCode') {
      watch(session, response.loginId);
      return { method: 'device-code', loginId: response.loginId, verificationUrl: response.verificationUrl, userCode: response.userCode };
    }
    throw new AgentError({ code: 'protocol', message: `Codex answered the sign-in with "${response.type}", not a ChatGPT sign-in.` });
  }

  async function cancelSignIn(loginId: string): Promise<boolean> {
    const session = await options.ready();
    cancelled.add(loginId);
    try {
      const response = await session.connection.request<CancelLoginAccountResponse>('account/login/cancel', { loginId });
      return response.status === 'canceled';
    } catch (error) {
      cancelled.delete(loginId);
      throw failure(error, 'cancelling the sign-in');
    }
  }

  function handleNotification(method: string, params: unknown): boolean {
    if (method === 'account/login/completed') {
      const completed = params as Partial<AccountLoginCompletedNotification> | undefined;
      const loginId = typeof completed?.loginId === 'string' ? completed.loginId : undefined;
      if (loginId !== undefined) running.delete(loginId);
      if (completed?.success === true) emit({ type: 'sign-in-completed', loginId });
      else {
        const wasCancelled = loginId !== undefined && cancelled.delete(loginId);
        const reason = typeof completed?.error === 'string' && completed.error !== '' ? completed.error : 'Codex did not say why';
        emit({ type: 'sign-in-failed', loginId, message: wasCancelled ? 'Cancelled' : options.redact(reason.replace(/^Login server error:\s*/i, '')) });
      }
      emit({ type: 'account-updated' });
      return true;
    }
    if (method === 'account/updated') {
      emit({ type: 'account-updated' });
      return true;
    }
    return false;
  }

  return {
    async read() {
      try {
        const session = await options.ready();
        return toAccountInfo(await options.readAccount(session));
      } catch (error) {
        throw failure(error, 'reading the account');
      }
    },
    startSignIn,
    cancelSignIn,
    async signOut() {
      try {
        const session = await options.ready();
        await session.connection.request('account/logout');
        options.invalidate();
      } catch (error) {
        throw failure(error, 'signing out');
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    handleNotification,
    emit,
  };
}
