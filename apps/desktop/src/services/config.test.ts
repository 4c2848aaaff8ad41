import { homedir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readConfig } from './config.ts';

describe('config', () => {
  it('defaults to the user home, any free port and automatic backend choice', () => {
    expect(readConfig({})).toMatchObject({ home: homedir(), port: 0, backendPreference: 'auto' });
    expect(readConfig({}).openai).toBeUndefined();
  });

  it('honours FORGE_HOME, FORGE_PORT, FORGE_BACKEND and OPENAI_API_KEY', () => {
    expect(readConfig({ FORGE_HOME: '/tmp/h', FORGE_PORT: '4321', FORGE_BACKEND: 'openai', OPENAI_API_KEY: ' sk-test-123 ' })).toMatchObject({
      home: '/tmp/h',
      port: 4321,
      backendPreference: 'openai',
      openai: { apiKey: 'sk-test-123' },
    });
  });

  it("keeps Forge's settings and Codex home in the config folder, under FORGE_HOME when it names another home", () => {
    expect(readConfig({})).toMatchObject({ settingsFile: join(homedir(), '.config', 'forge', 'settings.json'), codex: { home: join(homedir(), '.config', 'forge', 'codex') } });
    expect(readConfig({ XDG_CONFIG_HOME: '/tmp/xdg' })).toMatchObject({ settingsFile: join('/tmp/xdg', 'forge', 'settings.json'), codex: { home: join('/tmp/xdg', 'forge', 'codex') } });
    // A test or a second profile with its own home never reads the user's real settings.
    expect(readConfig({ FORGE_HOME: '/tmp/h', XDG_CONFIG_HOME: '/tmp/xdg' })).toMatchObject({ settingsFile: join('/tmp/h', '.config', 'forge', 'settings.json'), codex: { home: join('/tmp/h', '.config', 'forge', 'codex') } });
    expect(readConfig({ FORGE_HOME: '/tmp/h', FORGE_CODEX_HOME: '/tmp/codex' }).codex.home).toBe('/tmp/codex');
  });

  it.runIf(process.platform === 'linux')("keeps the asset store's cache (thumbnails, the listing index) in the cache folder, under FORGE_HOME when it names another home", () => {
    expect(readConfig({}).cacheDir).toBe(join(homedir(), '.cache', 'forge', 'thumbnails'));
    expect(readConfig({ XDG_CACHE_HOME: '/tmp/xdg-cache' }).cacheDir).toBe(join('/tmp/xdg-cache', 'forge', 'thumbnails'));
    // A test or a second profile with its own home never writes into the user's real cache.
    expect(readConfig({ FORGE_HOME: '/tmp/h', XDG_CACHE_HOME: '/tmp/xdg-cache' }).cacheDir).toBe(join('/tmp/h', '.cache', 'forge', 'thumbnails'));
  });

  it("keeps the conversations database in the OS data folder, under FORGE_HOME when it names another home, never in a project", () => {
    expect(readConfig({}, 'linux').dataDir).toBe(join(homedir(), '.local', 'share', 'forge'));
    expect(readConfig({ XDG_DATA_HOME: '/tmp/xdg-data' }, 'linux').dataDir).toBe(join('/tmp/xdg-data', 'forge'));
    expect(readConfig({ FORGE_HOME: '/tmp/h', XDG_DATA_HOME: '/tmp/xdg-data' }, 'linux').dataDir).toBe(join('/tmp/h', '.local', 'share', 'forge'));
    expect(readConfig({}, 'darwin').dataDir).toBe(join(homedir(), 'Library', 'Application Support', 'Forge'));
    expect(readConfig({ FORGE_HOME: '/tmp/h' }, 'darwin').dataDir).toBe(join('/tmp/h', 'Library', 'Application Support', 'Forge'));
    expect(readConfig({ APPDATA: '/tmp/roaming' }, 'win32').dataDir).toBe(join('/tmp/roaming', 'Forge'));
    expect(readConfig({}, 'win32').dataDir).toBe(join(homedir(), 'AppData', 'Roaming', 'Forge'));
    expect(readConfig({ FORGE_HOME: '/tmp/h', APPDATA: '/tmp/roaming' }, 'win32').dataDir).toBe(join('/tmp/h', 'AppData', 'Roaming', 'Forge'));
  });

  it('reads the stall timeout from FORGE_STALL_TIMEOUT_MS, and leaves it to the settings file when unset', () => {
    expect(readConfig({}).stallTimeoutMs).toBeUndefined();
    expect(readConfig({ FORGE_STALL_TIMEOUT_MS: '' }).stallTimeoutMs).toBeUndefined();
    expect(readConfig({ FORGE_STALL_TIMEOUT_MS: '3000' }).stallTimeoutMs).toBe(3_000);
    for (const bad of ['soon', '2.5', '0', '-5', '99', '1e12']) expect(() => readConfig({ FORGE_STALL_TIMEOUT_MS: bad })).toThrow(/FORGE_STALL_TIMEOUT_MS/);
  });

  it('rejects a bad port or backend with a message naming the variable', () => {
    expect(() => readConfig({ FORGE_PORT: 'eighty' })).toThrow(/FORGE_PORT/);
    expect(() => readConfig({ FORGE_PORT: '70000' })).toThrow(/FORGE_PORT/);
    expect(() => readConfig({ FORGE_BACKEND: 'gemini' })).toThrow(/FORGE_BACKEND/);
  });
});
