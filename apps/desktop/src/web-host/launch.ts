// Starts the whole app for a browser: reads the config, opens the workspace and the account
// (keys in the OS keyring), and serves it on loopback. `pnpm start` and the end-to-end tests both come through here.
import { dirname, resolve } from 'node:path';

import { openKeyringSecretStore } from '../services/accounts/keyring-secret-store.ts';
import { accountSetup, checkProjectFolder, createForgeServices, createLogger, openSettingsFile, readConfig } from '../services/index.ts';
import type { Logger, WorkspaceOptions } from '../services/index.ts';
import { assetUrlPath, startWebHost, thumbnailUrlPath } from './web-host.ts';

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
  /** The access token (the `x-forge-token` header for tools). */
  token: string;
  /** The link to print: `url` with `?token=…`. */
  openUrl: string;
  /** The workspace it opened (`last` resolves to a project or the Scratchpad). */
  workspace: { mode: 'project' | 'open'; folder: string };
  close(): Promise<void>;
}

export async function launchWebApp(options: LaunchOptions): Promise<LaunchedApp> {
  const config = readConfig(options.env);
  // Every key in use (from the environment, the keyring or Settings) is scrubbed from the log.
  let secrets = (): string[] => (config.openai ? [config.openai.apiKey] : []);
  const logger = options.logger ?? createLogger({ secrets: () => secrets() });
  // A folder that is missing or unreadable stops the launch with one line, before anything starts.
  const workspace: WorkspaceOptions =
    options.workspace.mode === 'project'
      ? { mode: 'project', projectDir: await checkProjectFolder(resolve(options.workspace.projectDir)) }
      : { mode: options.workspace.mode, homeDir: config.home };
  const settings = openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) });
  const services = await createForgeServices({
    workspace,
    // The OS keyring (one entry per Forge profile folder), or memory for the session where there is none.
    accounts: accountSetup(config, () => openKeyringSecretStore({ profile: dirname(config.settingsFile) })),
    assetUrl: assetUrlPath,
    thumbnailUrl: thumbnailUrlPath,
    logger,
    settings,
    cacheDir: config.cacheDir,
    ...(config.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: config.stallTimeoutMs }),
    dataDir: config.dataDir,
    home: config.home,
  });
  secrets = () => services.secrets();
  const host = await startWebHost({ services, rendererDir: resolve(options.rendererDir), port: config.port, logger });
  const opened = await services.call('getState', {});
  return {
    url: host.url,
    token: host.token,
    openUrl: host.openUrl,
    workspace: { mode: opened.mode, folder: opened.folder },
    async close() {
      await host.close();
      await services.close();
    },
  };
}
