// What an API key and a base URL must look like before Forge spends a network call on them.
// Each refusal says what to fix, and never repeats the key.
import { AccountError } from './account-error.ts';

/** Longer than any real key (OpenAI's are ~200 characters); a paste of something else. */
export const maxApiKeyLength = 1_000;

export interface ApiKeyInput {
  apiKey: string;
  baseUrl?: string | undefined;
}

export interface CheckedApiKeyInput {
  apiKey: string;
  /** Without a trailing slash; absent for OpenAI's own API. */
  baseUrl?: string;
}

export function checkApiKeyInput(input: ApiKeyInput): CheckedApiKeyInput {
  const apiKey = input.apiKey.trim();
  if (apiKey === '') throw new AccountError('invalid_input', 'Enter an API key: the field is empty.');
  // Even at the end: a key pasted with a line break may have been cut or joined with something else.
  if (/[\r\n]/.test(input.apiKey)) throw new AccountError('invalid_input', 'An API key is one line: remove the line break and try again.');
  if (apiKey.length > maxApiKeyLength) {
    throw new AccountError('invalid_input', `That is not an API key: it is ${apiKey.length.toLocaleString('en-US')} characters long (keys are under ${maxApiKeyLength.toLocaleString('en-US')}).`);
  }
  // A key is printable ASCII: anything else (spaces, control characters, smart quotes) is a bad paste.
  if (/\s/.test(apiKey) || /[^\x21-\x7e]/.test(apiKey)) throw new AccountError('invalid_input', 'An API key has no spaces or special characters: copy it again from your account page.');
  const baseUrl = input.baseUrl?.trim();
  if (baseUrl === undefined || baseUrl === '') return { apiKey };
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AccountError('invalid_input', 'The base URL is not a web address: it looks like https://api.openai.com/v1.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AccountError('invalid_input', `The base URL must start with https:// (or http:// for a server on this computer), not ${url.protocol}//.`);
  }
  if (url.username !== '' || url.password !== '') throw new AccountError('invalid_input', 'Put the key in the API key field, not in the base URL.');
  if (url.search !== '' || url.hash !== '') throw new AccountError('invalid_input', 'The base URL takes no ?query or #fragment: it looks like https://api.openai.com/v1.');
  return { apiKey, baseUrl: url.toString().replace(/\/+$/, '') };
}
