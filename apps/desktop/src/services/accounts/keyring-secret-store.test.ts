// The web host's secret store on a real Secret Service: gnome-keyring on a private D-Bus
// (`@forge/test-services`), never the user's own keyring. Without one the store must fall back to
// memory and say why. In CI a missing Secret Service is a failure, not a skip.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { secretServiceUnavailableReason, startTestSecretService, type TestSecretService } from '@forge/test-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openKeyringSecretStore } from './keyring-secret-store.ts';

const unavailable = secretServiceUnavailableReason();
if (unavailable !== undefined) {
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`CI must run the keyring tests, but no test Secret Service can start here: ${unavailable}`);
  console.warn(`Skipping the Secret Service keyring tests: ${unavailable}`);
}

const secret = 'sk-test-keyring-0123456789abcdef';
const probe = join(import.meta.dirname, '__fixtures__', 'keyring-probe.ts');

interface ProbeResult {
  persistent: boolean;
  description: string;
  value: string | null;
}

/** What another process (Forge after a restart) finds in the store of `profile`. */
async function inAnotherProcess(env: Record<string, string>, profile: string, value?: string): Promise<ProbeResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@forge/source', probe, profile, ...(value === undefined ? [] : [value])], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    timeout: 60_000,
  });
  return JSON.parse(stdout) as ProbeResult;
}

describe.skipIf(unavailable !== undefined)('the keyring secret store on a test Secret Service', { timeout: 120_000 }, () => {
  let dir: string;
  let service: TestSecretService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forge-keyring-'));
    service = await startTestSecretService({ dir: join(dir, 'keyring') });
    // The keyring library connects to this process's session bus: the test one.
    process.env.DBUS_SESSION_BUS_ADDRESS = service.env.DBUS_SESSION_BUS_ADDRESS;
  });
  afterAll(async () => {
    await service.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps a secret in the keyring, reads it back, forgets it, and keeps each Forge profile apart', async () => {
    const store = await openKeyringSecretStore({ profile: join(dir, 'profile-a'), service: 'Forge test' });
    expect(store.persistent).toBe(true);
    expect(store.description).toBe('the Secret Service keyring');
    expect(await store.get('openai-api-key')).toBeUndefined();
    await store.set('openai-api-key', secret);
    expect(await store.get('openai-api-key')).toBe(secret);
    // Another Forge profile (another FORGE_HOME) has its own entry.
    const other = await openKeyringSecretStore({ profile: join(dir, 'profile-b'), service: 'Forge test' });
    expect(await other.get('openai-api-key')).toBeUndefined();
    await store.delete('openai-api-key');
    expect(await store.get('openai-api-key')).toBeUndefined();
    // Forgetting what is not there is fine.
    await store.delete('openai-api-key');
  });

  it('finds the secret again in a new process, as Forge does after a restart', async () => {
    const profile = join(dir, 'profile-restart');
    expect(await inAnotherProcess(service.env, profile, secret)).toMatchObject({ persistent: true, value: secret });
    expect(await inAnotherProcess(service.env, profile)).toEqual({ persistent: true, description: 'the Secret Service keyring', value: secret });
  });
});

describe('the keyring secret store when the keyring fails', () => {
  it('falls back to memory, with the keyring\'s reason on one line, when the first read fails', async () => {
    const store = await openKeyringSecretStore({
      profile: '/tmp/forge-failing-keyring',
      platform: 'linux',
      createEntry: () => ({
        getPassword: () => Promise.reject(new Error('Platform failure:\n  DBus error:   org.freedesktop.DBus.Error.ServiceUnknown')),
        setPassword: () => Promise.reject(new Error('unreachable')),
        deletePassword: () => Promise.reject(new Error('unreachable')),
      }),
    });
    expect(store.persistent).toBe(false);
    expect(store.description).toBe('memory for this session only (the Secret Service keyring is not available: Platform failure: DBus error: org.freedesktop.DBus.Error.ServiceUnknown)');
  });

  it('pins Linux entries to the Secret Service (the kernel keyring forgets at logout), and names them Forge by default', async () => {
    const made: string[] = [];
    const recorder = (service: string, account: string, options: unknown) => {
      made.push(`${service}/${account} ${options === undefined ? 'default' : JSON.stringify(options)}`);
      return { getPassword: () => Promise.resolve(null), setPassword: () => Promise.resolve(), deletePassword: () => Promise.resolve(true) };
    };
    await openKeyringSecretStore({ profile: '/p', platform: 'linux', createEntry: recorder });
    await openKeyringSecretStore({ profile: '/p', platform: 'darwin', createEntry: recorder });
    expect(made).toEqual(['Forge/probe@/p {"linux":{"store":"secret-service"}}', 'Forge/probe@/p default']);
  });

  it('keeps a long reason from the keyring to 300 characters', async () => {
    const store = await openKeyringSecretStore({
      profile: '/p',
      platform: 'linux',
      createEntry: () => ({ getPassword: () => Promise.reject(new Error('x'.repeat(1_000))), setPassword: () => Promise.resolve(), deletePassword: () => Promise.resolve(true) }),
    });
    expect(store.description).toBe(`memory for this session only (the Secret Service keyring is not available: ${'x'.repeat(300)})`);
  });

  it('falls back to memory when the keyring does not answer in time (a prompt nobody answers)', async () => {
    const store = await openKeyringSecretStore({
      profile: '/tmp/forge-silent-keyring',
      platform: 'darwin',
      probeTimeoutMs: 50,
      createEntry: () => ({ getPassword: () => new Promise(() => undefined), setPassword: () => Promise.resolve(), deletePassword: () => Promise.resolve(true) }),
    });
    expect(store.description).toBe('memory for this session only (the macOS Keychain is not available: no answer within 50 ms)');
  });

  it('says which store refused a read, a write or a deletion after it opened, never with the secret', async () => {
    const entries: string[] = [];
    let failing = false;
    const store = await openKeyringSecretStore({
      profile: '/home/ada/.config/forge',
      service: 'Forge',
      platform: 'win32',
      createEntry: (service, account) => {
        entries.push(`${service}/${account}`);
        const refuse = (what: string) => (failing ? Promise.reject(new Error(`${what} denied`)) : Promise.resolve());
        return {
          getPassword: () => refuse('read').then(() => null),
          setPassword: () => refuse('write'),
          deletePassword: () => refuse('delete').then(() => true),
        };
      },
    });
    expect(store).toMatchObject({ persistent: true, description: 'the Windows Credential Manager' });
    expect(await store.get('openai-api-key')).toBeUndefined();
    expect(entries).toEqual(['Forge/probe@/home/ada/.config/forge', 'Forge/openai-api-key@/home/ada/.config/forge']);
    failing = true;
    await expect(store.get('openai-api-key')).rejects.toMatchObject({ code: 'secret_store', message: 'Could not read from the Windows Credential Manager: read denied' });
    await expect(store.set('openai-api-key', secret)).rejects.toMatchObject({ message: 'Could not write to the Windows Credential Manager: write denied' });
    await expect(store.delete('openai-api-key')).rejects.toMatchObject({ message: 'Could not delete from the Windows Credential Manager: delete denied' });
    const failure = (await store.set('openai-api-key', secret).then(
      () => undefined,
      (reason: unknown) => reason,
    )) as Error;
    expect(failure.message).not.toContain(secret);
    expect(failure.cause).toMatchObject({ message: 'write denied' });
  });
});

describe('the keyring secret store without a Secret Service', () => {
  it('keeps secrets in memory for the session, says why, and a restart finds nothing', { timeout: 120_000 }, async () => {
    const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/forge-test-no-bus' };
    const first = await inAnotherProcess(noBus, '/tmp/forge-no-keyring', secret);
    expect(first.persistent).toBe(false);
    expect(first.value).toBe(secret);
    expect(first.description).toMatch(/^memory for this session only \(the Secret Service keyring is not available: /);
    expect(first.description).not.toContain(secret);
    expect(await inAnotherProcess(noBus, '/tmp/forge-no-keyring')).toMatchObject({ persistent: false, value: null });
  });
});
