// The one place the app reads its environment. Everything else takes a ForgeConfig.
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { AgentBackendId } from '@forge/agent';
import { defaultThumbnailDir } from '@forge/asset-store';

export interface ForgeConfig {
  /** The home folder for Open mode's `~/.forge/scratchpad` (FORGE_HOME overrides). */
  home: string;
  /** The web host's port; 0 picks any free one (FORGE_PORT). */
  port: number;
  backendPreference: 'auto' | AgentBackendId;
  openai?: { apiKey: string; baseURL?: string };
  /** Simulated latency of the offline model, so the in-flight state can be seen (ms). */
  offlineImageDelayMs: number;
  /** Codex runs with a private CODEX_HOME per app profile, never the user's ~/.codex. */
  codex: { home: string; provider?: { baseURL: string; actorAuthorization: string } };
  /** The app's settings across launches (the image model picked per backend): no secrets. */
  settingsFile: string;
  /** The asset store's cache (thumbnails, the listing index and its log of saves), outside any project. */
  cacheDir: string;
  /**
   * Forge's data folder, where the conversations database lives (never in a project):
   * `$XDG_DATA_HOME/forge` or `~/.local/share/forge` on Linux, `~/Library/Application Support/Forge`
   * on macOS, `%APPDATA%/Forge` on Windows; under FORGE_HOME when it names another home.
   */
  dataDir: string;
  /** FORGE_STALL_TIMEOUT_MS: a turn whose backend is silent this long fails as `timeout` (unset: the settings file, else two minutes). */
  stallTimeoutMs?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`FORGE_PORT must be a port number from 0 to 65535, not "${value}".`);
  return port;
}

function parseStallTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const milliseconds = Number(value);
  if (!Number.isInteger(milliseconds) || milliseconds < 100 || milliseconds > 86_400_000) {
    throw new ConfigError(`FORGE_STALL_TIMEOUT_MS must be a whole number of milliseconds from 100 to 86400000, not "${value}".`);
  }
  return milliseconds;
}

/** The OS data folder for Forge under `home`; the environment's own (XDG_DATA_HOME, APPDATA) only for the user's real home. */
function dataDirFor(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv, ownHome: boolean): string {
  const fromEnv = (value: string | undefined): string | undefined => (ownHome || value === undefined || value === '' ? undefined : value);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Forge');
  if (platform === 'win32') return join(fromEnv(env.APPDATA) ?? join(home, 'AppData', 'Roaming'), 'Forge');
  return join(fromEnv(env.XDG_DATA_HOME) ?? join(home, '.local', 'share'), 'forge');
}

export function readConfig(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): ForgeConfig {
  const preference = env.FORGE_BACKEND ?? 'auto';
  if (!['auto', 'codex', 'openai', 'offline'].includes(preference)) {
    throw new ConfigError(`FORGE_BACKEND must be auto, codex, openai or offline, not "${preference}".`);
  }
  const apiKey = env.OPENAI_API_KEY?.trim();
  const ownHome = env.FORGE_HOME === undefined || env.FORGE_HOME === '' ? undefined : env.FORGE_HOME;
  const home = ownHome ?? homedir();
  // Forge's own folder: under FORGE_HOME when it names another home, else the user's config folder.
  const xdgConfig = env.XDG_CONFIG_HOME === undefined || env.XDG_CONFIG_HOME === '' ? undefined : env.XDG_CONFIG_HOME;
  const appDir = join(ownHome === undefined && xdgConfig !== undefined ? xdgConfig : join(home, '.config'), 'forge');
  // The OS cache folder (~/.cache/forge/thumbnails, ~/Library/Caches/…, AppData/Local/…), moved by FORGE_HOME or XDG_CACHE_HOME likewise.
  const xdgCache = env.XDG_CACHE_HOME === undefined || env.XDG_CACHE_HOME === '' ? undefined : env.XDG_CACHE_HOME;
  const usesXdgCache = ownHome === undefined && xdgCache !== undefined && process.platform !== 'darwin' && process.platform !== 'win32';
  const codexBaseURL = env.FORGE_CODEX_BASE_URL;
  const stallTimeoutMs = parseStallTimeout(env.FORGE_STALL_TIMEOUT_MS);
  return {
    home,
    port: parsePort(env.FORGE_PORT),
    backendPreference: preference as ForgeConfig['backendPreference'],
    ...(apiKey === undefined || apiKey === ''
      ? {}
      : { openai: { apiKey, ...(env.OPENAI_BASE_URL === undefined ? {} : { baseURL: env.OPENAI_BASE_URL }) } }),
    offlineImageDelayMs: env.FORGE_OFFLINE_DELAY_MS === undefined ? 900 : Math.max(0, Number(env.FORGE_OFFLINE_DELAY_MS) || 0),
    codex: {
      home: env.FORGE_CODEX_HOME ?? join(appDir, 'codex'),
      // A loopback or self-hosted Responses endpoint instead of the ChatGPT sign-in (demos, tests).
      ...(codexBaseURL === undefined || codexBaseURL === ''
        ? {}
        : { provider: { baseURL: codexBaseURL, actorAuthorization: env.FORGE_CODEX_ACTOR_AUTHORIZATION ?? 'forge-local' } }),
    },
    settingsFile: join(appDir, 'settings.json'),
    cacheDir: usesXdgCache ? join(xdgCache, 'forge', 'thumbnails') : defaultThumbnailDir(process.platform, home),
    dataDir: dataDirFor(platform, home, env, ownHome !== undefined),
    ...(stallTimeoutMs === undefined ? {} : { stallTimeoutMs }),
  };
}
