// Where Forge keeps secrets (the API key): one interface, one implementation per host — the OS
// keyring in the web host, Electron's safeStorage in the desktop app — and memory for this
// session only where neither can keep one safely, said aloud by `persistent: false`.

export interface SecretStore {
  /** False: secrets live in this process's memory only and are gone when Forge quits. */
  readonly persistent: boolean;
  /** Where the secrets live, for the log: "the Secret Service keyring", "memory (no keyring: …)". */
  readonly description: string;
  /** The secret, or undefined when none is kept under `name`. */
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  /** Forgets the secret; nothing kept is fine. */
  delete(name: string): Promise<void>;
}

/** A credential store refused a read or a write. The message never holds the secret. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';
  readonly code = 'secret_store';
}

/** Keeps secrets in this process only: the fallback where no credential store can keep one. */
export function createMemorySecretStore(reason: string): SecretStore {
  const values = new Map<string, string>();
  return {
    persistent: false,
    description: `memory for this session only (${reason})`,
    get: (name) => Promise.resolve(values.get(name)),
    set(name, value) {
      values.set(name, value);
      return Promise.resolve();
    },
    delete(name) {
      values.delete(name);
      return Promise.resolve();
    },
  };
}
