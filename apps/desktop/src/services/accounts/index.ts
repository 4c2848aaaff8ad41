// Accounts: who pays for the images (ChatGPT through Codex, an API key, or offline), where the
// key is kept, and the backend that follows. The keyring store is imported by the web host
// directly (it loads a native module the Electron main process does not need).
export { AccountError } from './account-error.ts';
export type { AccountErrorCode } from './account-error.ts';
export { createAccountService } from './account-service.ts';
export type { AccountService, AccountServiceOptions, AccountSetup } from './account-service.ts';
export { checkApiKeyInput, maxApiKeyLength } from './api-key-input.ts';
export { createMemorySecretStore, SecretStoreError } from './secret-store.ts';
export type { SecretStore } from './secret-store.ts';
