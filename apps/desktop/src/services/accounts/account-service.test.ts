// Accounts through the contract, as the app composes them: an API key checked against the fake
// OpenAI server on loopback and kept in a credential store (safeStorage's kind, with a test
// keychain), the backend switching live, and the ChatGPT sign-in on the real codex binary
// without a network. Private folders for everything; never ~/.codex or the user's keyring.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createCodexBackend, resolveCodexBinary, type CodexBackend, type CodexBackendOptions } from '@forge/agent';
import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { withCodexLoginPort } from '@forge/test-services';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { AccountSummary, ChatMessageData, ForgeEvent } from '../../contract/index.ts';
import { testEncryption } from '../../main/__fixtures__/test-encryption.ts';
import { createSafeStorageSecretStore } from '../../main/safe-storage-secret-store.ts';
import { createForgeServices, type ForgeServices } from '../forge-services.ts';
import { createLogger } from '../logger.ts';
import { openSettingsFile } from '../settings-file.ts';
import type { AccountSetup } from './account-service.ts';
import { createMemorySecretStore, type SecretStore } from './secret-store.ts';

const sentinel = `sk-forge-sentinel-${randomBytes(12).toString('hex')}`;

function codexUnavailableReason(): string | undefined {
  try {
    const version = execFileSync(resolveCodexBinary().path, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '' } });
    return version.includes('0.169.0') ? undefined : `the codex binary reports "${version.trim()}", not 0.169.0`;
  } catch (error) {
    return `the codex binary cannot run here: ${error instanceof Error ? error.message : String(error)}`;
  }
}
const codexUnavailable = codexUnavailableReason();
if (codexUnavailable !== undefined) console.warn(`Skipping the real-Codex sign-in tests: ${codexUnavailable}`);

/** Resolves with the first event that matches, or fails after `timeoutMs` saying what came. */
function nextEvent(services: ForgeServices, matches: (event: ForgeEvent) => boolean, timeoutMs = 40_000): Promise<ForgeEvent> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No matching event within ${timeoutMs} ms; saw ${seen.join(', ')}`));
    }, timeoutMs);
    const unsubscribe = services.subscribe((event) => {
      seen.push(event.type === 'account' ? `account(${event.account.label})` : event.type);
      if (!matches(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

/** What `codex login` leaves in CODEX_HOME: tokens whose claims say ChatGPT Plus (unsigned: nothing here checks them). */
async function writeStoredChatGPTSignIn(codexHome: string): Promise<void> {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = { email: 'ada@example.com', iat: now, exp: now + 30 * 86_400, 'https://api.openai.com/auth': { chatgpt_plan_type: 'plus', chatgpt_account_id: 'acct-test', chatgpt_user_id: 'user-test' } };
  const token = `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.test`;
  await mkdir(codexHome, { recursive: true, mode: 0o700 });
  await writeFile(
    join(codexHome, 'auth.json'),
    JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: token, access_token: token, refresh_token: 'rt-test', account_id: 'acct-test' }, last_refresh: new Date().toISOString() }),
    { mode: 0o600 },
  );
}

async function accountOf(services: ForgeServices): Promise<AccountSummary> {
  return (await services.call('getState', {})).account;
}

async function finishedTurn(services: ForgeServices, messageId: string): Promise<ChatMessageData> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const state = await services.call('getState', {});
    const message = state.messages.find((candidate) => candidate.id === messageId);
    if (message !== undefined && message.pending !== true && !state.busy) return message;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the turn never finished');
}

describe('accounts in the app', { timeout: 120_000 }, () => {
  let fake: FakeOpenAI;
  let dir: string;
  let projectDir: string;
  let keychain: Buffer;
  const lines: string[] = [];
  const open: ForgeServices[] = [];
  const codexBackends: { backend: CodexBackend; closed: boolean }[] = [];

  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'forge-accounts-'));
    projectDir = join(dir, 'project');
    await mkdir(projectDir);
    keychain = randomBytes(32);
    codexBackends.length = 0;
  });
  afterEach(async () => {
    for (const services of open.splice(0)) await services.close();
    fake.setScenario('ok');
    fake.clearRequests();
    // The key never reaches the log, whatever the test did.
    expect(lines.join('\n')).not.toContain(sentinel);
    lines.length = 0;
    await rm(dir, { recursive: true, force: true });
  });

  /** The credential store of this test's "computer": encrypted files under a test keychain. */
  function keptStore(): Promise<SecretStore> {
    return createSafeStorageSecretStore({ dir: join(dir, 'config', 'secrets'), encryption: testEncryption({ key: keychain }) });
  }

  function recordingCodex(options: CodexBackendOptions): CodexBackend {
    const backend = createCodexBackend(options);
    const record = { backend, closed: false };
    codexBackends.push(record);
    return {
      ...backend,
      close: async () => {
        record.closed = true;
        await backend.close();
      },
    };
  }

  async function launch(setup: Partial<AccountSetup> = {}): Promise<ForgeServices> {
    const services = await createForgeServices({
      workspace: { mode: 'project', projectDir },
      accounts: {
        preference: 'auto',
        codex: { home: join(dir, 'config', 'codex') },
        openSecrets: keptStore,
        offline: { imageDelayMs: 0 },
        factories: { codex: recordingCodex },
        ...setup,
      },
      assetUrl: (path) => `/files/${path}`,
      logger: createLogger({ write: (line) => lines.push(line) }),
      settings: openSettingsFile({ path: join(dir, 'config', 'settings.json'), warn: (line) => lines.push(line) }),
      cacheDir: join(dir, 'cache'),
    });
    open.push(services);
    return services;
  }

  async function settled(services: ForgeServices): Promise<AccountSummary> {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const account = await accountOf(services);
      if (account.checking !== true) return account;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the account was never found');
  }

  it('paints before the account is known, then settles offline without starting Codex or printing a word about it', async () => {
    let openKeyring: () => void = () => undefined;
    const keyringAnswers = new Promise<void>((resolve) => (openKeyring = resolve));
    const services = await launch({
      openSecrets: async () => {
        await keyringAnswers;
        return keptStore();
      },
    });
    // The first state is there while the keyring has not even answered.
    expect(await accountOf(services)).toMatchObject({ checking: true, label: 'Checking account…', backend: 'offline', canSignIn: true });
    const found = nextEvent(services, (event) => event.type === 'account' && event.account.checking !== true);
    openKeyring();
    await found;
    expect(await accountOf(services)).toMatchObject({ backend: 'offline', signedIn: false, label: 'Offline previews', keyStorage: 'persistent', imageModel: 'forge-offline-1' });
    expect(codexBackends).toHaveLength(0);
    expect(lines.filter((line) => /codex/i.test(line) && !line.includes('[forge] info'))).toEqual([]);
    expect(lines.filter((line) => line.includes(' warn '))).toEqual([]);
  });

  it('checks a key with one model-list call, switches the next turn to it live, keeps it, and finds it after a restart', async () => {
    const first = await launch();
    await settled(first);
    const events: ForgeEvent[] = [];
    first.subscribe((event) => events.push(event));

    const { account } = (await first.callUntrusted('setApiKey', { apiKey: sentinel, baseUrl: fake.url })) as { account: AccountSummary };
    expect(account).toMatchObject({ backend: 'openai', signedIn: true, label: 'OpenAI API key', keySource: 'stored', keyStorage: 'persistent', baseUrl: fake.url, chatModel: 'gpt-5', chatModels: ['gpt-5', 'gpt-5-mini'] });
    expect(account.imageModels).toEqual(['gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2']);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
    expect(events.some((event) => event.type === 'account' && event.account.backend === 'openai')).toBe(true);

    const { messageId } = await first.call('sendMessage', { text: 'Generate concept art for a steampunk airship' });
    const message = await finishedTurn(first, messageId);
    const image = message.parts.find((part) => part.type === 'image');
    expect(image).toMatchObject({ status: 'completed', model: 'gpt-image-2' });
    expect(image?.type === 'image' && image.status === 'completed' && image.offlinePreview).toBeFalsy();
    expect((fake.requests.find((request) => request.path === '/v1/responses')?.body as { model?: string }).model).toBe('gpt-5');
    await first.close();

    // Nothing about the key in what Forge wrote: settings, the project, the cache.
    for (const file of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (!file.isFile()) continue;
      expect((await readFile(join(file.parentPath, file.name))).toString('latin1'), join(file.parentPath, file.name)).not.toContain(sentinel);
    }

    const second = await launch();
    expect(await settled(second)).toMatchObject({ backend: 'openai', label: 'OpenAI API key', keySource: 'stored', baseUrl: fake.url });
    const { account: signedOut } = (await second.callUntrusted('signOut', {})) as { account: AccountSummary };
    expect(signedOut).toMatchObject({ backend: 'offline', signedIn: false, label: 'Offline previews' });
    expect(await (await keptStore()).get('openai-api-key')).toBeUndefined();

    const third = await launch();
    expect(await settled(third)).toMatchObject({ backend: 'offline' });
  });

  it.each([
    ['an empty key', { apiKey: '' }, 'invalid_input', 'Enter an API key: the field is empty.'],
    ['a whitespace key', { apiKey: '   \t ' }, 'invalid_input', 'Enter an API key: the field is empty.'],
    ['a 10 kB key', { apiKey: 'k'.repeat(10_240) }, 'invalid_input', 'That is not an API key: it is 10,240 characters long (keys are under 1,000).'],
    ['a key with a newline', { apiKey: `${sentinel}\nsk-second-line` }, 'invalid_input', 'An API key is one line: remove the line break and try again.'],
    ['a base URL that is not http(s)', { apiKey: sentinel, baseUrl: 'ftp://127.0.0.1/v1' }, 'invalid_input', 'The base URL must start with https:// (or http:// for a server on this computer), not ftp://.'],
  ])('refuses %s with a clear message, asks no server, and changes nothing', async (_name, input, code, message) => {
    const services = await launch();
    await settled(services);
    const before = await accountOf(services);
    const response = await services.respond('setApiKey', input);
    expect(response).toEqual({ ok: false, error: { code, message } });
    expect(await accountOf(services)).toEqual(before);
    expect(fake.requests).toEqual([]);
    expect(await (await keptStore()).get('openai-api-key')).toBeUndefined();
  });

  it.each([
    ['a server that answers with a web page', 'html' as const, 'invalid_input', /^http:\/\/127\.0\.0\.1:\d+\/v1 did not answer like an OpenAI server \(it sent a web page\)\./],
    ['a key the server rejects', 'unauthorized' as const, 'auth', /^http:\/\/127\.0\.0\.1:\d+\/v1 rejected this key\.$/],
  ])('refuses %s after one call, and changes nothing', async (_name, scenario, code, message) => {
    const services = await launch();
    await settled(services);
    const before = await accountOf(services);
    fake.setScenario(scenario);
    const response = await services.respond('setApiKey', { apiKey: sentinel, baseUrl: fake.url });
    expect(response).toMatchObject({ ok: false, error: { code } });
    if (response.ok) throw new Error('accepted');
    expect(response.error.message).toMatch(message);
    expect(JSON.stringify(response)).not.toContain(sentinel);
    expect(fake.requests).toHaveLength(1);
    expect(await accountOf(services)).toEqual(before);
    expect(await (await keptStore()).get('openai-api-key')).toBeUndefined();
  });

  it('says a server that is not there cannot be reached, and changes nothing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1`;
    await new Promise((resolve) => closed.close(resolve));
    const services = await launch();
    await settled(services);
    const response = await services.respond('setApiKey', { apiKey: sentinel, baseUrl });
    expect(response).toEqual({ ok: false, error: { code: 'network', message: `Could not reach ${baseUrl}: check the address and the connection, then try again.` } });
    expect(await accountOf(services)).toMatchObject({ backend: 'offline' });
  });

  it('keeps the key for this session only where no credential store can keep it, says so, and forgets it on restart', async () => {
    const memory = () => Promise.resolve(createMemorySecretStore('no keyring on this machine'));
    const services = await launch({ openSecrets: memory });
    expect(await settled(services)).toMatchObject({ keyStorage: 'session' });
    const { account } = (await services.callUntrusted('setApiKey', { apiKey: sentinel, baseUrl: fake.url })) as { account: AccountSummary };
    expect(account).toMatchObject({ backend: 'openai', keySource: 'session', keyStorage: 'session' });
    expect(lines.join('\n')).toContain('kept for this session only');
    await services.close();

    const restarted = await launch({ openSecrets: memory });
    expect(await settled(restarted)).toMatchObject({ backend: 'offline', keyStorage: 'session' });
  });

  it('finishes a turn in flight on the key it started on when the user signs out, and runs the next one offline', async () => {
    const services = await launch();
    await settled(services);
    await services.callUntrusted('setApiKey', { apiKey: sentinel, baseUrl: fake.url });
    fake.setScenario({ name: 'slow', delayMs: 150 });
    const { messageId } = await services.call('sendMessage', { text: 'Generate concept art for a steampunk airship' });
    expect((await services.call('getState', {})).busy).toBe(true);
    const { account } = (await services.callUntrusted('signOut', {})) as { account: AccountSummary };
    expect(account.backend).toBe('offline');
    const inFlight = await finishedTurn(services, messageId);
    expect(inFlight.parts.find((part) => part.type === 'image')).toMatchObject({ status: 'completed', model: 'gpt-image-2' });

    fake.setScenario('ok');
    fake.clearRequests();
    const next = await services.call('sendMessage', { text: 'Generate concept art for a steampunk airship' });
    const offline = await finishedTurn(services, next.messageId);
    expect(offline.parts.find((part) => part.type === 'image')).toMatchObject({ status: 'completed', model: 'forge-offline-1', offlinePreview: true });
    expect(fake.requests).toEqual([]);
  });

  it('picks the chat model from the server\'s list, lets the user change it, and keeps the choice', async () => {
    const services = await launch();
    await settled(services);
    await services.callUntrusted('setApiKey', { apiKey: sentinel, baseUrl: fake.url });
    await expect(services.callUntrusted('setChatModel', { model: 'gpt-5.5' })).rejects.toThrow('"gpt-5.5" is not a chat model this server lists. Pick one of: gpt-5, gpt-5-mini.');
    const { account } = (await services.callUntrusted('setChatModel', { model: 'gpt-5-mini' })) as { account: AccountSummary };
    expect(account.chatModel).toBe('gpt-5-mini');
    fake.clearRequests();
    const { messageId } = await services.call('sendMessage', { text: 'hello' });
    await finishedTurn(services, messageId);
    expect((fake.requests.find((request) => request.path === '/v1/responses')?.body as { model?: string }).model).toBe('gpt-5-mini');
    expect(JSON.parse(await readFile(join(dir, 'config', 'settings.json'), 'utf8'))).toMatchObject({ chatModel: 'gpt-5-mini' });
    await services.close();

    const restarted = await launch();
    expect(await settled(restarted)).toMatchObject({ backend: 'openai', chatModel: 'gpt-5-mini' });
  });

  it('starts offline at once when asked to, and refuses account calls it cannot run', async () => {
    const services = await launch({ preference: 'offline' });
    // Offline by choice is known at once: no checking state at all.
    const account = await accountOf(services);
    expect(account).toMatchObject({ backend: 'offline', label: 'Offline previews' });
    expect(account.checking).toBeUndefined();
    expect(await services.respond('setChatModel', { model: 'gpt-5' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await services.respond('startSignIn', { method: 'password' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await services.respond('cancelSignIn', { loginId: 'nothing-running' })).toEqual({ ok: true, result: { cancelled: false } });
  });

  describe.skipIf(codexUnavailable !== undefined)('ChatGPT sign-in on the real codex binary (no network)', () => {
    it('hands out the auth.openai.com page, and Cancel leaves Forge offline with Codex closed again', () =>
      withCodexLoginPort(async () => {
        const services = await launch();
        await settled(services);
        const started = (await services.callUntrusted('startSignIn', { method: 'chatgpt' })) as { loginId: string; authUrl: string };
        expect(started.authUrl.startsWith('https://auth.openai.com/')).toBe(true);
        expect((await accountOf(services)).signIn).toEqual({ status: 'waiting', loginId: started.loginId, method: 'chatgpt', authUrl: started.authUrl });

        const ended = nextEvent(services, (event) => event.type === 'sign-in');
        expect(await services.callUntrusted('cancelSignIn', { loginId: started.loginId })).toEqual({ cancelled: true });
        expect(await ended).toEqual({ type: 'sign-in', loginId: started.loginId, status: 'cancelled' });
        const account = await accountOf(services);
        expect(account).toMatchObject({ backend: 'offline', signedIn: false, label: 'Offline previews' });
        expect(account.signIn).toBeUndefined();
        expect(codexBackends.map((record) => record.closed)).toEqual([true]);
      }),
    );

    it('ends a callback whose code cannot be exchanged in a clear failure event, not a hang', () =>
      withCodexLoginPort(async () => {
        const services = await launch();
        await settled(services);
        const started = (await services.callUntrusted('startSignIn', { method: 'chatgpt' })) as { loginId: string; authUrl: string };
        const auth = new URL(started.authUrl);
        const callback = new URL(auth.searchParams.get('redirect_uri') ?? '');
        callback.searchParams.set('code', 'forge-test-code');
        callback.searchParams.set('state', auth.searchParams.get('state') ?? '');
        const ended = nextEvent(services, (event) => event.type === 'sign-in');
        await fetch(callback, { signal: AbortSignal.timeout(40_000) });
        const event = await ended;
        expect(event).toMatchObject({ type: 'sign-in', loginId: started.loginId, status: 'failed' });
        const message = event.type === 'sign-in' ? (event.message ?? '') : '';
        expect(message).toMatch(/^The sign-in did not complete: Token exchange failed: .+\. Check the connection, then sign in again\.$/);
        expect(await accountOf(services)).toMatchObject({ backend: 'offline', signIn: { status: 'failed', message } });
      }),
    );

    it('finds a stored ChatGPT sign-in at start-up even when OpenAI cannot be reached, and Sign out removes it', async () => {
      const codexHome = join(dir, 'config', 'codex');
      await writeStoredChatGPTSignIn(codexHome);
      const services = await launch();
      expect(await settled(services)).toMatchObject({ backend: 'codex', signedIn: true, label: 'ChatGPT', imageModel: 'gpt-image-2' });
      const { account } = (await services.callUntrusted('signOut', {})) as { account: AccountSummary };
      expect(account).toMatchObject({ backend: 'offline', label: 'Offline previews' });
      await expect(readFile(join(codexHome, 'auth.json'))).rejects.toThrow();
      for (let attempt = 0; attempt < 200 && codexBackends[0]?.closed !== true; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(codexBackends.map((record) => record.closed)).toEqual([true]);
      await services.close();
      expect(await settled(await launch())).toMatchObject({ backend: 'offline' });
    });

    it('says at once that a device code needs the network', async () => {
      const services = await launch();
      await settled(services);
      const response = await services.respond('startSignIn', { method: 'device-code' });
      expect(response).toMatchObject({ ok: false, error: { code: 'network' } });
      if (response.ok) throw new Error('started');
      expect(response.error.message).toMatch(/^Could not reach OpenAI while starting the sign-in/);
      expect((await accountOf(services)).signIn).toBeUndefined();
    });

    it('starts on Codex when it has a server of its own, and a key replaces it once its turn is done', async () => {
      const services = await launch({ codex: { home: join(dir, 'config', 'codex'), provider: { baseURL: fake.url, actorAuthorization: 'forge-test-actor', model: 'gpt-fake' } } });
      expect(await settled(services)).toMatchObject({ backend: 'codex', signedIn: true, label: 'Codex on a custom server', imageModel: 'gpt-image-2', canSignIn: true });
      await services.callUntrusted('setApiKey', { apiKey: sentinel, baseUrl: fake.url });
      expect(await accountOf(services)).toMatchObject({ backend: 'openai', label: 'OpenAI API key' });
      for (let attempt = 0; attempt < 200 && codexBackends[0]?.closed !== true; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(codexBackends.map((record) => record.closed)).toEqual([true]);
    });
  });
});
