// Turns always end, seen in Chromium on the OpenAI backend against the fake server: Stop mid-image
// keeps the text and says Stopped; a server error is retried; a hung server ends as `timeout`
// (with a short FORGE_STALL_TIMEOUT_MS) and Retry works; a finished image is regenerated.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeOpenAI } from '@forge/fake-openai';
import type { FakeOpenAI } from '@forge/fake-openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { contractResult } from '../support/contract-call.ts';
import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const apiKey = 'sk-test-forge-turns-0123456789abcdef';
const shots = join(import.meta.dirname, '..', 'test-results');

interface Message {
  id: string;
  role: 'user' | 'assistant';
  pending?: boolean;
  ending?: 'stopped' | 'interrupted';
  parts: Array<{ type: string; text?: string; status?: string; error?: { code: string; message: string } }>;
}

async function generated(projectDir: string): Promise<string[]> {
  return (await readdir(join(projectDir, '.forge', 'generated')).catch(() => [])).sort();
}

/** Every assistant bubble says something: no empty grey bubble, in any state. */
async function expectNoEmptyBubble(page: Page): Promise<void> {
  const texts = await page.locator('article[aria-label="Assistant"] .forge-message__bubble').allTextContents();
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) expect(text.trim()).not.toBe('');
}

describe('turns always end, on the OpenAI backend (fake OpenAI on loopback)', { timeout: 180_000 }, () => {
  let browser: Browser;
  let fake: FakeOpenAI;
  let projectDir: string;
  let app: RunningApp;
  let page: Page;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser.close();
    await fake.close();
  });

  async function open(extraEnv: Record<string, string> = {}): Promise<void> {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-turns-'));
    app = await startApp(['--project', projectDir], {
      FORGE_HOME: join(projectDir, 'home'),
      FORGE_BACKEND: 'openai',
      OPENAI_API_KEY: apiKey,
      OPENAI_BASE_URL: fake.url,
      ...extraEnv,
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(app.url);
    await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'visible', timeout: 30_000 });
  }

  async function send(text: string): Promise<void> {
    await page.getByRole('textbox', { name: 'Message' }).fill(text);
    await page.getByRole('button', { name: 'Send' }).click();
  }

  beforeEach(() => {
    fake.setScenario('ok');
    fake.clearRequests();
  });

  afterEach(async () => {
    await page.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
  });

  it('Stop mid-image keeps the text, says Stopped with Retry, leaves no empty bubble and saves nothing', async () => {
    await open();
    // Spaced-out stream events: the image takes a few seconds, long enough to stop it.
    fake.setScenario({ name: 'slow', delayMs: 600 });
    await send('Generate concept art for a steampunk airship');
    await page.getByText('Generating image…').waitFor({ state: 'visible', timeout: 60_000 });
    const reply = page.locator('article[aria-label="Assistant"]').last();
    await expect.poll(() => reply.textContent()).toContain('Generating that image now.');
    await page.screenshot({ path: join(shots, 'turns-generating.png') });
    await page.getByRole('button', { name: 'Stop' }).click();

    await reply.getByText('Stopped', { exact: true }).waitFor({ state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: join(shots, 'turns-stopped.png') });
    expect(await reply.textContent()).toContain('Generating that image now.');
    expect(await reply.getByRole('button', { name: 'Retry' }).count()).toBe(1);
    await expectNoEmptyBubble(page);
    expect(await generated(projectDir)).toEqual([]);
    // The contract says so too.
    const state = await contractResult<{ messages: Message[]; busy: boolean }>(app, 'getState');
    expect(state.busy).toBe(false);
    expect(state.messages.at(-1)).toMatchObject({ role: 'assistant', ending: 'stopped', parts: [{ type: 'text', text: 'Generating that image now.' }, { type: 'image', status: 'cancelled' }] });

    // Retry draws it this time.
    fake.setScenario('ok');
    await reply.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    expect(await generated(projectDir)).toHaveLength(1);
  });

  it('a server error from the model ends the turn with Retry, and the retry succeeds', async () => {
    await open();
    fake.script('server-error');
    await send('Generate a lighthouse at dusk');
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await alert.textContent()).toContain('The model service had a problem');
    expect(await alert.textContent()).toContain('HTTP 500');
    await page.screenshot({ path: join(shots, 'turns-server-error.png') });

    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'turns-retried.png') });
    const replies = page.locator('article[aria-label="Assistant"]');
    expect(await replies.count()).toBe(2);
    // The failed reply stays, the new one follows it; the request is not typed twice.
    expect(await page.locator('article[aria-label="You"]').count()).toBe(1);
    expect(await replies.first().textContent()).toContain('The model service had a problem');
    expect(await replies.last().textContent()).toContain('Here it is. Want any changes?');
    expect(await generated(projectDir)).toHaveLength(1);
    const responses = fake.requests.filter((request) => request.path.endsWith('/responses'));
    expect(responses.map((request) => request.scenario.name)).toEqual(['server-error', 'ok']);
  });

  it('an image that failed validation has a real Retry, and no "Here it is" after it', async () => {
    await open();
    fake.script('invalid-image');
    await send('Generate a red kite');
    const notice = page.getByRole('alert');
    await notice.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await notice.textContent()).toContain('The image came back damaged');
    expect(await notice.textContent()).toContain('Retry to draw it again');
    const reply = page.locator('article[aria-label="Assistant"]').last();
    // The turn is over (Send is back instead of Stop): everything the model said is there.
    await page.getByRole('button', { name: 'Send' }).waitFor({ state: 'visible', timeout: 20_000 });
    expect(await reply.textContent()).not.toContain('Here it is');
    await page.screenshot({ path: join(shots, 'turns-damaged-image.png') });
    expect(await generated(projectDir)).toEqual([]);

    await notice.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    expect(await generated(projectDir)).toHaveLength(1);
  });

  it('a hung server ends as timeout after FORGE_STALL_TIMEOUT_MS, counting the time, and Retry works', async () => {
    await open({ FORGE_STALL_TIMEOUT_MS: '4000' });
    fake.setScenario((request) => (request.path.endsWith('/responses') ? 'hang' : undefined));
    await send('Generate a windmill');
    const reply = page.locator('article[aria-label="Assistant"]').last();
    await reply.getByText('Thinking…').waitFor({ state: 'visible', timeout: 20_000 });
    // The bubble counts from the first second, before anything arrives.
    await expect.poll(() => reply.getByTitle('Elapsed time').textContent(), { timeout: 20_000 }).toMatch(/^[1-9]\d* s$/);
    await page.screenshot({ path: join(shots, 'turns-thinking.png') });

    const alert = reply.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: 60_000 });
    expect(await alert.textContent()).toContain('Timed out');
    expect(await alert.textContent()).toContain('The model stopped answering for 4 seconds');
    await page.screenshot({ path: join(shots, 'turns-timed-out.png') });
    await expectNoEmptyBubble(page);
    const state = await contractResult<{ messages: Message[] }>(app, 'getState');
    expect(state.messages.at(-1)?.parts.find((part) => part.type === 'error')?.error?.code).toBe('timeout');
    // The hung request was given up on, not left open.
    await expect.poll(() => fake.requests.find((request) => request.path.endsWith('/responses'))?.closedByClient, { timeout: 20_000 }).toBe(true);

    fake.setScenario('ok');
    await reply.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    expect(await generated(projectDir)).toHaveLength(1);
  });

  it('Regenerate draws a finished image again as a new file, and keeps the old one', async () => {
    await open();
    await send('Generate concept art for a steampunk airship');
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    const first = await generated(projectDir);
    expect(first).toHaveLength(1);

    const thumbnail = page.locator('.forge-thumbnail__frame').first();
    await thumbnail.click({ button: 'right' });
    await page.getByRole('menu', { name: 'Image actions' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: join(shots, 'turns-regenerate-menu.png') });
    await page.getByRole('menuitem', { name: 'Regenerate' }).click();
    await expect.poll(() => generated(projectDir), { timeout: 60_000 }).toHaveLength(2);
    const both = await generated(projectDir);
    expect(both).toContain(first[0]);
    await expect.poll(() => page.locator('.forge-thumbnail__frame').count(), { timeout: 20_000 }).toBe(2);

    // From the viewer too: it closes, and a third picture is drawn.
    await page.locator('.forge-thumbnail__frame').last().click();
    const viewer = page.getByRole('dialog');
    await viewer.getByRole('button', { name: 'Regenerate' }).click();
    await viewer.waitFor({ state: 'hidden' });
    await expect.poll(() => generated(projectDir), { timeout: 60_000 }).toHaveLength(3);
    await page.screenshot({ path: join(shots, 'turns-regenerated.png') });
  });
});
