// The desktop app's SecretStore: secrets encrypted by Electron's safeStorage (the key to that
// lives in the OS credential store), one file each in Forge's config folder, written atomically
// and readable by the user only. Where safeStorage would only obfuscate (Linux without a
// keyring: backend `basic_text`) nothing is written and the key is kept for this session only.
// Electron's API is injected (`safeStorage` itself, in main/index.ts), so this runs in plain Node.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { createMemorySecretStore, SecretStoreError, type SecretStore } from '../services/accounts/secret-store.ts';

/** The part of Electron's `safeStorage` this store uses (its asynchronous API). */
export interface StringEncryption {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  /** Linux only: `basic_text` means a hard-coded password, i.e. no protection. */
  getSelectedStorageBackend?(): string;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the key was rotated; the secret is written again with the new one. */
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export interface SafeStorageSecretStoreOptions {
  /** The folder for the encrypted files (created 0700). */
  dir: string;
  encryption: StringEncryption;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function fileName(name: string): string {
  if (!/^[a-z0-9-]{1,64}$/.test(name)) throw new SecretStoreError(`"${name}" is not a secret name Forge uses.`);
  return `${name}.enc`;
}

export async function createSafeStorageSecretStore({ dir, encryption }: SafeStorageSecretStoreOptions): Promise<SecretStore> {
  if (!(await encryption.isAsyncEncryptionAvailable())) return createMemorySecretStore('the system offers no encryption for stored secrets');
  const backend = encryption.getSelectedStorageBackend?.();
  if (backend === 'basic_text') return createMemorySecretStore('no keyring: Electron would store it as plain text (safeStorage backend basic_text)');
  let writing: Promise<void> = Promise.resolve();

  async function replace(name: string, value: string): Promise<void> {
    const path = join(dir, fileName(name));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, await encryption.encryptStringAsync(value), { mode: 0o600 });
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw new SecretStoreError(`Could not keep the secret in ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }

  function serialised(task: () => Promise<void>): Promise<void> {
    const next = writing.then(task);
    writing = next.catch(() => undefined);
    return next;
  }

  return {
    persistent: true,
    description: `files encrypted by the system keychain in ${dir}${backend === undefined ? '' : ` (${backend})`}`,
    async get(name) {
      let bytes: Buffer;
      try {
        bytes = await readFile(join(dir, fileName(name)));
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw new SecretStoreError(`Could not read the secret in ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      let decrypted: { result: string; shouldReEncrypt: boolean };
      try {
        decrypted = await encryption.decryptStringAsync(bytes);
      } catch (error) {
        // Encrypted for another user or keychain: as good as absent, and said so in the log by the caller.
        throw new SecretStoreError(`The secret in ${dir} cannot be decrypted on this account; enter it again.`, { cause: error });
      }
      if (decrypted.shouldReEncrypt) await serialised(() => replace(name, decrypted.result)).catch(() => undefined);
      return decrypted.result;
    },
    set: (name, value) => serialised(() => replace(name, value)),
    delete: (name) =>
      serialised(async () => {
        try {
          await unlink(join(dir, fileName(name)));
        } catch (error) {
          if (!isMissing(error)) throw new SecretStoreError(`Could not delete the secret in ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
      }),
  };
}
