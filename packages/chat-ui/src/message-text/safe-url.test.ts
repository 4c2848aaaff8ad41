import { expect, test } from 'vitest';

import { safeUrl } from './safe-url.ts';

test.each([
  ['https://example.com/a?b=c#d', 'https://example.com/a?b=c#d'],
  ['http://example.com', 'http://example.com/'],
  ['  HTTPS://Example.com  ', 'https://example.com/'],
  ['mailto:art@example.com', 'mailto:art@example.com'],
])('keeps %j', (url, kept) => {
  expect(safeUrl(url)).toBe(kept);
});

test.each([
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\nscript:alert(1)',
  'java\tscript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/png;base64,iVBORw0KGgo=',
  'file:///etc/passwd',
  'forge-asset://x.png',
  '../secrets.txt',
  '/absolute/path',
  '#anchor',
  '//evil.example/x',
  '',
])('drops %j', (url) => {
  expect(safeUrl(url)).toBe('');
});
