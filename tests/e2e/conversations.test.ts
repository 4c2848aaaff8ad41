// Conversations that last, as a user meets them in Chromium against `pnpm start`: two threads
// with their images survive a restart; the workspace switcher opens another project (and says
// why it cannot open a missing one) and comes back; `pnpm start` without a flag reopens the
// last workspace, or the Scratchpad the first time, never the folder it was started from.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { contractResult } from '../support/contract-call.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const screenshots = join(import.meta.dirname, '..', 'test-results');
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const startScript = fileURLToPath(new URL('../../apps/desktop/scripts/start.mjs', import.meta.url));

let browser: Browser;
let root: string;
let home: string;
let harbour: string;
let lighthouse: string;
const running: RunningApp[] = [];

async function start(args: string[], env: Record<string, string> = {}): Promise<RunningApp> {
  const app = await startApp(args, { FORGE_HOME: home, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '200', ...env });
  running.push(app);
  return app;
}

async function stop(app: RunningApp): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.stop();
}

async function openPage(app: RunningApp): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(app.url);
  await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'visible', timeout: 20_000 });
  return page;
}

/** Sends a request and waits for its image to be drawn, saved and shown. */
async function drawImage(page: Page, request: string, alt: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(request);
  await page.getByRole('button', { name: 'Send' }).click();
  await imageShown(page, alt);
}

async function imageShown(page: Page, alt: string): Promise<void> {
  const image = page.getByRole('img', { name: alt, exact: true });
  await image.waitFor({ state: 'visible', timeout: 30_000 });
  // The store's thumbnail of the 1536×1024 image, 192 px tall, drawn.
  await expect.poll(() => image.evaluate((element) => (element.closest('[data-drawn]') === null ? 0 : (element as HTMLCanvasElement).height)), { timeout: 20_000 }).toBe(192);
}

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Conversations' });
}

async function threadTitles(page: Page): Promise<string[]> {
  return sidebar(page).locator('.forge-threads__title').allTextContents();
}

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser.close();
});

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'forge-e2e-conversations-'));
  home = join(root, 'home');
  harbour = join(root, 'harbour');
  lighthouse = join(root, 'lighthouse');
  for (const folder of [home, harbour, lighthouse]) await mkdir(folder);
});

afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
  await rm(root, { recursive: true, force: true });
});

describe('conversations in Chromium', { timeout: 240_000 }, () => {
  it('keeps two threads and their images across a restart, and opens each at its latest message', async () => {
    const first = await start(['--project', harbour]);
    const page = await openPage(first);
    await drawImage(page, 'Generate concept art for a steampunk airship', 'Concept art for a steampunk airship');
    await page.getByRole('button', { name: 'New chat' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Conversation' }).getByRole('article').count()).toBe(0);
    await drawImage(page, 'Draw a lighthouse at dusk', 'A lighthouse at dusk');
    await expect.poll(() => threadTitles(page)).toEqual(['Draw a lighthouse at dusk', 'Generate concept art for a steampunk airship']);
    await stop(first);

    // No flag: the workspace opened last.
    const second = await start([]);
    const again = await openPage(second);
    await expect.poll(() => threadTitles(again)).toEqual(['Draw a lighthouse at dusk', 'Generate concept art for a steampunk airship']);
    await expect(again.getByRole('button', { name: 'Workspace: harbour (Project)' }).isVisible()).resolves.toBe(true);
    // The newest thread is open, its image loaded from the project.
    await imageShown(again, 'A lighthouse at dusk');
    await again.screenshot({ path: join(screenshots, 'conversations-restart-newest.png') });
    await sidebar(again).getByRole('button', { name: /steampunk airship/ }).click();
    await imageShown(again, 'Concept art for a steampunk airship');
    expect(await sidebar(again).getByRole('button', { name: /steampunk airship/ }).getAttribute('aria-current')).toBe('page');
    // Opened at its latest message: the transcript is scrolled to the bottom.
    const log = again.getByRole('log', { name: 'Conversation' });
    await expect
      .poll(() => log.evaluate((element) => Math.round(element.scrollHeight - element.scrollTop - element.clientHeight)), { timeout: 10_000 })
      .toBeLessThan(4);
    await again.screenshot({ path: join(screenshots, 'conversations-restart-older.png') });
    expect((await readdir(join(harbour, '.forge', 'generated'))).length).toBe(2);
  });

  it('renames and deletes a thread (after asking), and keeps its images', async () => {
    const app = await start(['--project', harbour]);
    const page = await openPage(app);
    await drawImage(page, 'Draw a fox in the snow', 'A fox in the snow');
    const item = sidebar(page).getByRole('listitem').filter({ hasText: 'Draw a fox in the snow' });
    await item.hover();
    await item.getByRole('button', { name: 'Rename' }).click();
    const field = page.getByRole('textbox', { name: 'Conversation name' });
    await field.fill('<b>Fox</b> & friends');
    await field.press('Enter');
    await expect.poll(() => threadTitles(page)).toEqual(['<b>Fox</b> & friends']);
    expect(await sidebar(page).locator('b').count()).toBe(0);

    const renamed = sidebar(page).getByRole('listitem').filter({ hasText: '<b>Fox</b> & friends' });
    await renamed.hover();
    await renamed.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Delete this conversation?' });
    await dialog.waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshots, 'conversations-delete-confirm.png') });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => threadTitles(page)).toEqual(['New chat']);
    expect(await contractResult<unknown[]>(app, 'listThreads')).toHaveLength(1);
    expect(await readdir(join(harbour, '.forge', 'generated'))).toHaveLength(1);
  });

  it('switches workspace from the header and back, and keeps the workspace when a folder cannot be opened', async () => {
    const app = await start(['--project', harbour]);
    const page = await openPage(app);
    await drawImage(page, 'Generate concept art for a steampunk airship', 'Concept art for a steampunk airship');

    await page.getByRole('button', { name: 'Workspace: harbour (Project)' }).click();
    await page.getByRole('button', { name: 'Open folder…' }).click();
    const path = page.getByRole('textbox', { name: 'Folder path' });
    await path.fill(join(root, 'missing'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Switch workspace' }).getByRole('alert').textContent()).toBe(`The folder ${join(root, 'missing')} does not exist.`);
    await page.screenshot({ path: join(screenshots, 'conversations-switcher-error.png') });
    expect((await contractResult<{ folder: string }>(app, 'getState')).folder).toBe(harbour);

    await path.fill(lighthouse);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Workspace: lighthouse (Project)' }).waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => threadTitles(page)).toEqual(['New chat']);
    await drawImage(page, 'Draw a lighthouse at dusk', 'A lighthouse at dusk');
    // The store followed: the new image is in the other project.
    expect(await readdir(join(lighthouse, '.forge', 'generated'))).toHaveLength(1);
    expect(await readdir(join(harbour, '.forge', 'generated'))).toHaveLength(1);

    await page.getByRole('button', { name: 'Workspace: lighthouse (Project)' }).click();
    await page.screenshot({ path: join(screenshots, 'conversations-switcher-recent.png') });
    await page.getByRole('dialog', { name: 'Switch workspace' }).getByRole('button', { name: /harbour/ }).click();
    await page.getByRole('button', { name: 'Workspace: harbour (Project)' }).waitFor({ state: 'visible', timeout: 20_000 });
    await expect.poll(() => threadTitles(page)).toEqual(['Generate concept art for a steampunk airship']);
    await imageShown(page, 'Concept art for a steampunk airship');

    await page.getByRole('button', { name: 'Workspace: harbour (Project)' }).click();
    await page.getByRole('button', { name: /Scratchpad/ }).click();
    await page.getByRole('button', { name: 'Workspace: Scratchpad (Open mode)' }).waitFor({ state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: join(screenshots, 'conversations-scratchpad.png') });
  });
});

describe('pnpm start', { timeout: 120_000 }, () => {
  function run(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [startScript, ...args], { cwd, env: { ...process.env, FORGE_HOME: home, FORGE_BACKEND: 'offline', FORGE_PORT: '0', INIT_CWD: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`start.mjs ${args.join(' ')} did not exit within 60 s:\n${stdout}${stderr}`));
      }, 60_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout });
      });
    });
  }

  it('prints one clear line and exits non-zero for a missing project folder, or a file', async () => {
    const missing = await run(['--project', join(root, 'nowhere')], root);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe(`forge: The folder ${join(root, 'nowhere')} does not exist.\n`);
    expect(missing.stdout).toBe('');
    const file = join(root, 'notes.txt');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    const notAFolder = await run(['--project', file], root);
    expect(notAFolder.code).not.toBe(0);
    expect(notAFolder.stderr).toBe(`forge: ${file} is a file, not a folder.\n`);
  });

  it('opens the Scratchpad the first time, never the folder it is started from (the Forge checkout)', async () => {
    // `pnpm start` typed in the checkout: INIT_CWD is the folder the user typed it in.
    const app = await start([], { INIT_CWD: repositoryRoot });
    expect(app.output()).toContain(`Forge is running in Open mode (${join(home, '.forge', 'scratchpad')})`);
    const state = await contractResult<{ mode: string; folder: string }>(app, 'getState');
    expect(state).toMatchObject({ mode: 'open', folder: join(home, '.forge', 'scratchpad') });
    expect(await readdir(repositoryRoot)).not.toContain('.forge');
  });
});
