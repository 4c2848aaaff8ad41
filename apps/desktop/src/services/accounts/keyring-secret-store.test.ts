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
