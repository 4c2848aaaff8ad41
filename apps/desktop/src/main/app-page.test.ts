import { pathToFileURL } from 'node:url';

import { describe, expect, it } from 'vitest';

import { appPageUrl, isAppPage } from './app-page.ts';

const builtPage = '/opt/Forge/resources/app.asar/out/renderer/index.html';
const builtUrl = pathToFileURL(builtPage).href;

describe('appPageUrl', () => {
  it('honours ELECTRON_RENDERER_URL only in a development run, and only for a loopback server', () => {
    expect(appPageUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173/', builtPage })).toBe('http://localhost:5173/');
    expect(appPageUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173/', builtPage })).toBe(builtUrl);
    expect(appPageUrl({ isPackaged: false, devServerUrl: undefined, builtPage })).toBe(builtUrl);
    for (const devServerUrl of ['https://localhost:5173/', 'http://127.0.0.1:5173/', 'http://[::1]:5173/']) {
      expect(appPageUrl({ isPackaged: false, devServerUrl, builtPage }), devServerUrl).toBe(devServerUrl);
    }
    for (const devServerUrl of ['', 'https://evil.example/', 'file:///tmp/evil.html', 'ftp://localhost/', 'ws://localhost:5173/', 'javascript:alert(1)', 'not a url', 'http://localhost.evil.example:5173/']) {
      expect(appPageUrl({ isPackaged: false, devServerUrl, builtPage }), devServerUrl).toBe(builtUrl);
    }
  });
});

describe('isAppPage', () => {
  it('accepts the built page with any fragment or query, and no other file', () => {
    expect(isAppPage(builtUrl, builtUrl)).toBe(true);
    expect(isAppPage(builtUrl, `${builtUrl}#/settings`)).toBe(true);
    expect(isAppPage(builtUrl, `${builtUrl}?x=1`)).toBe(true);
    for (const other of ['file:///etc/passwd', 'file:///opt/Forge/resources/app.asar/out/renderer/other.html', 'file://evil-host/opt/Forge/resources/app.asar/out/renderer/index.html', 'https://example.com/', 'forge-asset://asset/x.png', 'about:blank', '', 'garbage']) {
      expect(isAppPage(builtUrl, other), other).toBe(false);
    }
  });

  it('compares the dev server by origin, not by a string prefix', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppPage(dev, 'http://localhost:5173/settings')).toBe(true);
    for (const other of ['http://localhost:5174/', 'http://localhost:5173.evil.example/', 'https://localhost:5173/', 'http://127.0.0.1:5173/']) expect(isAppPage(dev, other), other).toBe(false);
  });
});
