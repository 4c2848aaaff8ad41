// Who pays for the images, as the account components show it: only types. The desktop
// contract's account summary is this plus its model choices; nothing here is a secret.

/** One quota window of a ChatGPT plan, as Codex reports it. */
export interface QuotaWindow {
  usedPercent: number;
  /** The window's length, e.g. 300 (five hours) or 10080 (a week). */
  windowMinutes?: number;
  /** ISO time when the window resets. */
  resetsAt?: string;
}

export interface AccountRateLimits {
  primary?: QuotaWindow;
  secondary?: QuotaWindow;
}

export type SignInMethod = 'chatgpt' | 'device-code';

/** A ChatGPT sign-in Forge started: waiting for the browser (or the code), or how it failed. */
export type PendingSignIn =
  | { status: 'waiting'; loginId: string; method: 'chatgpt'; authUrl: string }
  | { status: 'waiting'; loginId: string; method: 'device-code'; verificationUrl: string; userCode: string }
  | { status: 'failed'; loginId: string; method: SignInMethod; message: string };

export interface AccountView {
  backend: 'codex' | 'openai' | 'offline';
  signedIn: boolean;
  /** The account in words: "ChatGPT Plus", "OpenAI API key", "Offline previews". */
  label: string;
  /** The plan as the backend names it (`plus`, `pro`, `api-key`…). */
  plan?: string;
  email?: string;
  rateLimits?: AccountRateLimits;
  /** Where a key entered now would be kept: the system's credential store, or memory for this session only. */
  keyStorage: 'persistent' | 'session';
  /** Where the key in use came from (the OpenAI backend). */
  keySource?: 'stored' | 'session' | 'environment';
  /** The OpenAI-compatible server the key is for, when it is not OpenAI's. */
  baseUrl?: string;
  signIn?: PendingSignIn;
  /** Forge is still finding out which account to use (right after start-up). */
  checking?: boolean;
  /** Whether this app can sign in with ChatGPT (it has Codex). */
  canSignIn: boolean;
}
