// The app's accounts as the config describes them: FORGE_BACKEND, Forge's own Codex home (and
// a custom server for it, in demos and tests), OPENAI_API_KEY, and the host's credential store.
import type { ForgeConfig } from '../config.ts';
import type { AccountSetup } from './account-service.ts';
import type { SecretStore } from './secret-store.ts';

export function accountSetup(config: ForgeConfig, openSecrets: () => Promise<SecretStore>): AccountSetup {
  const { openai, codex } = config;
  return {
    preference: config.backendPreference,
    codex: { home: codex.home, ...(codex.provider === undefined ? {} : { provider: codex.provider }) },
    ...(openai === undefined ? {} : { environmentKey: { apiKey: openai.apiKey, ...(openai.baseURL === undefined ? {} : { baseURL: openai.baseURL }) } }),
    openSecrets,
    offline: { imageDelayMs: config.offlineImageDelayMs },
  };
}
