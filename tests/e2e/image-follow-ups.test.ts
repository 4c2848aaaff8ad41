// Issue 17 as a user does it in Chromium, offline: draw, Refine from the image menu (a chip in
// the composer), "make it bluer" → a second image whose viewer says "Refined from" the first;
// Background → Transparent on a sprite → a checkerboard; a web page named .png refused.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const shots = join(import.meta.dirname, '..', 'test-results');

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

describe('image follow-ups in Chromium (offline)', () => {
  let browser: Browser;
  let app: RunningApp;
  let projectDir: string;
  let homeDir: string;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-follow-ups-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-follow-ups-home-'));
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '200' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  }, 60_000);

  it('Refine puts the image in the composer and the next request edits it; the viewer names the parent', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    await page.goto(app.url);
    await send(page, 'concept art of a red steampunk airship');
    const thumbnails = page.locator('.forge-thumbnail__frame');
    await thumbnails.first().waitFor({ timeout: 60_000 });
    await thumbnails.first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Refine' }).click();
    const chips = page.getByRole('group', { name: 'References for the next request' });
    await chips.waitFor();
    expect(await chips.getByText(/^Refine · \d{8}-\d{6}-\d{3}\.png$/).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'follow-ups-refine-chip.png') });

    await send(page, 'make it bluer');
    await thumbnails.nth(1).waitFor({ timeout: 60_000 });
    expect(await chips.count()).toBe(0);
    await thumbnails.nth(1).click();
    const viewer = page.getByRole('dialog', { name: 'make it bluer' });
    await viewer.waitFor();
    await viewer.getByText('Refined from').waitFor();
    await viewer.getByRole('button', { name: /^\d{8}-\d{6}-\d{3}\.png$/ }).click();
    await page.getByRole('dialog', { name: /steampunk airship/i }).waitFor();
    await page.keyboard.press('Escape');
    expect((await readdir(join(projectDir, '.forge', 'generated'))).filter((name) => name.endsWith('.png'))).toHaveLength(2);
  });

  it('Background → Transparent on a sprite: saved under generated/sprites/ and shown on a checkerboard', { timeout: 240_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    await page.goto(app.url);
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByRole('combobox', { name: 'Background' }).selectOption('transparent');
    await send(page, 'make me a sprite of a knight');
    const sprite = page.locator('.forge-thumbnail__frame[data-transparent]');
    await sprite.waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'follow-ups-transparent.png') });
    expect((await readdir(join(projectDir, '.forge', 'generated', 'sprites'))).filter((name) => name.endsWith('.png'))).toHaveLength(1);
  });

  it('a web page named .png is refused by "Attach image" with a clear message, and nothing is kept', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    await page.goto(app.url);
    await page.getByRole('button', { name: 'Attach image' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'page.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><html></html>') });
    expect(await page.getByRole('alert').textContent({ timeout: 30_000 })).toMatch(/page\.png is a web page \(HTML\)/);
    await expect(readdir(join(projectDir, '.forge', 'generated', 'references'))).rejects.toThrow();
  });
});
