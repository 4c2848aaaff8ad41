import { describe, expect, it } from 'vitest';

import { backoffMs, serverRetryAfterMs } from './retry-delay.ts';

describe('retry delays', () => {
  it('prefers retry-after-ms, then retry-after seconds or date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(serverRetryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(serverRetryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(serverRetryAfterMs(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }), now)).toBe(30_000);
    expect(serverRetryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(serverRetryAfterMs(new Headers(), now)).toBeUndefined();
  });

  it('backs off exponentially up to 8 s', () => {
    expect([0, 1, 2, 5].map((retry) => backoffMs(retry, () => 0.5))).toEqual([500, 1000, 2000, 8000]);
  });
});
