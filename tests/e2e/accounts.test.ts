// Settings → Account in the running app, in Chromium: an API key against the fake OpenAI server
// (the header changes without a restart, an image is drawn, sign out returns to offline), the key
// kept by a test Secret Service (gnome-keyring on a private D-Bus) across restarts — or for the
// session only without one, said in the dialog — bad input, a sentinel key that must appear
// nowhere, and the ChatGPT sign-in on the real codex binary without a network.
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeOpenAI } from '@forge/fake-openai';
import type { FakeOpenAI } from '@forge/fake-openai';
import { secretServiceUnavailableReason, startTestSecretService, withCodexLoginPort } from '@forge/test-services';
import type { TestSecretService } from '@forge/test-services';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { callContract, recordEvents } from '../support/contract-call.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const shots = join(import.meta.dirname, '..', 'test-results');
const sentinel = `sk-forge-e2e-sentinel-${randomBytes(16).toString('hex')}`;
/** No session bus at all: the app finds no credential store. */
const noCredentialStore = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/forge-e2e-no-bus' };

const unavailable = secretServiceUnavailableReason();
if (unavailable !== undefined) {
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`CI must run the credential-store tests, but no test Secret Service can start here: ${unavailable}`);
  console.warn(`Skipping the credential-store end-to-end tests: ${unavailable}`);
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** The account as the header shows it. */
function header(page: Page) {
  return page.getByRole('banner').locator('.forge-account-status__label');
}

async function openAccount(page: Page) {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Settings', exact: true });
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

describe('Settings → Account in the app, with an API key (fake OpenAI on loopback)', { timeout: 240_000 }, () => {
  let browser: Browser;
  let fake: FakeOpenAI;
  let dir: string;
  let home: string;
  let projectDir: string;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await fake.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forge-e2e-accounts-'));
    home = join(dir, 'home');
    projectDir = join(dir, 'project');
    await mkdir(projectDir);
  });
  afterEach(async () => {
    for (const app of running.splice(0)) await app.stop();
    fake.setScenario('ok');
    fake.clearRequests();
    await rm(dir, { recursive: true, force: true });
  });

  async function launch(env: Record<string, string>): Promise<{ app: RunningApp; page: Page }> {
    const app = await startApp(['--project', projectDir], { FORGE_HOME: home, FORGE_OFFLINE_DELAY_MS: '0', ...env });
    running.push(app);
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(app.url);
    // Finding the account starts Codex's app-server: seconds here, a minute and more on a machine
    // running a second full build beside the suite.
    await expect.poll(() => header(page).textContent(), { timeout: 90_000 }).not.toBe('Checking account…');
    return { app, page };
  }

  async function enterKey(page: Page, apiKey: string, baseUrl?: string): Promise<void> {
    const dialog = page.getByRole('dialog', { name: 'Settings', exact: true });
    if (!(await dialog.getByLabel('API key', { exact: true }).isVisible())) await dialog.getByRole('button', { name: 'Use an API key' }).click();
    await dialog.getByLabel('API key', { exact: true }).fill(apiKey);
    if (baseUrl !== undefined) {
      if (!(await dialog.getByLabel('Base URL').isVisible())) await dialog.getByText('Advanced').click();
      await dialog.getByLabel('Base URL').fill(baseUrl);
    }
    await dialog.getByRole('button', { name: 'Save key' }).click();
  }

  describe.skipIf(unavailable !== undefined)('with a credential store (a test Secret Service)', () => {
    let secrets: TestSecretService;
    beforeAll(async () => {
      secrets = await startTestSecretService({ dir: await mkdtemp(join(tmpdir(), 'forge-e2e-keyring-')) });
    });
    afterAll(async () => {
      await secrets.stop();
    });

    it('enters a key, the header changes without a restart, an image is drawn, the key survives a restart, and sign out returns to offline', async () => {
      const first = await launch(secrets.env);
      const { page } = first;
      expect(await header(page).textContent()).toBe('Offline previews');
      const dialog = await openAccount(page);
      await page.screenshot({ path: join(shots, 'account-signed-out.png') });
      await dialog.getByRole('button', { name: 'Use an API key' }).click();
      await dialog.getByText(/keeps it in this computer’s credential store/).waitFor({ state: 'visible' });
      await enterKey(page, sentinel, fake.url);
      await expect.poll(() => header(page).textContent(), { timeout: 30_000 }).toBe('OpenAI API key');
      await page.screenshot({ path: join(shots, 'account-api-key.png') });
      expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
      await dialog.getByRole('button', { name: 'Close settings' }).click();

      await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
      expect(fake.requests.some((request) => request.path === '/v1/responses')).toBe(true);
      expect(await readdir(join(projectDir, '.forge', 'generated'))).toHaveLength(1);
      await first.app.stop();

      const second = await launch(secrets.env);
      expect(await header(second.page).textContent()).toBe('OpenAI API key');
      const again = await openAccount(second.page);
      expect(await again.getByText(/Kept for this session only/).count()).toBe(0);
      await again.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => header(second.page).textContent(), { timeout: 30_000 }).toBe('Offline previews');
      await second.app.stop();

      const third = await launch(secrets.env);
      expect(await header(third.page).textContent()).toBe('Offline previews');
    });
  });

  it('without a credential store says the key is kept for this session only, and a restart forgets it', async () => {
    const { app, page } = await launch(noCredentialStore);
    const dialog = await openAccount(page);
    await dialog.getByRole('button', { name: 'Use an API key' }).click();
    await dialog.getByText('This computer has no credential store Forge can use: the key will be kept for this session only.').waitFor();
    await enterKey(page, sentinel, fake.url);
    await expect.poll(() => header(page).textContent(), { timeout: 30_000 }).toBe('OpenAI API key');
    await dialog.getByText(/^Kept for this session only/).waitFor();
    await page.screenshot({ path: join(shots, 'account-session-only-key.png') });
    await app.stop();

    const restarted = await launch(noCredentialStore);
    expect(await header(restarted.page).textContent()).toBe('Offline previews');
  });

  it('answers each bad input with a clear message and changes nothing', async () => {
    const { app, page } = await launch(noCredentialStore);
    const dialog = await openAccount(page);
    const alert = dialog.getByRole('alert');
    const cases: { name: string; apiKey: string; baseUrl?: string; message: string | RegExp; scenario?: 'html' }[] = [
      { name: 'empty', apiKey: '', message: 'Enter an API key: the field is empty.' },
      { name: 'whitespace', apiKey: '    ', message: 'Enter an API key: the field is empty.' },
      { name: '10 kB', apiKey: 'k'.repeat(10_240), message: 'That is not an API key: it is 10,240 characters long (keys are under 1,000).' },
      { name: 'not http(s)', apiKey: sentinel, baseUrl: 'ftp://127.0.0.1/v1', message: 'The base URL must start with https:// (or http:// for a server on this computer), not ftp://.' },
      { name: 'an HTML server', apiKey: sentinel, baseUrl: fake.url, scenario: 'html', message: /did not answer like an OpenAI server \(it sent a web page\)/ },
    ];
    for (const { name, apiKey, baseUrl, message, scenario } of cases) {
      fake.setScenario(scenario ?? 'ok');
      fake.clearRequests();
      await enterKey(page, apiKey, baseUrl);
      await expect.poll(() => alert.textContent(), { message: name, timeout: 30_000 }).toMatch(message);
      expect(await header(page).textContent(), name).toBe('Offline previews');
      expect(fake.requests.length, name).toBe(scenario === undefined ? 0 : 1);
      if (name === '10 kB') await page.screenshot({ path: join(shots, 'account-key-refused.png') });
    }
    // A line break cannot be typed into a password field; a caller of the contract can send one.
    const newline = await callContract(app, 'setApiKey', { apiKey: `${sentinel}\n`, baseUrl: fake.url });
    expect(newline.body).toEqual({ ok: false, error: { code: 'invalid_input', message: 'An API key is one line: remove the line break and try again.' } });
    fake.setScenario('unauthorized');
    await enterKey(page, sentinel, fake.url);
    await expect.poll(() => alert.textContent(), { timeout: 30_000 }).toBe(`${fake.url} rejected this key.`);
    await page.screenshot({ path: join(shots, 'account-key-rejected.png') });
    expect(await header(page).textContent()).toBe('Offline previews');
  });

  it('never shows the key anywhere: not in a file the app wrote, a contract answer, an event or its log', async () => {
    const { app, page } = await launch(noCredentialStore);
    const events = recordEvents(app);
    const answers: string[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/api/call/')) void response.text().then((text) => answers.push(text), () => undefined);
    });
    const dialog = await openAccount(page);
    await enterKey(page, sentinel, fake.url);
    await expect.poll(() => header(page).textContent(), { timeout: 30_000 }).toBe('OpenAI API key');
    await dialog.getByRole('button', { name: 'Close settings' }).click();
    await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Added to .forge/ASSETS.md').waitFor({ state: 'visible' });
    // A refused key and a wrong server on the way: their messages must not echo it either.
    fake.setScenario('unauthorized');
    const refused = await callContract(app, 'setApiKey', { apiKey: sentinel, baseUrl: fake.url });
    fake.setScenario('ok');
    const direct = [refused.text, (await callContract(app, 'getState', {})).text];
    await openAccount(page);
    await page.getByRole('dialog', { name: 'Settings', exact: true }).getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => header(page).textContent(), { timeout: 30_000 }).toBe('Offline previews');
    const renderer = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage) + JSON.stringify(sessionStorage));
    events.stop();
    await app.stop();

    const written = [...(await filesUnder(home)), ...(await filesUnder(projectDir))];
    expect(written.some((file) => file.includes(join('.forge', 'generated')))).toBe(true);
    for (const file of written) expect((await readFile(file)).toString('latin1'), file).not.toContain(sentinel);
    expect(answers.length).toBeGreaterThan(3);
    for (const text of [...answers, ...direct, events.text(), app.output(), renderer]) expect(text).not.toContain(sentinel);
    expect(events.text()).toContain('"type":"account"');
  });

  it('offers Settings → Account from the notice of a turn that finds Codex signed out', async () => {
    const { page } = await launch({ ...noCredentialStore, FORGE_BACKEND: 'codex' });
    expect(await header(page).textContent()).toBe('ChatGPT (signed out)');
    await page.getByRole('textbox', { name: 'Message' }).fill('Generate concept art for a steampunk airship');
    await page.getByRole('button', { name: 'Send' }).click();
    const open = page.getByRole('button', { name: 'Go to Account' });
    await open.waitFor({ state: 'visible', timeout: 60_000 });
    await page.screenshot({ path: join(shots, 'account-signed-out-notice.png') });
    // The app's own Settings button stays the only one of that name while the notice shows.
    expect(await page.getByRole('button', { name: 'Settings', exact: true }).count()).toBe(1);
    await open.click();
    await page.getByRole('dialog', { name: 'Settings', exact: true }).getByRole('button', { name: 'Sign in with ChatGPT' }).waitFor({ state: 'visible' });
  });

  it('signs in with ChatGPT through the real Codex: shows the auth.openai.com page while it waits, Cancel goes back, a failed callback says why', () =>
    withCodexLoginPort(async () => {
      const { page } = await launch(noCredentialStore);
      const dialog = await openAccount(page);
      await dialog.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
      await dialog.getByText('Waiting for the browser…').waitFor({ timeout: 60_000 });
      const link = dialog.getByRole('link', { name: 'Open the sign-in page' });
      const authUrl = (await link.getAttribute('href')) ?? '';
      expect(authUrl.startsWith('https://auth.openai.com/')).toBe(true);
      expect(await link.getAttribute('target')).toBe('_blank');
      await page.screenshot({ path: join(shots, 'account-waiting-for-browser.png') });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.getByRole('button', { name: 'Sign in with ChatGPT' }).waitFor({ state: 'visible' });
      expect(await header(page).textContent()).toBe('Offline previews');

      await dialog.getByRole('button', { name: 'Sign in with ChatGPT' }).click();
      await dialog.getByText('Waiting for the browser…').waitFor({ timeout: 60_000 });
      const auth = new URL((await dialog.getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href')) ?? '');
      const callback = new URL(auth.searchParams.get('redirect_uri') ?? '');
      callback.searchParams.set('code', 'forge-e2e-code');
      callback.searchParams.set('state', auth.searchParams.get('state') ?? '');
      // The browser coming back from auth.openai.com: Codex cannot exchange the code without a network.
      await fetch(callback, { signal: AbortSignal.timeout(60_000) });
      await expect.poll(() => dialog.getByRole('alert').textContent(), { timeout: 60_000 }).toMatch(/^The sign-in did not complete: Token exchange failed/);
      await page.screenshot({ path: join(shots, 'account-sign-in-failed.png') });
      expect(await header(page).textContent()).toBe('Offline previews');
    }),
  );
});
