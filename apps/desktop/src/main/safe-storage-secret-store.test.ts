// The desktop app's secret store, with an encryption that behaves like Electron's safeStorage
// (Electron itself cannot run on these machines).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { SecretStoreError } from '../services/accounts/secret-store.ts';
import { testEncryption } from './__fixtures__/test-encryption.ts';
import { createSafeStorageSecretStore } from './safe-storage-secret-store.ts';

const secret = 'sk-test-safe-storage-0123456789';

describe('the safeStorage secret store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'forge-secrets-')), 'secrets');
  });
  afterEach(async () => {
    await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('keeps a secret encrypted in a file only the user can read, and a new store (a restart) reads it back', async () => {
    const key = randomBytes(32);
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption({ key, backend: 'gnome_libsecret' }) });
    expect(store.persistent).toBe(true);
    expect(store.description).toBe(`files encrypted by the system keychain in ${dir} (gnome_libsecret)`);
    await store.set('openai-api-key', secret);
    expect(await readdir(dir)).toEqual(['openai-api-key.enc']);
    const bytes = await readFile(join(dir, 'openai-api-key.enc'));
    expect(bytes.toString('latin1')).not.toContain(secret);
    expect((await stat(join(dir, 'openai-api-key.enc'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);

    const afterRestart = await createSafeStorageSecretStore({ dir, encryption: testEncryption({ key }) });
    expect(afterRestart.description).toBe(`files encrypted by the system keychain in ${dir}`);
    expect(await afterRestart.get('openai-api-key')).toBe(secret);
    // Reading leaves the file as it was (only a rotated key rewrites it).
    expect((await readFile(join(dir, 'openai-api-key.enc'))).equals(bytes)).toBe(true);
    await afterRestart.delete('openai-api-key');
    expect(await afterRestart.get('openai-api-key')).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
    await afterRestart.delete('openai-api-key');
  });

  it('refuses to write anything where safeStorage would only obfuscate (Linux basic_text), and says so', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption({ backend: 'basic_text' }) });
    expect(store.persistent).toBe(false);
    expect(store.description).toMatch(/^memory for this session only \(no keyring/);
    await store.set('openai-api-key', secret);
    expect(await store.get('openai-api-key')).toBe(secret);
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('keeps secrets in memory when the system has no encryption at all', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption({ available: false }) });
    expect(store.persistent).toBe(false);
    expect(store.description).toBe('memory for this session only (the system offers no encryption for stored secrets)');
    await store.set('openai-api-key', secret);
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('says a secret encrypted by another keychain must be entered again, without showing its bytes', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    await store.set('openai-api-key', secret);
    const other = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    const error = await other.get('openai-api-key').catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SecretStoreError);
    expect((error as Error).message).toBe(`The secret in ${dir} cannot be decrypted on this account; enter it again.`);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('writes the secret again when the keychain rotated its key', async () => {
    const key = randomBytes(32);
    await (await createSafeStorageSecretStore({ dir, encryption: testEncryption({ key }) })).set('openai-api-key', secret);
    const before = await readFile(join(dir, 'openai-api-key.enc'));
    const rotated = await createSafeStorageSecretStore({ dir, encryption: testEncryption({ key, rotated: true }) });
    expect(await rotated.get('openai-api-key')).toBe(secret);
    expect((await readFile(join(dir, 'openai-api-key.enc'))).equals(before)).toBe(false);
  });

  it('leaves the old secret whole when a write fails half-way, and says where it tried', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    await store.set('openai-api-key', secret);
    const failing = await createSafeStorageSecretStore({
      dir,
      encryption: { ...testEncryption(), encryptStringAsync: () => Promise.reject(new Error('keychain locked')) },
    });
    const failure = await failing.set('openai-api-key', 'sk-new').catch((reason: unknown) => reason);
    expect(failure).toMatchObject({ code: 'secret_store', message: `Could not keep the secret in ${dir}: keychain locked` });
    expect((failure as Error).cause).toMatchObject({ message: 'keychain locked' });
    expect(await store.get('openai-api-key')).toBe(secret);
    expect(await readdir(dir)).toEqual(['openai-api-key.enc']);
  });

  it('runs writes one at a time: the last one wins and no temporary file is left', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    await Promise.all(Array.from({ length: 10 }, (_, index) => store.set('openai-api-key', `sk-${index}`)));
    expect(await store.get('openai-api-key')).toBe('sk-9');
    expect(await readdir(dir)).toEqual(['openai-api-key.enc']);
  });

  it('refuses a name that could leave its folder, or is not one Forge uses', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    await expect(store.set('../escape', secret)).rejects.toThrow(SecretStoreError);
    await expect(store.get('../escape')).rejects.toThrow('"../escape" is not a secret name Forge uses.');
    await expect(store.get('openai/../../escape')).rejects.toThrow('is not a secret name Forge uses');
    await expect(store.delete(`openai-${'x'.repeat(64)}`)).rejects.toThrow('is not a secret name Forge uses');
    // Nothing was written anywhere.
    await expect(readdir(join(dir, '..'))).resolves.toEqual([]);
  });

  it('says where it could not read or delete a secret the disk will not give up', async () => {
    const store = await createSafeStorageSecretStore({ dir, encryption: testEncryption() });
    // A folder where the file should be: reading and deleting it fail, and say so.
    await mkdir(join(dir, 'openai-api-key.enc'), { recursive: true });
    const read = await store.get('openai-api-key').catch((reason: unknown) => reason);
    expect(read).toMatchObject({ code: 'secret_store', message: expect.stringMatching(new RegExp(`^Could not read the secret in ${dir}: EISDIR`)) as unknown });
    expect((read as Error).cause).toMatchObject({ code: 'EISDIR' });
    const removal = await store.delete('openai-api-key').catch((reason: unknown) => reason);
    expect(removal).toMatchObject({ code: 'secret_store' });
    expect((removal as Error).message).toMatch(new RegExp(`^Could not delete the secret in ${dir}: E(ISDIR|PERM)`));
    expect((removal as Error).cause).toMatchObject({ code: expect.stringMatching(/^E(ISDIR|PERM)$/) as unknown });
  });
});
