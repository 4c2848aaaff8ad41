import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { pageHeaders, rendererContentSecurityPolicy } from './page-security.ts';

describe('page security headers', () => {
  it('repeat the renderer’s own Content-Security-Policy, so the header and the page never disagree', async () => {
    const html = await readFile(new URL('../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    expect(meta).toBe(rendererContentSecurityPolicy);
  });

  it('forbid framing in both the modern and the old way', () => {
    expect(pageHeaders['content-security-policy']).toBe(`${rendererContentSecurityPolicy}; frame-ancestors 'none'`);
    expect(pageHeaders['x-frame-options']).toBe('DENY');
  });
});
