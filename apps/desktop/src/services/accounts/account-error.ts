// Failures of the account calls (sign-in, API key, sign-out), written for the person in front of
// Settings → Account. `code` is what crosses the contract: `invalid_input` (fix what you typed),
// `auth` (the key was refused), `network`, `sign_in` (the ChatGPT sign-in failed), `unavailable`.
// Messages never hold the key.
export type AccountErrorCode = 'invalid_input' | 'auth' | 'network' | 'sign_in' | 'unavailable';

export class AccountError extends Error {
  override readonly name = 'AccountError';
  readonly code: AccountErrorCode;

  constructor(code: AccountErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
