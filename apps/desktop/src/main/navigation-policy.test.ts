import { describe, expect, it } from 'vitest';

import { externalLinkFor, mayNavigate } from './navigation-policy.ts';

const appUrl = 'file:///opt/Forge/renderer/index.html';

describe('navigation policy', () => {
  it('lets the window reload its own page and go nowhere else', () => {
    expect(mayNavigate(appUrl, appUrl)).toBe(true);
    expect(mayNavigate(appUrl, `${appUrl}#top`)).toBe(true);
    for (const target of ['https://evil.example/', 'http://127.0.0.1:4100/', 'file:///etc/passwd', 'file:///opt/Forge/renderer/evil.html', 'data:text/html,<script>1</script>', 'javascript:alert(1)', 'forge-asset://asset/.forge/generated/a.png', 'chrome://settings']) {
      expect(mayNavigate(appUrl, target), target).toBe(false);
    }
  });

  it('sends http(s) links to the system browser and drops every other scheme', () => {
    expect(externalLinkFor('https://platform.openai.com/docs')).toBe('https://platform.openai.com/docs');
    expect(externalLinkFor('http://example.com/a b')).toBe('http://example.com/a%20b');
    for (const target of ['file:///etc/passwd', 'smb://server/share', 'javascript:alert(1)', 'vscode://file/x', 'ms-msdt:/id', 'data:text/html,x', 'https://user:pass@example.com/', 'https://user@example.com/', 'https://:pass@example.com/', 'not a url', '']) {
      expect(externalLinkFor(target), target).toBeUndefined();
    }
  });
});
