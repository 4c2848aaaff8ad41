// The Library end to end, as a user meets it: `pnpm start --project DIR` on a workspace that
// the chat and the Asset studio (a stand-in script, a separate process) have written into,
// then the Library in real Chromium — everything listed, search, live changes, Show in chat,
// Use in chat, Back, and an image saved out of it that still says what it was asked for.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { readProvenance } from '@forge/asset-store';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { contractResult } from '../support/contract-call.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const standIn = join(import.meta.dirname, 'library', 'asset-studio-stand-in.ts');
const shots = join(import.meta.dirname, '..', 'test-results');

/** Runs the Asset studio's stand-in as its own process (60 s: room for a machine four times slower). */
function runStandIn(step: 'prepare' | 'sprite', projectDir: string, cacheDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@forge/source', standIn, step, projectDir, cacheDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the stand-in (${step}) took over 60 s:\n${output}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`the stand-in (${step}) exited with ${String(code)}:\n${output}`));
    });
  });
}

const tiles = (page: Page) => page.getByRole('list', { name: 'Assets' }).getByRole('listitem');

async function openLibrary(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByRole('heading', { name: 'Library' }).waitFor({ state: 'visible' });
}

describe('the Library in Chromium', () => {
  let browser: Browser;
  let app: RunningApp;
  let projectDir: string;
  let homeDir: string;
  let cacheDir: string;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-assets-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-assets-home-'));
    // The app's own cache folder under FORGE_HOME, so the stand-in's saves land in the same index.
    cacheDir = join(homeDir, '.cache', 'forge', 'thumbnails');
    await runStandIn('prepare', projectDir, cacheDir);
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '200' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  });

  it('lists every file: chat images, sprites with and without provenance, a corrupt image and a mesh', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    await openLibrary(page, app);
    expect(new URL(page.url()).pathname).toBe('/library');
    await expect.poll(() => tiles(page).count(), { timeout: 20_000 }).toBe(6);

    await page.getByRole('button', { name: 'Concept art for a steampunk airship over a harbour' }).waitFor();
    await page.getByRole('button', { name: 'A lighthouse on a cliff in fog' }).waitFor();
    await page.getByRole('button', { name: 'Sprite sheet of a bouncing slime, four frames' }).waitFor();
    // Another tool's sprite says only what the file says: its name, size and date.
    const hero = page.getByRole('button', { name: 'hero idle.png' });
    expect(await hero.textContent()).toMatch(/hero idle\.png.*sprites\/.*\d+(\.\d)? KB/);
    await page.getByRole('button', { name: '20261120-130000-000.glb, 3D model' }).waitFor();
    // The corrupt PNG's header reads but its picture does not: its thumbnail fails and the tile says so.
    await page.getByRole('button', { name: '20261120-120000-000.png, cannot be shown: the image is damaged or cut short' }).waitFor({ timeout: 20_000 });

    const kinds = page.getByRole('group', { name: 'Kinds' });
    expect(await kinds.getByRole('button').allTextContents()).toEqual(['All 6', 'In chat 2', 'meshes/ 1', 'sprites/ 3']);

    // Images come from the store's thumbnails (192 px at 1×), not the full files.
    const thumbnail = page.getByRole('button', { name: 'A lighthouse on a cliff in fog' }).locator('canvas');
    await expect.poll(() => thumbnail.evaluate((canvas: HTMLCanvasElement) => canvas.height), { timeout: 20_000 }).toBe(192);
    expect(await thumbnail.getAttribute('data-src')).toMatch(/\/thumbnails\/\.forge\/generated\/20261120-100000-000\.png\?h=192&v=/);
    await page.screenshot({ path: join(shots, 'library-grid.png') });

    await kinds.getByRole('button', { name: /^sprites\// }).click();
    await expect.poll(() => tiles(page).count()).toBe(3);
    await kinds.getByRole('button', { name: /^sprites\// }).click();
    await expect.poll(() => tiles(page).count()).toBe(6);

    // The address is the Library's own: a reload comes back to it.
    await page.reload();
    await page.getByRole('heading', { name: 'Library' }).waitFor({ state: 'visible' });
    await page.close();
  });

  it('finds exactly the asset a word of its prompt names, and marks the word', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, colorScheme: 'dark' });
    await openLibrary(page, app);
    await expect.poll(() => tiles(page).count(), { timeout: 20_000 }).toBe(6);
    await page.getByRole('searchbox', { name: 'Search assets' }).pressSequentially('lighthouse', { delay: 30 });
    await expect.poll(() => tiles(page).count()).toBe(1);
    const found = page.getByRole('button', { name: 'A lighthouse on a cliff in fog' });
    expect(await found.locator('mark').allTextContents()).toEqual(['lighthouse']);
    await page.screenshot({ path: join(shots, 'library-search-dark.png') });

    // The revised prompt and the model are searched too; every word must match.
    await page.getByRole('searchbox', { name: 'Search assets' }).fill('fog muted');
    await expect.poll(() => tiles(page).count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search assets' }).fill('asset-studio-sprites-1');
    await expect.poll(() => tiles(page).count()).toBe(1);
    await page.getByRole('searchbox', { name: 'Search assets' }).fill('zeppelin');
    await page.getByRole('heading', { name: 'No assets match “zeppelin”' }).waitFor();
    await page.screenshot({ path: join(shots, 'library-no-results-dark.png') });
    await page.getByRole('button', { name: 'Clear search' }).last().click();
    await expect.poll(() => tiles(page).count()).toBe(6);
    await page.close();
  });

  it('shows a new chat image and another tool\'s sprite without a reload, and drops a deleted file', async () => {
    const library = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    await openLibrary(library, app);
    await expect.poll(() => tiles(library).count(), { timeout: 20_000 }).toBe(6);

    const chat = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await chat.goto(app.url);
    await chat.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship');
    await chat.getByRole('button', { name: 'Send' }).click();
    await chat.getByRole('img', { name: 'Concept art for a steampunk airship' }).waitFor({ timeout: 30_000 });

    // Newest first, in the Library that stayed open.
    await library.getByRole('button', { name: 'Concept art for a steampunk airship', exact: true }).waitFor({ timeout: 20_000 });
    await expect.poll(() => tiles(library).count()).toBe(7);
    expect(await tiles(library).first().getByRole('button').getAttribute('aria-label')).toBe('Concept art for a steampunk airship');
    await expect.poll(() => library.getByRole('group', { name: 'Kinds' }).getByRole('button', { name: /^In chat/ }).textContent()).toBe('In chat 3');

    const output = await runStandIn('sprite', projectDir, cacheDir);
    const { relativePath } = JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as { relativePath: string };
    expect(relativePath).toMatch(/^\.forge\/generated\/sprites\//);
    await library.getByRole('button', { name: 'Sprite of a brass key for an inventory screen' }).waitFor({ timeout: 20_000 });

    await rm(join(projectDir, '.forge', 'generated', 'meshes', '20261120-130000-000.glb'));
    await library.getByRole('button', { name: '20261120-130000-000.glb, 3D model' }).waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => tiles(library).count()).toBe(7);
    await library.screenshot({ path: join(shots, 'library-live.png') });
    await library.close();
    await chat.close();
  });

  it('Show in chat opens the conversation and the message that made the image; Back goes back through the Library to the chat', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    // Another conversation is open: Show in chat has to find the image's own in the database.
    await page.goto(app.url);
    await page.getByRole('navigation', { name: 'Conversations' }).getByRole('button', { name: 'New chat' }).click();
    await expect.poll(() => page.getByRole('log', { name: 'Conversation' }).getByRole('img').count()).toBe(0);
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor({ state: 'visible' });
    const made = page.getByRole('button', { name: 'Concept art for a steampunk airship', exact: true });
    await made.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Show in chat' }).click();
    await page.getByRole('log', { name: 'Conversation' }).waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe('/');
    // Focus lands on the message once the transcript has placed it.
    const focusedMessage = () => page.evaluate(() => document.activeElement?.getAttribute('data-message-id') ?? null);
    await expect.poll(focusedMessage, { timeout: 20_000 }).not.toBeNull();
    const revealed = await focusedMessage();
    expect(await page.locator(`[data-message-id="${revealed ?? ''}"]`).getByRole('img', { name: 'Concept art for a steampunk airship' }).count()).toBe(1);
    await page.screenshot({ path: join(shots, 'library-show-in-chat.png') });

    // An image the chat did not make offers no Show in chat.
    await page.goBack();
    await page.getByRole('heading', { name: 'Library' }).waitFor({ state: 'visible' });
    await page.getByRole('button', { name: 'Sprite sheet of a bouncing slime, four frames' }).click({ button: 'right' });
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Use in chat', 'Save As…', 'Copy Image', 'Copy Path']);
    await page.keyboard.press('Escape');
    await page.goBack();
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'visible' });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.getByRole('heading', { name: 'Library' }).isVisible()).toBe(false);
    await page.close();
  });

  it('Use in chat puts the image in the composer as a chip, removable, and the next request is made from it', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    await openLibrary(page, app);
    await page.getByRole('button', { name: 'A lighthouse on a cliff in fog' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Use in chat' }).click();
    const chips = page.getByRole('group', { name: 'References for the next request' });
    await chips.waitFor({ state: 'visible' });
    expect(await chips.getByText('20261120-100000-000.png').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Message');
    await page.screenshot({ path: join(shots, 'library-use-in-chat.png') });
    await chips.getByRole('button', { name: 'Remove reference 20261120-100000-000.png' }).click();
    await chips.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'A lighthouse on a cliff in fog' }).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Use in chat' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Make it bluer');
    await page.getByRole('button', { name: 'Send' }).click();
    await chips.waitFor({ state: 'detached' });
    // The reference went with the request: the new image names it as what it was made from.
    await expect
      .poll(
        async () => {
          const state = await contractResult<{ busy: boolean; messages: { parts: { type: string; status?: string; derivedFrom?: { relativePath: string }[] }[] }[] }>(app, 'getState');
          if (state.busy) return undefined;
          const image = state.messages.at(-1)?.parts.find((part) => part.type === 'image');
          return image?.status === 'completed' ? image.derivedFrom : undefined;
        },
        { timeout: 45_000, interval: 200 },
      )
      .toEqual([expect.objectContaining({ relativePath: '.forge/generated/20261120-100000-000.png' })]);
    await page.close();
  });

  it('an image saved or dragged out of the Library is the file itself, prompt and all', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, acceptDownloads: true });
    await openLibrary(page, app);
    const onDisk = await readFile(join(projectDir, '.forge', 'generated', '20261120-100000-000.png'));
    const tile = page.getByRole('button', { name: 'A lighthouse on a cliff in fog' });
    await tile.click({ button: 'right' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Save As…' }).click()]);
    const saved = await readFile(await download.path());
    expect(download.suggestedFilename()).toBe('20261120-100000-000.png');
    expect(createHash('sha256').update(saved).digest('hex')).toBe(createHash('sha256').update(onDisk).digest('hex'));
    expect(readProvenance(saved)).toMatchObject({ prompt: 'A lighthouse on a cliff in fog', revisedPrompt: 'A white lighthouse on a dark cliff, fog rolling in, muted palette' });

    // A drag carries the same file's URL for the desktop to fetch.
    const dragged = await tile.evaluate(async (element) => {
      const data = new DataTransfer();
      element.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: data }));
      const value = data.getData('DownloadURL');
      const first = value.indexOf(':');
      const second = value.indexOf(':', first + 1);
      const [mediaType, name, url] = [value.slice(0, first), value.slice(first + 1, second), value.slice(second + 1)];
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      return { mediaType, name, url, bytes: [...bytes] };
    });
    expect(dragged).toMatchObject({ mediaType: 'image/png', name: '20261120-100000-000.png' });
    expect(readProvenance(new Uint8Array(dragged.bytes))).toMatchObject({ prompt: 'A lighthouse on a cliff in fog' });
    await page.close();
  });
});
