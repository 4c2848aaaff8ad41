// Supervises one `codex app-server` child per CODEX_HOME: spawns it, runs the initialize
// handshake, logs its stderr (redacted), restarts it after a crash, and kills it when the
// host closes the backend or the Node process exits.
import { spawn } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

import { redactSecrets } from '@forge/image-gen';

import { AgentError } from '../agent-error.ts';
import type { AgentLogger } from '../agent-logger.ts';
import { createJsonRpcConnection, type JsonRpcConnection } from './json-rpc-connection.ts';
import type { InitializeResponse } from './protocol/InitializeResponse.ts';

/** The part of a ChildProcess the supervisor uses, so tests can wrap or replace it. */
export interface CodexChildProcess {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
}

export type CodexSpawner = (command: string, args: readonly string[], options: { env: Record<string, string>; cwd?: string }) => CodexChildProcess;

export const defaultCodexSpawner: CodexSpawner = (command, args, options) =>
  spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });

export interface AppServerExit {
  generation: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when we asked it to stop. */
  expected: boolean;
}

export interface AppServerSession {
  /** Increments with every (re)start: threads must be resumed in a new generation. */
  readonly generation: number;
  readonly connection: JsonRpcConnection;
  readonly initialize: InitializeResponse;
  readonly child: CodexChildProcess;
  /** Settles when this process exits. */
  readonly exited: Promise<AppServerExit>;
}

export interface AppServerSupervisorOptions {
  /** The native codex executable (a function: resolved when first spawned). */
  binaryPath: string | (() => string);
  codexHome: string;
  environment: Record<string, string>;
  extraArgs?: readonly string[];
  cwd?: string;
  spawner?: CodexSpawner;
  logger: AgentLogger;
  /** Strings scrubbed from everything logged (configured header values, tokens). */
  secrets?: readonly string[];
  clientInfo?: { name: string; title: string; version: string };
  onNotification: (method: string, params: unknown, generation: number) => void;
  onServerRequest?: (method: string, params: unknown) => unknown;
  /** Delay before restarting after a crash; doubles on repeated crashes (default 250 ms, at most 8 s). */
  restartDelayMs?: number;
  /** How long `initialize` may take before the start counts as failed (default 20 s). */
  startTimeoutMs?: number;
}

export interface AppServerSupervisor {
  /** The running, initialized server; starts (or restarts) it when needed. */
  ready(): Promise<AppServerSession>;
  /** The current session if one is up, without starting anything. */
  current(): AppServerSession | undefined;
  close(): Promise<void>;
}

const maxRestartDelayMs = 8_000;

/** Lines Codex prints on every start on machines like ours that need no one's attention. */
const knownNoise = [
  /could not find bubblewrap/i,
  /plugin(s)? sync/i,
  /failed to sync plugins/i,
  // A CODEX_HOME under the temp folder (tests, demos) gets no helper binaries on PATH; nothing is missing for Forge.
  /could not create PATH aliases/i,
  /Refusing to create helper binaries under temporary dir/i,
];

function isKnownNoise(line: string): boolean {
  return knownNoise.some((pattern) => pattern.test(line));
}

export function createAppServerSupervisor(options: AppServerSupervisorOptions): AppServerSupervisor {
  const spawner = options.spawner ?? defaultCodexSpawner;
  const secrets = options.secrets ?? [];
  const redact = (text: string): string => redactSecrets(text, secrets);
  let generation = 0;
  let starting: Promise<AppServerSession> | undefined;
  let session: AppServerSession | undefined;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let consecutiveCrashes = 0;
  let closed = false;
  const children = new Set<CodexChildProcess>();

  // Never leave an orphaned app-server behind when the app quits.
  const killAll = (): void => {
    for (const child of children) child.kill('SIGKILL');
  };
  process.once('exit', killAll);

  function pipeStderr(stream: Readable, currentGeneration: number): void {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      let newline = buffered.indexOf('\n');
      while (newline !== -1) {
        // eslint-disable-next-line no-control-regex -- strips the ANSI colours of Codex's tracing output
        const line = buffered.slice(0, newline).replace(/\u001b\[[0-9;]*m/g, '').trimEnd();
        buffered = buffered.slice(newline + 1);
        if (line !== '') {
          const message = `[codex app-server #${currentGeneration}] ${redact(line.slice(0, 2_000))}`;
          if (isKnownNoise(line)) options.logger.debug(message);
          else options.logger.warn(message);
        }
        newline = buffered.indexOf('\n');
      }
    });
  }

  function scheduleRestart(): void {
    if (closed || restartTimer !== undefined) return;
    const delay = Math.min(maxRestartDelayMs, (options.restartDelayMs ?? 250) * 2 ** Math.max(0, consecutiveCrashes - 1));
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (!closed && session === undefined && starting === undefined) {
        ready().catch((error: unknown) => options.logger.warn(`Restarting the Codex app-server failed: ${redact(String(error))}`));
      }
    }, delay);
    restartTimer.unref();
  }

  async function start(): Promise<AppServerSession> {
    generation += 1;
    const currentGeneration = generation;
    const child = spawner(typeof options.binaryPath === 'string' ? options.binaryPath : options.binaryPath(), ['app-server', ...(options.extraArgs ?? [])], {
      env: { ...options.environment, CODEX_HOME: options.codexHome },
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    children.add(child);
    let expected = false;
    const exited = new Promise<AppServerExit>((resolve) => {
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve({ generation: currentGeneration, code, signal, expected: expected || closed });
      });
      child.once('error', (error) => {
        children.delete(child);
        options.logger.error(`The Codex app-server could not run: ${redact(error.message)}`);
        resolve({ generation: currentGeneration, code: null, signal: null, expected: expected || closed });
      });
    });
    pipeStderr(child.stderr, currentGeneration);
    const connection = createJsonRpcConnection({
      input: child.stdout,
      output: child.stdin,
      onNotification: (method, params) => options.onNotification(method, params, currentGeneration),
      ...(options.onServerRequest === undefined ? {} : { onServerRequest: options.onServerRequest }),
      onMalformedLine: (line, reason) =>
        options.logger.warn(`[codex app-server #${currentGeneration}] skipped a line that is ${reason}: ${redact(line.slice(0, 200))}`),
    });
    child.stdin.on('error', () => undefined);

    void exited.then((exit) => {
      connection.close(crashError(exit));
      if (session?.generation === currentGeneration) session = undefined;
      if (!exit.expected) {
        consecutiveCrashes += 1;
        options.logger.warn(`The Codex app-server exited unexpectedly (${describeExit(exit)}); restarting.`);
        scheduleRestart();
      }
    });

    const timeoutMs = options.startTimeoutMs ?? 20_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const initialize = await Promise.race([
        connection.request<InitializeResponse>('initialize', {
          clientInfo: options.clientInfo ?? { name: 'forge', title: 'Forge', version: '0.1.0' },
          capabilities: { experimentalApi: true, requestAttestation: false },
        }),
        exited.then((exit) => Promise.reject(crashError(exit))),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new AgentError({ code: 'backend_crashed', message: `The Codex app-server did not answer within ${timeoutMs} ms.` })), timeoutMs);
        }),
      ]);
      connection.notify('initialized');
      const started: AppServerSession = { generation: currentGeneration, connection, initialize, child, exited };
      session = started;
      // A process that stays up for a while resets the backoff.
      setTimeout(() => {
        if (session === started) consecutiveCrashes = 0;
      }, 30_000).unref();
      return started;
    } catch (error) {
      expected = true;
      child.kill('SIGKILL');
      throw AgentError.isInstance(error)
        ? error
        : new AgentError({ code: 'backend_crashed', message: `The Codex app-server failed to start: ${redact(String(error))}`, cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  function ready(): Promise<AppServerSession> {
    if (closed) return Promise.reject(new AgentError({ code: 'backend_crashed', message: 'The Codex backend is closed.', retryable: false }));
    if (session !== undefined && !session.connection.closed) return Promise.resolve(session);
    if (starting === undefined) {
      clearTimeout(restartTimer);
      restartTimer = undefined;
      starting = start().finally(() => {
        starting = undefined;
      });
    }
    return starting;
  }

  return {
    ready,
    current: () => session,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      process.off('exit', killAll);
      const running = session;
      session = undefined;
      await starting?.catch(() => undefined);
      const current = running ?? session;
      if (current === undefined) return;
      current.connection.close(new AgentError({ code: 'cancelled', message: 'The Codex backend was closed.' }));
      current.child.stdin.end();
      current.child.kill('SIGTERM');
      const forceKill = setTimeout(() => current.child.kill('SIGKILL'), 2_000);
      await current.exited;
      clearTimeout(forceKill);
    },
  };
}

function describeExit(exit: AppServerExit): string {
  return exit.signal === null ? `exit code ${String(exit.code)}` : `signal ${exit.signal}`;
}

function crashError(exit: AppServerExit): AgentError {
  return new AgentError({
    code: 'backend_crashed',
    message: `The Codex app-server stopped (${describeExit(exit)}). Forge restarts it; send your message again.`,
  });
}
