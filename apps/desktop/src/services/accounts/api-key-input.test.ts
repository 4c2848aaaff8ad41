import { describe, expect, it } from 'vitest';

import { AccountError } from './account-error.ts';
import { checkApiKeyInput } from './api-key-input.ts';

function refusal(input: { apiKey: string; baseUrl?: string }): AccountError {
  try {
    checkApiKeyInput(input);
  } catch (error) {
    if (error instanceof AccountError) return error;
    throw error;
  }
  throw new Error('the input was accepted');
}

const key = 'sk-test-0123456789abcdefABCDEF';

describe('what an API key and a base URL must look like', () => {
  it('accepts a key (trimmed) and an http(s) base URL without its trailing slash', () => {
    expect(checkApiKeyInput({ apiKey: `  ${key} ` })).toEqual({ apiKey: key });
    expect(checkApiKeyInput({ apiKey: key, baseUrl: ' http://127.0.0.1:8787/v1/ ' })).toEqual({ apiKey: key, baseUrl: 'http://127.0.0.1:8787/v1' });
    expect(checkApiKeyInput({ apiKey: key, baseUrl: '' })).toEqual({ apiKey: key });
    expect(checkApiKeyInput({ apiKey: key, baseUrl: '   ' })).toEqual({ apiKey: key });
    expect(checkApiKeyInput({ apiKey: key, baseUrl: 'https://llm.example.com/v1//' })).toEqual({ apiKey: key, baseUrl: 'https://llm.example.com/v1' });
  });

  it('takes a key of up to 1,000 characters, and not one more', () => {
    expect(checkApiKeyInput({ apiKey: 'k'.repeat(1_000) }).apiKey).toHaveLength(1_000);
    expect(refusal({ apiKey: 'k'.repeat(1_001) }).message).toBe('That is not an API key: it is 1,001 characters long (keys are under 1,000).');
  });

  it.each([
    ['empty', '', 'Enter an API key: the field is empty.'],
    ['whitespace', ' \t  ', 'Enter an API key: the field is empty.'],
    ['a line break inside', `${key}\nsk-other`, 'An API key is one line: remove the line break and try again.'],
    ['a line break at the end', `${key}\r\n`, 'An API key is one line: remove the line break and try again.'],
    ['10 kB', 'k'.repeat(10_240), 'That is not an API key: it is 10,240 characters long (keys are under 1,000).'],
    ['a space inside', 'sk-test 0123', 'An API key has no spaces or special characters: copy it again from your account page.'],
    ['smart quotes', '“sk-test-0123”', 'An API key has no spaces or special characters: copy it again from your account page.'],
  ])('refuses a key that is %s, with a message that never repeats it', (_name, apiKey, message) => {
    const error = refusal({ apiKey });
    expect(error).toMatchObject({ code: 'invalid_input', message });
    if (apiKey.trim().length > 3) expect(error.message).not.toContain(apiKey.trim().slice(0, 12));
  });

  it.each([
    ['not a URL', 'api.openai.com/v1', 'The base URL is not a web address: it looks like https://api.openai.com/v1.'],
    ['ftp', 'ftp://files.example.com/v1', 'The base URL must start with https:// (or http:// for a server on this computer), not ftp://.'],
    ['file', 'file:///etc/passwd', 'The base URL must start with https:// (or http:// for a server on this computer), not file://.'],
    ['javascript', 'javascript:alert(1)', 'The base URL must start with https:// (or http:// for a server on this computer), not javascript://.'],
    ['with credentials', 'https://user:secret@example.com/v1', 'Put the key in the API key field, not in the base URL.'],
    ['with a user name', 'https://sk-abc@example.com/v1', 'Put the key in the API key field, not in the base URL.'],
    ['with a password', 'https://:sk-abc@example.com/v1', 'Put the key in the API key field, not in the base URL.'],
    ['with a fragment', 'https://example.com/v1#models', 'The base URL takes no ?query or #fragment: it looks like https://api.openai.com/v1.'],
    ['with a query', 'https://example.com/v1?key=1', 'The base URL takes no ?query or #fragment: it looks like https://api.openai.com/v1.'],
  ])('refuses a base URL that is %s', (_name, baseUrl, message) => {
    expect(refusal({ apiKey: key, baseUrl })).toMatchObject({ code: 'invalid_input', message });
  });
});
