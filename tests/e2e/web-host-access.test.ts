// The web host admits only the page opened from the link `pnpm start` prints: checked in real
// Chromium, as a user and as a stranger on the same machine would meet it.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { launchChromium } from '../support/chromium.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const screenshots = join(import.meta.dirname, '..', 'test-results');

describe('the web host admits only its own page (Chromium)', () => {
  let browser: Browser;
  let app: RunningApp;
  let projectDir: string;
  let homeDir: string;

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-e2e-access-'));
    homeDir = await mkdtemp(join(tmpdir(), 'forge-e2e-access-home-'));
    app = await startApp(['--project', projectDir], { FORGE_HOME: homeDir, FORGE_BACKEND: 'offline' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await app.stop();
    await rm(projectDir, { recursive: true, force: true });
    await rm(homeDir, { recursive: true, force: true });
  }, 60_000);

  it('prints a link with a 32-byte token, and answers 401 to calls without it', async () => {
    expect(app.url).toBe(`${app.origin}?token=${app.token}`);
    expect(Buffer.from(app.token, 'base64url')).toHaveLength(32);
    expect(await app.call('getState')).toMatchObject({ ok: true, result: { mode: 'project' } });
    const stranger = await fetch(new URL('/api/call/getState', app.origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toBe('');
  });

  it('signs in the browser that opens the link, drops the token from the address and keeps the cookie from scripts', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(app.url);
      expect(page.url()).toBe(app.origin);
      await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'visible' });
      const [cookie] = await context.cookies(app.origin);
      expect(cookie).toMatchObject({ value: app.token, httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(await page.evaluate(() => document.cookie)).not.toContain(app.token);
      // The event stream rides on the same cookie: the renderer needs no token of its own.
      const streamStatus = await page.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const source = new EventSource('/api/events');
            source.onopen = () => {
              source.close();
              resolve('open');
            };
            source.onerror = () => resolve('error');
          }),
      );
      expect(streamStatus).toBe('open');
    } finally {
      await context.close();
    }
  });

  it('shows a browser without the link a page that says to open it, and no app data', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    try {
      const page = await context.newPage();
      const response = await page.goto(app.origin);
      expect(response?.status()).toBe(401);
      await page.getByRole('heading', { name: 'Open Forge from its link' }).waitFor({ state: 'visible' });
      expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
      await page.screenshot({ path: join(screenshots, 'web-open-the-link.png') });
      expect(await page.locator('body').innerText()).not.toContain(projectDir);
      expect(await context.cookies(app.origin)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('cannot be framed by another page (no clickjacking of Approve)', async () => {
    const framer: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<!doctype html><title>framer</title><iframe name="forge" src="${app.origin}" width="800" height="600"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', () => resolve()));
    const context = await browser.newContext();
    try {
      // The signed-in browser is the one an attacker would want to frame.
      const page = await context.newPage();
      await page.goto(app.url);
      await page.getByRole('textbox', { name: 'Message' }).waitFor({ state: 'visible' });
      const blocked = page.waitForEvent('console', { predicate: (message) => message.text().includes('frame-ancestors'), timeout: 20_000 });
      await page.goto(`http://localhost:${String((framer.address() as AddressInfo).port)}/`);
      await blocked;
      const frame = page.frame({ name: 'forge' });
      const framedApp = frame ? await frame.locator('textarea, input').count().catch(() => 0) : 0;
      expect(framedApp).toBe(0);
    } finally {
      await context.close();
      await new Promise<void>((resolve) => framer.close(() => resolve()));
    }
  });
});
