// Starts the whole app for a browser: reads the config, opens the workspace, picks the backend,
// and serves it on loopback. `pnpm start` and the end-to-end tests both come through here.
import { resolve } from 'node:path';

import { createAgentBackend, createForgeServices, createLogger, imageModelFactory, openSettingsFile, readConfig } from '../services/index.ts';
import type { Logger, WorkspaceOptions } from '../services/index.ts';
import { assetUrlPath, startWebHost, thumbnailUrlPath } from './web-host.ts';

export interface LaunchOptions {
  /** Project mode for this folder, or Open mode. */
  workspace: { mode: 'project'; projectDir: string } | { mode: 'open' };
  rendererDir: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface LaunchedApp {
  url: string;
  close(): Promise<void>;
}

export async function launchWebApp(options: LaunchOptions): Promise<LaunchedApp> {
  const config = readConfig(options.env);
  const logger = options.logger ?? createLogger({ secrets: () => (config.openai ? [config.openai.apiKey] : []) });
  const workspace: WorkspaceOptions =
    options.workspace.mode === 'project' ? { mode: 'project', projectDir: resolve(options.workspace.projectDir) } : { mode: 'open', homeDir: config.home };
  const backend = await createAgentBackend(config, logger, workspace.mode === 'project' ? workspace.projectDir : undefined);
  const settings = openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) });
  const services = await createForgeServices({
    workspace,
    backend,
    assetUrl: assetUrlPath,
    thumbnailUrl: thumbnailUrlPath,
    logger,
    imageModelFor: imageModelFactory(config),
    settings,
    cacheDir: config.cacheDir,
  });
  const host = await startWebHost({ services, rendererDir: resolve(options.rendererDir), port: config.port, logger });
  return {
    url: host.url,
    async close() {
      await host.close();
      await services.close();
    },
  };
}
