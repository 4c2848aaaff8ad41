// The packaging config, read as electron-builder reads it: every fuse the security review asks
// for is set, the three desktop platforms have targets, and electron-builder's own schema accepts it.
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import config from '../../electron-builder.config.ts';

describe('electron-builder config', () => {
  it('flips the Electron fuses: no Node mode, no NODE_OPTIONS, no inspector, only a checked app.asar, encrypted cookies', () => {
    const fuses = config.electronFuses;
    expect(fuses?.runAsNode).toBe(false);
    expect(fuses?.enableNodeOptionsEnvironmentVariable).toBe(false);
    expect(fuses?.enableNodeCliInspectArguments).toBe(false);
    expect(fuses?.enableEmbeddedAsarIntegrityValidation).toBe(true);
    expect(fuses?.onlyLoadAppFromAsar).toBe(true);
    expect(fuses?.enableCookieEncryption).toBe(true);
    // The fuses about app.asar mean nothing without one.
    expect(config.asar).toBe(true);
  });

  it('builds AppImage and deb for Linux, dmg for macOS and an NSIS installer for Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('is valid for electron-builder', async () => {
    // electron-builder's own validation (its JSON schema), without packaging anything.
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(structuredClone(config), { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), electronFuses: { runAsNode: 'no' } }, { isEnabled: false, add: () => undefined })).rejects.toThrow(/runAsNode/);
    // Loading electron-builder takes seconds on a busy machine.
  }, 30_000);
});
