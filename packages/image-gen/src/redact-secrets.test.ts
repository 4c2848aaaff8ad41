import { describe, expect, it } from 'vitest';

import { redactSecrets } from './redact-secrets.ts';

describe('redactSecrets', () => {
  it('hides OpenAI keys (masked ones too), bearer tokens and key assignments in an API error', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc123xyz. Bearer eyJhbGciOi api_key=hunter2')).toBe(
      'Incorrect API key provided: [redacted]. [redacted] api_key=[redacted]',
    );
    expect(redactSecrets('Incorrect API key provided: sk-proj-********************abcd.')).toBe('Incorrect API key provided: [redacted].');
  });

  it('hides JWTs, basic credentials and the values of configured headers', () => {
    const line =
      'request failed: Authorization: Bearer abcdefghijklmnop key=sk-fake-proj-1234567890abcdef token eyJhbGciOiJI.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlXzEy "x-openai-actor-authorization": "actor-secret-42" Basic dXNlcjpwYXNzd29yZA==';
    const redacted = redactSecrets(line);
    expect(redacted).not.toMatch(/abcdefghijklmnop|sk-fake-proj|eyJhbGci|actor-secret-42|dXNlcjpw/);
    expect(redacted).toContain('request failed');
    expect(redacted).toContain('"x-openai-actor-authorization": "[redacted]"');
  });

  it('hides every string it is told is secret, wherever it appears', () => {
    expect(redactSecrets('header forge-actor-7 was sent twice: forge-actor-7', ['forge-actor-7'])).toBe('header [redacted] was sent twice: [redacted]');
    // Too short to tell apart from ordinary text: left alone rather than blanking every "abc".
    expect(redactSecrets('abc abc', ['abc'])).toBe('abc abc');
  });

  it('hides GitHub and AWS credentials and JSON-shaped secrets', () => {
    const text = `ghp_${'a'.repeat(36)} github_pat_${'B'.repeat(30)} AKIAABCDEFGHIJKLMNOP {"apiKey":"plain-secret","model":"gpt-image-2","password": "p4ssw0rd", "refresh_token":"rt-12345", client_secret=cs-9999}`;
    const redacted = redactSecrets(text);
    for (const secret of ['ghp_', 'github_pat_', 'AKIAABCDEFGHIJKLMNOP', 'plain-secret', 'p4ssw0rd', 'rt-12345', 'cs-9999']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('"model":"gpt-image-2"');
  });

  it('leaves ordinary text and prompts alone', () => {
    for (const text of [
      'Reconnecting... 2/5 (stream disconnected)',
      'saved .forge/generated/20261123-195130-042.png',
      'Draw a game token: a gold coin with a sk-8 ski jump',
      'A password-protected door in a castle, Basic shapes',
      'Generate concept art for a steampunk airship',
    ]) {
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
