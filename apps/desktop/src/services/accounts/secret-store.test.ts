import { describe, expect, it } from 'vitest';

import { createMemorySecretStore, SecretStoreError } from './secret-store.ts';

describe('the session-only secret store', () => {
  it('keeps, replaces and forgets secrets in memory, and says why it is not persistent', async () => {
    const store = createMemorySecretStore('no keyring on this machine');
    expect(store.persistent).toBe(false);
    expect(store.description).toBe('memory for this session only (no keyring on this machine)');
    expect(await store.get('openai-api-key')).toBeUndefined();
    await store.set('openai-api-key', 'sk-one');
    await store.set('openai-api-key', 'sk-two');
    expect(await store.get('openai-api-key')).toBe('sk-two');
    await store.delete('openai-api-key');
    expect(await store.get('openai-api-key')).toBeUndefined();
    await store.delete('openai-api-key');
  });

  it('keeps each store to itself', async () => {
    const first = createMemorySecretStore('a');
    await first.set('openai-api-key', 'sk-first');
    expect(await createMemorySecretStore('b').get('openai-api-key')).toBeUndefined();
  });

  it('fails with a code a caller can branch on', () => {
    const error = new SecretStoreError('The keyring is locked.');
    expect(error).toMatchObject({ name: 'SecretStoreError', code: 'secret_store', message: 'The keyring is locked.' });
  });
});
