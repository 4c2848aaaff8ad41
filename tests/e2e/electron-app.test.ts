// The same flow in the real Electron app. It needs Electron's binary, which the npm package
// downloads at install time; where that download is impossible the test says so and is skipped.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { _electron } from 'playwright-core';
import { describe, it } from 'vitest';

import { runImageFlow } from '../support/image-flow.ts';

const desktopDir = fileURLToPath(new URL('../../apps/desktop/', import.meta.url));

function electronBinary(): string | undefined {
  try {
    const packageDir = dirname(createRequire(join(desktopDir, 'package.json')).resolve('electron/package.json'));
    const pathFile = join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (binary === undefined) {
  console.warn('SKIPPED electron-app.test.ts: no Electron binary is installed (its download is not reachable here). The same flow runs in Chromium through the web host.');
}

describe('the desktop app in Electron', () => {
  it.skipIf(binary === undefined)('generates, saves and logs an image in the Electron window', async () => {
    if (binary === undefined) throw new Error('skipIf lets this run only with a binary');
    const projectDir = await mkdtemp(join(tmpdir(), 'forge-electron-'));
    const inherited = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
    const app = await _electron.launch({
      executablePath: binary,
      args: ['--no-sandbox', join(desktopDir, 'out', 'main', 'index.js'), '--project', projectDir],
      env: { ...inherited, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '1500', FORGE_HOME: projectDir },
    });
    try {
      const page = await app.firstWindow();
      await runImageFlow(page, { projectDir, screenshotPrefix: join(import.meta.dirname, '..', 'test-results', 'electron') });
    } finally {
      await app.close();
      await rm(projectDir, { recursive: true, force: true });
    }
  });
});
