// The walking skeleton end to end, as a user does it: `pnpm start --project DIR`, type a request
// in real Chromium, watch it generate, find the PNG on disk, approve the memory entry.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const screenshots = join(import.meta.dirname, '..', 'test-results');

async function waitForFile(path: string, contains: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.includes(contains)) return text;
    if (Date.now() > deadline) throw new Error(`${path} never contained ${contains}; it holds:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('chat → image → ASSETS.md in Chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let page: Page;
  let projectDir: string;
  let homeDir: string;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-project-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-home-'));
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '1500' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  });

  it('generates an image inline, saves it under .forge/generated and logs it in ASSETS.md on Approve', async () => {
    await page.goto(app.url);
    const message = page.getByRole('textbox', { name: 'Message' });
    await message.fill('Generate concept art for a steampunk airship');
    await page.getByRole('button', { name: 'Send' }).click();

    await page.getByText('Generating image…').waitFor({ state: 'visible', timeout: 10_000 });
    await page.screenshot({ path: join(screenshots, 'e2e-generating.png') });

    const image = page.getByRole('img', { name: 'Concept art for a steampunk airship' });
    await image.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForFunction(() => [...document.images].some((element) => element.complete && element.naturalWidth > 0));
    const shown = await image.evaluate((element) => ({ width: (element as HTMLImageElement).naturalWidth, height: (element as HTMLImageElement).getBoundingClientRect().height }));
    expect(shown.width).toBe(1536);
    expect(shown.height).toBeGreaterThan(120);
    expect(shown.height).toBeLessThan(260);

    const generated = await readdir(join(projectDir, '.forge', 'generated'));
    expect(generated).toHaveLength(1);
    const fileName = generated[0] ?? '';
    expect(fileName).toMatch(/^\d{8}-\d{6}-\d{3}\.png$/);
    const metadata = await sharp(join(projectDir, '.forge', 'generated', fileName)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1536, 1024]);

    await page.getByText('Proposed append to .forge/ASSETS.md').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshots, 'e2e-proposal.png') });
    await expect(readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8')).rejects.toThrow();

    await page.getByRole('button', { name: 'Approve' }).click();
    const assets = await waitForFile(join(projectDir, '.forge', 'ASSETS.md'), fileName);
    expect(assets).toContain(`generated/${fileName}`);
    expect(assets).toContain('Concept art for a steampunk airship');
    const [, date, time, millis] = /^(\d{8})-(\d{6})-(\d{3})/.exec(fileName) ?? [];
    const isoStamp = `${date?.slice(0, 4)}-${date?.slice(4, 6)}-${date?.slice(6, 8)}T${time?.slice(0, 2)}:${time?.slice(2, 4)}:${time?.slice(4, 6)}.${millis}Z`;
    expect(assets).toContain(isoStamp);
    await page.getByText('Added to .forge/ASSETS.md').waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshots, 'e2e-approved.png') });
  });
});
