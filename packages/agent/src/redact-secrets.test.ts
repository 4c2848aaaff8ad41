import { describe, expect, it } from 'vitest';

import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('hides API keys, bearer tokens, JWTs and configured header values', () => {
    const line =
      'request failed: Authorization: Bearer abcdefghijklmnop key=sk-fake-proj-1234567890abcdef token eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlXzEy "x-openai-actor-authorization": "actor-secret-42"';
    const redacted = redactSecrets(line, ['actor-secret-42']);
    expect(redacted).not.toMatch(/abcdefghijklmnop|sk-fake-proj|eyJhbGci|actor-secret-42/);
    expect(redacted).toContain('request failed');
  });

  it('leaves ordinary text alone', () => {
    expect(redactSecrets('Reconnecting... 2/5 (stream disconnected)')).toBe('Reconnecting... 2/5 (stream disconnected)');
  });
});
