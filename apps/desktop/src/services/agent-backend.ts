// Picks the agent backend for this launch: Codex when its account is signed in, the OpenAI API
// when a key is configured, offline otherwise; FORGE_BACKEND overrides.
import { chooseAgentBackend } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';
import { createOpenAIImageModel } from '@forge/image-gen';
import type { ImageModel } from '@forge/image-gen';

import type { ForgeConfig } from './config.ts';
import type { Logger } from './logger.ts';

export async function createAgentBackend(config: ForgeConfig, logger: Logger, cwd?: string): Promise<AgentBackend> {
  const agentLogger = { debug: () => undefined, warn: (message: string) => logger.warn(message), error: (message: string) => logger.error(message) };
  const backend = await chooseAgentBackend({
    preference: config.backendPreference,
    codex: { codexHome: config.codex.home, logger: agentLogger, ...(config.codex.provider === undefined ? {} : { provider: config.codex.provider }), ...(cwd === undefined ? {} : { cwd }) },
    ...(config.openai === undefined ? {} : { openai: config.openai }),
    offline: { imageDelayMs: config.offlineImageDelayMs },
    logger: agentLogger,
  });
  logger.info(`agent backend: ${backend.id}`);
  return backend;
}

/** Image models the user may pick in Settings: drawn on the API key when there is one. */
export function imageModelFactory(config: ForgeConfig): (modelId: string) => ImageModel | undefined {
  return (modelId) => {
    const { openai } = config;
    if (openai === undefined) return undefined;
    return createOpenAIImageModel({ apiKey: openai.apiKey, model: modelId, ...(openai.baseURL === undefined ? {} : { baseURL: openai.baseURL }) });
  };
}
