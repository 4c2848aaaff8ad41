// The walking skeleton end to end, as a user does it: `pnpm start --project DIR`, then the
// image flow in real Chromium against the web host.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { runImageFlow } from '../support/image-flow.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

describe('chat → image → ASSETS.md in Chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let projectDir: string;
  let homeDir: string;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-project-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-home-'));
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '1500' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  });

  it('generates an image inline, saves it under .forge/generated and logs it in ASSETS.md on Approve', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(app.url);
    await runImageFlow(page, { projectDir, screenshotPrefix: join(import.meta.dirname, '..', 'test-results', 'web') });
  });

  it('shows the account and its fixed image model in Settings, and closes on Escape', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings', exact: true });
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.getByText('Offline previews', { exact: true }).isVisible()).toBe(true);
    expect(await dialog.getByText('forge-offline-1').isVisible()).toBe(true);
    expect(await dialog.getByRole('combobox', { name: 'Image model' }).count()).toBe(0);
    await page.screenshot({ path: join(import.meta.dirname, '..', 'test-results', 'web-settings.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});
