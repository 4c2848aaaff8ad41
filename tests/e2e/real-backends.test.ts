// The app on the real backends, each pointed at the loopback fake OpenAI server: the OpenAI
// Responses API (API key) and the real `codex app-server` (custom provider). Same user path:
// type, watch it generate, see it saved, approve the ASSETS.md entry.
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeOpenAI } from '@forge/fake-openai';
import type { FakeOpenAI } from '@forge/fake-openai';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';

const apiKey = 'sk-test-forge-e2e-0123456789abcdef';

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe.each([
  { backend: 'openai', label: 'OpenAI API', env: (url: string) => ({ FORGE_BACKEND: 'openai', OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: url }) },
  { backend: 'codex', label: 'Codex on a custom server', env: (url: string) => ({ FORGE_BACKEND: 'codex', FORGE_CODEX_BASE_URL: url }) },
])('the app on the $backend backend (fake OpenAI on loopback)', { timeout: 240_000 }, ({ backend, label, env }) => {
  let browser: Browser;
  let fake: FakeOpenAI;
  let projectDir: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    projectDir = await mkdtemp(join(tmpdir(), `forge-e2e-${backend}-`));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await fake.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  it('generates, saves and logs an image, and keeps the key out of everything it writes', async () => {
    const home = join(projectDir, 'home');
    const app = await startApp(['--project', projectDir], { FORGE_HOME: home, ...env(fake.url) });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await page.goto(app.url);
      // The account's label comes with its first check: on Codex that starts its app-server,
      // seconds alone and past 30 s once in a full CI run with every suite beside it.
      await page.getByText(label).first().waitFor({ state: 'visible', timeout: 90_000 });
      await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship');
      await page.getByRole('button', { name: 'Send' }).click();

      await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 30_000 });
      // The image is shown: its thumbnail drawn in the message.
      const shown = page.locator('.forge-message .forge-thumbnail__frame[data-drawn] canvas').first();
      await shown.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await shown.evaluate((element) => (element as HTMLCanvasElement).width)).toBeGreaterThan(0);

      const generated = await readdir(join(projectDir, '.forge', 'generated'));
      expect(generated).toHaveLength(1);
      const fileName = generated[0] ?? '';
      const metadata = await sharp(join(projectDir, '.forge', 'generated', fileName)).metadata();
      expect(metadata.format).toBe('png');
      expect(fake.requests.some((request) => request.path.endsWith('/responses'))).toBe(true);

      await page.getByRole('button', { name: 'Approve' }).click();
      await page.getByText('Added to .forge/ASSETS.md').waitFor({ state: 'visible' });
      const assets = await readFile(join(projectDir, '.forge', 'ASSETS.md'), 'utf8');
      expect(assets).toContain(`generated/${fileName}`);
      expect(assets).toContain('Model: gpt-image-2');

      if (backend === 'codex') {
        // Ours is saved, so Codex's own copy under its home goes (released once the save is done,
        // beside the message being shown: waited for, not assumed).
        const codexHome = join(home, '.config', 'forge', 'codex');
        expect(await listFiles(codexHome)).toContain(join(codexHome, 'config.toml'));
        await expect
          .poll(async () => (await listFiles(join(codexHome, 'generated_images'))).filter((file) => file.endsWith('.png')), { timeout: 30_000 })
          .toEqual([]);
      }
      const written = [app.output(), assets, (await readFile(join(projectDir, '.forge', 'generated', fileName))).toString('latin1')];
      for (const text of written) expect(text).not.toContain(apiKey);
    } finally {
      await app.stop();
    }
  });
});

describe('Settings → Account → Image model on the OpenAI backend (fake OpenAI on loopback)', () => {
  let browser: Browser;
  let fake: FakeOpenAI;
  let projectDir: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-settings-'));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await fake.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  it('keeps the image model picked in Settings after a restart, and no key in the settings file', async () => {
    const home = join(projectDir, 'settings-home');
    const openSettings = async (url: string) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await page.goto(url);
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const picker = page.getByRole('dialog', { name: 'Settings', exact: true }).getByRole('combobox', { name: 'Image model' });
      await picker.waitFor({ state: 'visible' });
      return { page, picker };
    };
    const first = await startApp(['--project', projectDir], { FORGE_HOME: home, FORGE_BACKEND: 'openai', OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: fake.url });
    try {
      const { picker } = await openSettings(first.url);
      expect(await picker.inputValue()).toBe('gpt-image-2');
      await picker.selectOption('gpt-image-1.5');
      await expect.poll(() => readFile(join(home, '.config', 'forge', 'settings.json'), 'utf8').catch(() => '')).toContain('gpt-image-1.5');
    } finally {
      await first.stop();
    }
    const second = await startApp(['--project', projectDir], { FORGE_HOME: home, FORGE_BACKEND: 'openai', OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: fake.url });
    try {
      const { page, picker } = await openSettings(second.url);
      expect(await picker.inputValue()).toBe('gpt-image-1.5');
      await page.screenshot({ path: join(import.meta.dirname, '..', 'test-results', 'web-settings-kept-model.png') });
      expect(await readFile(join(home, '.config', 'forge', 'settings.json'), 'utf8')).not.toContain(apiKey);
    } finally {
      await second.stop();
    }
  });
});
