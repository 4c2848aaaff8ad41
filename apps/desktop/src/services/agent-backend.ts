// Picks the agent backend for this launch from the configuration.
import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';

import type { ForgeConfig } from './config.ts';
import type { Logger } from './logger.ts';

export function createAgentBackend(config: ForgeConfig, logger: Logger): Promise<AgentBackend> {
  if (config.backendPreference !== 'auto' && config.backendPreference !== 'offline') {
    logger.warn(`the ${config.backendPreference} backend is not available in this build; using offline`);
  }
  return Promise.resolve(createOfflineBackend({ imageDelayMs: config.offlineImageDelayMs }));
}
