import { describe, expect, it } from 'vitest';

import { isTrustedSender, onlyFromAppPage, UntrustedSenderError } from './ipc-sender-policy.ts';

const appUrl = 'file:///opt/Forge/renderer/index.html';
const mainFrame = { url: appUrl, parent: null };

describe('IPC sender policy', () => {
  it('trusts the app page in the main frame only', () => {
    expect(isTrustedSender(appUrl, mainFrame)).toBe(true);
    expect(isTrustedSender(appUrl, { url: `${appUrl}#/chat`, parent: null })).toBe(true);
  });

  it('refuses frames that are gone, nested, or show any other page', () => {
    expect(isTrustedSender(appUrl, null)).toBe(false);
    expect(isTrustedSender(appUrl, undefined)).toBe(false);
    expect(isTrustedSender(appUrl, { url: appUrl, parent: mainFrame })).toBe(false);
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', 'about:blank', 'data:text/html,x', '']) {
      expect(isTrustedSender(appUrl, { url, parent: null }), url).toBe(false);
    }
  });

  it('trusts the dev server page by its origin in a development run', () => {
    const dev = 'http://localhost:5173/';
    expect(isTrustedSender(dev, { url: 'http://localhost:5173/index.html', parent: null })).toBe(true);
    expect(isTrustedSender(dev, { url: 'http://localhost:5174/', parent: null })).toBe(false);
  });
});

describe('onlyFromAppPage', () => {
  it('runs the handler for the app page and refuses anyone else before it runs', () => {
    const calls: string[] = [];
    const handler = onlyFromAppPage(appUrl, (_event: { senderFrame: { url: string; parent: unknown } | null }, name: string) => {
      calls.push(name);
      return `ran ${name}`;
    });
    expect(handler({ senderFrame: mainFrame }, 'getState')).toBe('ran getState');
    expect(() => handler({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'approve')).toThrow(UntrustedSenderError);
    expect(() => handler({ senderFrame: { url: appUrl, parent: mainFrame } }, 'approve')).toThrow(UntrustedSenderError);
    expect(() => handler({ senderFrame: null }, 'approve')).toThrow('Refused: this request did not come from the Forge window.');
    expect(calls).toEqual(['getState']);
  });
});
