// Starts the whole app for a browser: reads the config, opens the workspace, picks the backend,
// and serves it on loopback. `pnpm start` and the end-to-end tests both come through here.
import { resolve } from 'node:path';

import { checkProjectFolder, createAgentBackend, createForgeServices, createLogger, imageModelFactory, openSettingsFile, readConfig } from '../services/index.ts';
import type { Logger, WorkspaceOptions } from '../services/index.ts';
import { assetUrlPath, startWebHost } from './web-host.ts';

export interface LaunchOptions {
  /** Project mode for this folder, Open mode, or the workspace opened last. */
  workspace: { mode: 'project'; projectDir: string } | { mode: 'open' } | { mode: 'last' };
  rendererDir: string;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface LaunchedApp {
  /** `http://127.0.0.1:PORT/`: admits only a browser that opened `openUrl` first. */
  url: string;
  /** The workspace it opened (`last` resolves to a project or the Scratchpad). */
  workspace: { mode: 'project' | 'open'; folder: string };
  /** The access token (the `x-forge-token` header for tools). */
  token: string;
  /** The link to print: `url` with `?token=…`. */
  openUrl: string;
  close(): Promise<void>;
}

export async function launchWebApp(options: LaunchOptions): Promise<LaunchedApp> {
  const config = readConfig(options.env);
  const logger = options.logger ?? createLogger({ secrets: () => (config.openai ? [config.openai.apiKey] : []) });
  // A folder that is missing or unreadable stops the launch with one line, before anything starts.
  const workspace: WorkspaceOptions =
    options.workspace.mode === 'project'
      ? { mode: 'project', projectDir: await checkProjectFolder(resolve(options.workspace.projectDir)) }
      : { mode: options.workspace.mode, homeDir: config.home };
  // Codex works in the open workspace's folder, passed with each turn (it follows a switch).
  const backend = await createAgentBackend(config, logger);
  const settings = openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) });
  const services = await createForgeServices({
    workspace,
    backend,
    assetUrl: assetUrlPath,
    logger,
    imageModelFor: imageModelFactory(config),
    settings,
    cacheDir: config.cacheDir,
    dataDir: config.dataDir,
    home: config.home,
    ...(config.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: config.stallTimeoutMs }),
  });
  const host = await startWebHost({ services, rendererDir: resolve(options.rendererDir), port: config.port, logger });
  const opened = await services.call('getState', {});
  return {
    url: host.url,
    workspace: { mode: opened.mode, folder: opened.folder },
    token: host.token,
    openUrl: host.openUrl,
    async close() {
      await host.close();
      await services.close();
    },
  };
}
