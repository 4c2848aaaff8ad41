// The web host's SecretStore: the operating system's credential store through @napi-rs/keyring
// (macOS Keychain, Windows Credential Manager, the Secret Service on Linux). On Linux it is
// pinned to the Secret Service: the kernel keyring the library would fall back to forgets
// everything at logout, so without a Secret Service (a headless machine) the key stays in memory
// for the session, and the store says so.
import { AsyncEntry } from '@napi-rs/keyring';

import { createMemorySecretStore, SecretStoreError, type SecretStore } from './secret-store.ts';

/** The part of @napi-rs/keyring's AsyncEntry this store uses. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}

/** On Linux, the entry is pinned to the Secret Service (never the kernel keyring). */
export type KeyringEntryOptions = { linux: { store: 'secret-service' } };

export interface KeyringSecretStoreOptions {
  /** The keyring's service name; entries are `<name>@<profile>` under it. */
  service?: string;
  /** Forge's own config folder: two profiles (FORGE_HOME) never share a key. */
  profile: string;
  platform?: NodeJS.Platform;
  /** How long the keyring may take to answer the first read (it may ask the user to unlock it). */
  probeTimeoutMs?: number;
  /** Replaces the native keyring (tests of what the store does when the keyring fails). */
  createEntry?: (service: string, account: string, options: KeyringEntryOptions | undefined) => KeyringEntry;
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Opens the keyring and checks it answers (one read). Resolves with the keyring store, or with a
 * memory store saying why not — never throws, never waits longer than `probeTimeoutMs`.
 */
export async function openKeyringSecretStore(options: KeyringSecretStoreOptions): Promise<SecretStore> {
  const service = options.service ?? 'Forge';
  const platform = options.platform ?? process.platform;
  const entryOptions: KeyringEntryOptions | undefined = platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  const place = platform === 'darwin' ? 'the macOS Keychain' : platform === 'win32' ? 'the Windows Credential Manager' : 'the Secret Service keyring';
  const createEntry = options.createEntry ?? ((entryService: string, account: string, pinned: KeyringEntryOptions | undefined): KeyringEntry => new AsyncEntry(entryService, account, pinned));
  const entry = (name: string): KeyringEntry => createEntry(service, `${name}@${options.profile}`, entryOptions);

  const timeoutMs = options.probeTimeoutMs ?? 10_000;
  try {
    const signal = AbortSignal.timeout(timeoutMs);
    await Promise.race([
      entry('probe').getPassword(signal),
      new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error(`no answer within ${timeoutMs} ms`)), { once: true })),
    ]);
  } catch (error) {
    return createMemorySecretStore(`${place} is not available: ${describeFailure(error)}`);
  }

  async function attempt<Result>(action: string, run: () => Promise<Result>): Promise<Result> {
    try {
      return await run();
    } catch (error) {
      throw new SecretStoreError(`Could not ${action} ${place}: ${describeFailure(error)}`, { cause: error });
    }
  }

  return {
    persistent: true,
    description: place,
    get: (name) => attempt('read from', async () => (await entry(name).getPassword()) ?? undefined),
    set: (name, value) => attempt('write to', () => entry(name).setPassword(value)),
    delete: (name) =>
      attempt('delete from', async () => {
        await entry(name).deletePassword();
      }),
  };
}
