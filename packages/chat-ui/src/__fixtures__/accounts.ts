// Account states for stories and tests: one builder, each state a few fields away from it.
import type { AccountView } from '../account-types.ts';
import { fixedNow } from './chat-parts.ts';

const hour = 3_600_000;

export function account(overrides: Partial<AccountView> = {}): AccountView {
  return { backend: 'offline', signedIn: false, label: 'Offline previews', keyStorage: 'persistent', canSignIn: true, ...overrides };
}

export const accounts = {
  signedOut: account(),
  checking: account({ label: 'Checking account…', checking: true }),
  waitingForBrowser: account({
    signIn: {
      status: 'waiting',
      loginId: 'login-1',
      method: 'chatgpt',
      authUrl: 'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_test&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&state=test',
    },
  }),
  deviceCode: account({ signIn: { status: 'waiting', loginId: 'login-2', method: 'device-code', verificationUrl: 'https://auth.openai.com/codex/device', userCode: 'K7QF-2MXD' } }),
  signInFailed: account({
    signIn: {
      status: 'failed',
      loginId: 'login-3',
      method: 'chatgpt',
      message: 'The sign-in did not complete: Token exchange failed: error sending request for url (https://auth.openai.com/oauth/token).',
    },
  }),
  chatgptWithQuota: account({
    backend: 'codex',
    signedIn: true,
    label: 'ChatGPT Plus',
    plan: 'plus',
    email: 'ada@example.com',
    rateLimits: {
      primary: { usedPercent: 42, windowMinutes: 300, resetsAt: new Date(fixedNow + 2 * hour).toISOString() },
      secondary: { usedPercent: 91, windowMinutes: 10_080, resetsAt: new Date(fixedNow + 70 * hour).toISOString() },
    },
  }),
  apiKey: account({ backend: 'openai', signedIn: true, label: 'OpenAI API key', plan: 'api-key', keySource: 'stored' }),
  sessionOnlyKey: account({ backend: 'openai', signedIn: true, label: 'OpenAI API key', plan: 'api-key', keyStorage: 'session', keySource: 'session', baseUrl: 'http://127.0.0.1:8787/v1' }),
  noCredentialStore: account({ keyStorage: 'session' }),
} satisfies Record<string, AccountView>;
