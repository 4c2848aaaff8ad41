// Picks the backend for a chat: Codex when its account is signed in, the OpenAI API when a key
// is configured, offline otherwise. An explicit user preference overrides the automatic choice.
import type { AgentBackend, AgentBackendId } from './agent-backend-spec.ts';
import { createCodexBackend, type CodexBackendOptions } from './codex/codex-backend.ts';
import type { AgentLogger } from './agent-logger.ts';
import { createOfflineBackend, type OfflineBackendOptions } from './offline/offline-backend.ts';
import { createOpenAIBackend, type OpenAIBackendOptions } from './openai/openai-backend.ts';

export type AgentBackendPreference = 'auto' | AgentBackendId;

export interface ChooseAgentBackendOptions {
  /** The user's choice in Settings; `auto` (the default) picks by what is signed in. */
  preference?: AgentBackendPreference;
  /** The app profile's Codex setup; without it Codex is never chosen. */
  codex?: CodexBackendOptions;
  /** An API key (and optional base URL); without a key the OpenAI backend is never chosen. */
  openai?: OpenAIBackendOptions;
  offline?: OfflineBackendOptions;
  logger?: AgentLogger;
  /** Factories, replaceable in tests. */
  factories?: {
    codex?: (options: CodexBackendOptions) => AgentBackend;
    openai?: (options: OpenAIBackendOptions) => AgentBackend;
    offline?: (options: OfflineBackendOptions) => AgentBackend;
  };
}

/**
 * Resolves the backend to run chat turns on. With a preference, that backend is returned even
 * if it is not ready (its turns then fail with a clear `signed_out`), falling back to offline
 * only when the preferred backend is not configured at all.
 */
export async function chooseAgentBackend(options: ChooseAgentBackendOptions = {}): Promise<AgentBackend> {
  const makeCodex = options.factories?.codex ?? createCodexBackend;
  const makeOpenAI = options.factories?.openai ?? createOpenAIBackend;
  const makeOffline = options.factories?.offline ?? createOfflineBackend;
  const offline = (): AgentBackend => makeOffline(options.offline ?? {});
  const preference = options.preference ?? 'auto';
  const hasKey = options.openai !== undefined && options.openai.apiKey.trim() !== '';

  switch (preference) {
    case 'codex':
      return options.codex === undefined ? offline() : makeCodex(options.codex);
    case 'openai':
      return hasKey && options.openai !== undefined ? makeOpenAI(options.openai) : offline();
    case 'offline':
      return offline();
    case 'auto':
      break;
    default:
      preference satisfies never;
  }

  if (options.codex !== undefined) {
    const codex = makeCodex(options.codex);
    try {
      if ((await codex.account()).signedIn) return codex;
    } catch (error) {
      options.logger?.warn(`Codex is unavailable, trying the next backend: ${error instanceof Error ? error.message : String(error)}`);
    }
    await codex.close?.();
  }
  if (hasKey && options.openai !== undefined) return makeOpenAI(options.openai);
  return offline();
}
