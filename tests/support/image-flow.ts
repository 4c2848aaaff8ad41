// The user's path through the app, shared by every host it runs in (browser, Electron):
// type a request, watch it generate, find the PNG on disk, approve the ASSETS.md entry.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';

async function waitForFile(path: string, contains: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (text.includes(contains)) return text;
    if (Date.now() > deadline) throw new Error(`${path} never contained ${contains}; it holds:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ISO 8601 for a `YYYYMMDD-HHMMSS-mmm` file name. */
function timestampOf(fileName: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})/.exec(fileName);
  if (!match) throw new Error(`${fileName} is not a timestamped name`);
  const [, year, month, day, hour, minute, second, millis] = match;
  return `${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}Z`;
}

export async function runImageFlow(page: Page, options: { projectDir: string; screenshotPrefix: string }): Promise<void> {
  const { projectDir, screenshotPrefix } = options;
  const message = page.getByRole('textbox', { name: 'Message' });
  await message.fill('Generate concept art for a steampunk airship');
  await page.getByRole('button', { name: 'Send' }).click();

  await page.getByText('Generating image…').waitFor({ state: 'visible', timeout: 10_000 });
  await page.screenshot({ path: `${screenshotPrefix}-generating.png` });

  const image = page.getByRole('img', { name: 'Concept art for a steampunk airship' });
  await image.waitFor({ state: 'visible', timeout: 20_000 });
  await page.locator('.forge-thumbnail__frame[data-drawn]').waitFor({ timeout: 20_000 });
  const shown = await image.evaluate((element) => ({
    tag: element.tagName,
    width: (element as HTMLCanvasElement).width,
    height: (element as HTMLCanvasElement).height,
    source: (element as HTMLCanvasElement).dataset.src ?? '',
    boxHeight: element.getBoundingClientRect().height,
  }));
  // Inline, the store's thumbnail (192 px tall at 1×, 384 at 2×) drawn into a canvas the
  // message owns, in the image's proportions.
  expect(shown.tag).toBe('CANVAS');
  expect(shown.source).toMatch(/thumbnail/);
  expect([192, 384]).toContain(shown.height);
  expect(shown.width / shown.height).toBeCloseTo(1.5, 1);
  expect(shown.boxHeight).toBeGreaterThan(120);
  expect(shown.boxHeight).toBeLessThan(260);
  // The viewer loads the full image.
  await image.click();
  const full = page.getByRole('dialog').locator('img');
  await expect.poll(() => full.evaluate((element) => (element as HTMLImageElement).naturalWidth), { timeout: 20_000 }).toBe(1536);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'hidden' });

  const generatedDir = join(projectDir, '.forge', 'generated');
  const generated = await readdir(generatedDir);
  expect(generated).toHaveLength(1);
  const fileName = generated[0] ?? '';
  expect(fileName).toMatch(/^\d{8}-\d{6}-\d{3}\.png$/);
  const metadata = await sharp(join(generatedDir, fileName)).metadata();
  expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1536, 1024]);

  await page.getByText('Proposed append to .forge/ASSETS.md').waitFor({ state: 'visible' });
  await page.screenshot({ path: `${screenshotPrefix}-proposal.png` });
  await expect(readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8')).rejects.toThrow();

  await page.getByRole('button', { name: 'Approve' }).click();
  const assets = await waitForFile(join(projectDir, '.forge', 'ASSETS.md'), fileName);
  expect(assets).toContain(`generated/${fileName}`);
  expect(assets).toContain('Concept art for a steampunk airship');
  expect(assets).toContain(timestampOf(fileName));
  await page.getByText('Added to .forge/ASSETS.md').waitFor({ state: 'visible' });
  await page.screenshot({ path: `${screenshotPrefix}-approved.png` });
}
