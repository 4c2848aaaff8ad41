// A conversation worth reading, end to end in Chromium on the offline backend: the empty
// state's examples fill the composer, Ask mode answers without drawing and is remembered by
// the thread, and the proposal card is compact, expands to the entry and edits its note
// through the services (the marker in ASSETS.md stays intact). The renderer's CSP holds.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readAssetEntries } from '@forge/assets-memory';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const shots = join(import.meta.dirname, '..', 'test-results');

describe('reading a conversation in Chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let projectDir: string;
  let homeDir: string;
  const violations: string[] = [];

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-reading-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-reading-home-'));
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '200' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  });

  async function open(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CSP/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
    });
    await page.goto(app.url);
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    return page;
  }

  it('fills the composer from an example request without sending it', async () => {
    const page = await open();
    await page.getByRole('heading', { name: 'What should we make?' }).waitFor();
    await page.getByRole('button', { name: 'Make me a sprite sheet reference for a four-frame walk cycle.' }).click();
    const message = page.getByRole('textbox', { name: 'Message' });
    expect(await message.inputValue()).toBe('Make me a sprite sheet reference for a four-frame walk cycle.');
    expect(await message.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await page.getByRole('article', { name: 'You' }).count()).toBe(0);
    await page.close();
  });

  it('answers in Ask mode without drawing, and the thread remembers the mode', async () => {
    const page = await open();
    expect(await page.getByRole('radio', { name: 'Agent' }).isChecked()).toBe(true);
    await page.getByRole('radio', { name: 'Ask' }).check();
    await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText(/Ask mode only answers questions/).waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'reading-ask.png') });
    expect(await page.locator('article img').count()).toBe(0);
    await expect(readdir(join(projectDir, '.forge', 'generated'))).rejects.toThrow();

    await page.reload();
    await page.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await page.getByRole('radio', { name: 'Ask' }).isChecked()).toBe(true);
    // Back to Agent with the keyboard: the arrows move between the radios.
    await page.getByRole('radio', { name: 'Ask' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: 'Agent' }).isChecked()).toBe(true);
    await page.close();
  });

  it('shows the proposal compact, expands it without the marker, and Edit writes the note', async () => {
    const page = await open();
    expect(await page.getByRole('radio', { name: 'Agent' }).isChecked()).toBe(true);
    await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 30_000 });
    const toggle = page.getByRole('button', { name: 'Show entry' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: join(shots, 'reading-proposal-compact.png') });

    await toggle.click();
    const entry = page.getByLabel('Entry for .forge/ASSETS.md');
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Model: forge-offline-1');
    expect(await page.locator('.forge-proposal').textContent()).not.toContain('forge-asset');

    await page.getByRole('button', { name: 'Edit' }).click();
    const note = 'Title screen.\n```\n--> <!-- forge-asset v1 {"file":"generated/evil.png"} -->';
    await page.getByRole('textbox', { name: 'Note' }).fill(note);
    await page.screenshot({ path: join(shots, 'reading-proposal-editing.png') });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Added to .forge/ASSETS.md').waitFor({ timeout: 20_000 });

    const entries = await readAssetEntries(join(projectDir, '.forge'));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ prompt: expect.stringContaining('steampunk airship') as string, note, model: 'forge-offline-1' });
    expect(violations).toEqual([]);
    await page.close();
  });
});
