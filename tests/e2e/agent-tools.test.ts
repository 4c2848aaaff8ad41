// Agent actions go through the user, in the app: the real `codex app-server` against the fake
// OpenAI server, whose model asks to run a command that reads a file outside the project.
// Agent tools off (the default): nothing asks, nothing runs. On (Settings → Agent tools): the
// chat shows "The agent wants to run:" with the command and folder verbatim; Allow once runs it,
// Decline tells the agent; a page that goes away declines what waits.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { resolveCodexBinary } from '@forge/agent';
import { startFakeOpenAI } from '@forge/fake-openai';
import type { FakeOpenAI } from '@forge/fake-openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';

const secret = 'FORGE-E2E-SENTINEL-outside-the-project-91c2';

function codexUnavailableReason(): string | undefined {
  try {
    const version = execFileSync(resolveCodexBinary().path, ['--version'], { encoding: 'utf8', timeout: 15_000 });
    return version.includes('0.169.0') ? undefined : `the codex binary reports "${version.trim()}", not 0.169.0`;
  } catch (error) {
    return `the codex binary cannot run here: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const unavailable = codexUnavailableReason();
if (unavailable !== undefined) console.warn(`Skipping the agent-tools end-to-end test: ${unavailable}`);

describe.skipIf(unavailable !== undefined)('agent tools in the app on the Codex backend (fake OpenAI on loopback)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let fake: FakeOpenAI;
  let root: string;
  let projectDir: string;
  let sentinel: string;
  let log: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    root = await mkdtemp(join(tmpdir(), 'forge-e2e-agent-tools-'));
    projectDir = join(root, 'project');
    await mkdir(projectDir);
    sentinel = join(root, 'outside', 'secret.txt');
    await mkdir(join(root, 'outside'));
    await writeFile(sentinel, secret);
    log = join(projectDir, 'runs.log');
    fake.setScenario({ name: 'exec-command', command: `cat ${sentinel} >> ${log}` });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  async function send(page: Page, text: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  it('runs nothing by default, asks with a card once Agent tools is on, and does what the user answers', async () => {
    const app = await startApp(['--project', projectDir], { FORGE_HOME: join(root, 'home'), FORGE_BACKEND: 'codex', FORGE_CODEX_BASE_URL: fake.url });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await page.goto(app.url);

      // Default: the reply asks for the command anyway; Codex refuses it, no card, nothing runs.
      await send(page, 'show me that file');
      await page.getByText('unsupported call: exec_command').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.getByRole('button', { name: 'Allow once' }).count()).toBe(0);
      expect(existsSync(log)).toBe(false);
      expect(JSON.stringify(fake.requests.map((request) => request.body))).not.toContain(secret);

      // Settings → Agent tools, with its one-line explanation.
      await page.getByRole('button', { name: 'Settings', exact: true }).click();
      const settings = page.getByRole('dialog', { name: 'Settings', exact: true });
      const checkbox = settings.getByRole('checkbox', { name: 'Agent tools' });
      expect(await checkbox.isChecked()).toBe(false);
      await settings.getByText('nothing happens until you press Allow once').waitFor({ state: 'visible' });
      await checkbox.check();
      await expect.poll(() => readFile(join(root, 'home', '.config', 'forge', 'settings.json'), 'utf8').catch(() => ''), { timeout: 30_000 }).toContain('"agentTools": true');
      await settings.getByRole('button', { name: 'Close settings' }).click();

      // Allow once: the card shows the command and its folder verbatim; nothing ran before the click.
      await send(page, 'show me that file, please');
      const card = page.getByRole('region', { name: 'The agent wants to run:' }).last();
      await card.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await card.locator('pre code').textContent()).toBe(`/bin/bash -lc 'cat ${sentinel} >> ${log}'`);
      expect(await card.locator('.forge-approval__where code').textContent()).toBe(projectDir);
      expect(existsSync(log)).toBe(false);
      await card.getByRole('button', { name: 'Allow once' }).click();
      await card.getByText('Allowed once').waitFor({ state: 'visible' });
      // The agent's reply after the command ran (Codex reports its exit code back to the model).
      await page.locator('.forge-message', { hasText: 'Process exited with code 0' }).waitFor({ state: 'visible', timeout: 60_000 });
      expect(await readFile(log, 'utf8')).toBe(secret);

      // Decline: nothing runs, and the agent is told in its next request.
      await send(page, 'once more');
      const second = page.getByRole('region', { name: 'The agent wants to run:' }).last();
      await second.getByRole('button', { name: 'Decline' }).waitFor({ state: 'visible', timeout: 60_000 });
      await second.getByRole('button', { name: 'Decline' }).click();
      await second.getByText('Declined').waitFor({ state: 'visible' });
      await page.getByText('rejected by user').last().waitFor({ state: 'visible', timeout: 60_000 });
      expect(await readFile(log, 'utf8')).toBe(secret);

      // A page that goes away while a card waits declines it.
      await send(page, 'and again');
      await page.getByRole('region', { name: 'The agent wants to run:' }).nth(2).waitFor({ state: 'visible', timeout: 60_000 });
      await page.close();
      const reopened = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      await reopened.goto(app.url);
      const third = reopened.getByRole('region', { name: 'The agent wants to run:' }).nth(2);
      await third.getByText('Declined').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await readFile(log, 'utf8')).toBe(secret);
    } finally {
      await app.stop();
    }
  });
});
