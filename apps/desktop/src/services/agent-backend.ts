// Picks the agent backend for this launch: Codex when its account is signed in, the OpenAI API
// when a key is configured, offline otherwise; FORGE_BACKEND overrides.
import { chooseAgentBackend } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';

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
