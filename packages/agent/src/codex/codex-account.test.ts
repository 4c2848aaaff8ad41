// Signing in with ChatGPT through the real `codex app-server` 0.169.0, on a machine without a
// network: the sign-in starts (Codex hands out the auth.openai.com URL and listens on
// 127.0.0.1:1455 for the browser), can be cancelled, and a callback whose code cannot be
// exchanged ends in a failure event — never a hang. Private CODEX_HOME, never ~/.codex.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { withCodexLoginPort } from '@forge/test-services';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AgentError } from '../agent-error.ts';
import type { AgentLogger } from '../agent-logger.ts';
import { defaultCodexSpawner, type CodexChildProcess } from './app-server-supervisor.ts';
import { hasStoredCodexSignIn, type CodexAccountEvent } from './codex-account.ts';
import { createCodexBackend, type CodexBackend } from './codex-backend.ts';
import { resolveCodexBinary } from './codex-binary.ts';

function codexUnavailableReason(): string | undefined {
  try {
    const version = execFileSync(resolveCodexBinary().path, ['--version'], { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '' } });
    return version.includes('0.169.0') ? undefined : `the codex binary reports "${version.trim()}", not 0.169.0`;
  } catch (error) {
    return `the codex binary cannot run here: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const unavailable = codexUnavailableReason();
if (unavailable !== undefined) console.warn(`Skipping the real-Codex sign-in tests: ${unavailable}`);

/** The next event that matches, or a failure after `timeoutMs` (the test then says what came instead). */
function nextEvent(backend: CodexBackend, matches: (event: CodexAccountEvent) => boolean, timeoutMs = 40_000): Promise<CodexAccountEvent> {
  return new Promise((resolve, reject) => {
    const seen: CodexAccountEvent[] = [];
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`No matching account event within ${timeoutMs} ms; saw ${JSON.stringify(seen)}`));
    }, timeoutMs);
    const unsubscribe = backend.accounts.subscribe((event) => {
      seen.push(event);
      if (!matches(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

describe.skipIf(unavailable !== undefined)('ChatGPT sign-in on the real codex binary (no network)', { timeout: 120_000 }, () => {
  let home: string;
  let backend: CodexBackend | undefined;
  const logs: string[] = [];
  const logger: AgentLogger = { debug: (line) => logs.push(line), warn: (line) => logs.push(line), error: (line) => logs.push(line) };
  let children: CodexChildProcess[] = [];

  function create(): CodexBackend {
    backend = createCodexBackend({
      codexHome: path.join(home, 'codex-home'),
      logger,
      spawner: (command, args, options) => {
        const child = defaultCodexSpawner(command, args, options);
        children.push(child);
        return child;
      },
    });
    return backend;
  }

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'forge-codex-account-'));
    children = [];
  });
  afterEach(async () => {
    await backend?.close();
    backend = undefined;
    rmSync(home, { recursive: true, force: true });
    logs.length = 0;
  });

  it('reads a fresh home as signed out, without starting Codex for the quick check', async () => {
    const codex = create();
    expect(await hasStoredCodexSignIn(path.join(home, 'codex-home'))).toBe(false);
    expect(children).toHaveLength(0);
    expect(await codex.accounts.read()).toEqual({ signedIn: false, kind: 'none' });
    expect(children).toHaveLength(1);
  });

  it('hands out the auth.openai.com URL with a loopback callback, and Cancel leaves the account signed out', () =>
    withCodexLoginPort(async () => {
      const codex = create();
      const started = await codex.accounts.startSignIn('chatgpt');
      if (started.method !== 'chatgpt') throw new Error(`expected a browser sign-in, got ${started.method}`);
      expect(started.loginId).not.toBe('');
      const url = new URL(started.authUrl);
      expect(`${url.protocol}//${url.host}/`).toBe('https://auth.openai.com/');
      expect(url.pathname).toBe('/oauth/authorize');
      expect(new URL(url.searchParams.get('redirect_uri') ?? '').hostname).toBe('127.0.0.1');

      const ended = nextEvent(codex, (event) => event.type === 'sign-in-failed' || event.type === 'sign-in-completed');
      expect(await codex.accounts.cancelSignIn(started.loginId)).toBe(true);
      expect(await ended).toEqual({ type: 'sign-in-failed', loginId: started.loginId, message: 'Cancelled' });
      expect(await codex.accounts.read()).toMatchObject({ signedIn: false });
      expect(await hasStoredCodexSignIn(path.join(home, 'codex-home'))).toBe(false);
      // A second cancel finds nothing to stop.
      expect(await codex.accounts.cancelSignIn(started.loginId)).toBe(false);
    }),
  );

  it('ends in a clear failure event when the browser comes back with a code that cannot be exchanged', () =>
    withCodexLoginPort(async () => {
      const codex = create();
      const started = await codex.accounts.startSignIn('chatgpt');
      if (started.method !== 'chatgpt') throw new Error(`expected a browser sign-in, got ${started.method}`);
      const url = new URL(started.authUrl);
      const callback = new URL(url.searchParams.get('redirect_uri') ?? '');
      callback.searchParams.set('code', 'forge-test-code-that-cannot-be-exchanged');
      callback.searchParams.set('state', url.searchParams.get('state') ?? '');

      const ended = nextEvent(codex, (event) => event.type === 'sign-in-failed' || event.type === 'sign-in-completed');
      // What the browser would do after the user signs in: Codex then exchanges the code at auth.openai.com, which it cannot reach.
      const page = await fetch(callback, { signal: AbortSignal.timeout(40_000) });
      expect(page.status).toBeLessThan(500);
      const event = await ended;
      expect(event).toMatchObject({ type: 'sign-in-failed', loginId: started.loginId });
      expect(event.type === 'sign-in-failed' ? event.message : '').toMatch(/Token exchange failed/);
      expect(await codex.accounts.read()).toMatchObject({ signedIn: false });
    }),
  );

  it('says the device code could not be requested without a network, at once and without hanging', async () => {
    const codex = create();
    const failure = await codex.accounts.startSignIn('device-code').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(AgentError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'network' });
    expect((failure as Error).message).toMatch(/^Could not reach OpenAI while starting the sign-in/);
  });

  it('reports a sign-in lost with its app-server instead of waiting forever', () =>
    withCodexLoginPort(async () => {
      const codex = create();
      const started = await codex.accounts.startSignIn('chatgpt');
      const ended = nextEvent(codex, (event) => event.type === 'sign-in-failed');
      children.at(-1)?.kill('SIGKILL');
      expect(await ended).toEqual({ type: 'sign-in-failed', loginId: started.loginId, message: 'Codex stopped during the sign-in' });
    }),
  );

  it('signs out (nothing to forget on a fresh home) and stays signed out', async () => {
    const codex = create();
    await codex.accounts.signOut();
    expect(await codex.accounts.read()).toEqual({ signedIn: false, kind: 'none' });
    expect(existsSync(path.join(home, 'codex-home', 'auth.json'))).toBe(false);
  });
});
