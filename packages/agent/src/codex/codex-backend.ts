// The Codex backend: chat turns on the user's ChatGPT plan through the real `codex app-server`
// (from the pinned @openai/codex dependency), one supervised process per private CODEX_HOME.
// Threads map to ephemeral Codex threads (given Forge's history after a restart); turns stream
// core events. Codex's own tools are off except image generation unless a turn asks for agent
// tools, and then every action waits for the user (codex-tool-config.ts, codex-approval-router.ts).
import { randomUUID } from 'node:crypto';
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';

import { redactSecrets } from '@forge/image-gen';

import { codexImageSupport } from './codex-image-support.ts';
import type { AgentAccount, AgentBackendV1, AgentRateLimits, AgentTurnEvent, RateLimitWindow, RunTurnOptions } from '../agent-backend-spec.ts';
import { AgentError } from '../agent-error.ts';
import { consoleLogger, type AgentLogger } from '../agent-logger.ts';
import { inheritedEnvironment } from '../environment.ts';
import { createEventQueue } from '../event-queue.ts';
import { createAppServerSupervisor, type AppServerSession, type CodexSpawner } from './app-server-supervisor.ts';
import { createCodexApprovalRouter } from './codex-approval-router.ts';
import { codexCredentialStoreArgs, createCodexAccounts, type CodexAccounts } from './codex-account.ts';
import { resolveCodexBinary } from './codex-binary.ts';
import { prepareCodexHome, type CodexProviderConfig } from './codex-config.ts';
import { createCodexLogPruner } from './codex-log-pruner.ts';
import { injectHistory } from './codex-thread-history.ts';
import { codexToolSettings, writeAskFirstRules } from './codex-tool-config.ts';
import { codexImageModelId, createCodexTurnMapper } from './codex-turn-mapper.ts';
import { JsonRpcClosedError, JsonRpcRequestError } from './json-rpc-connection.ts';
import type { GetAccountRateLimitsResponse } from './protocol/v2/GetAccountRateLimitsResponse.ts';
import type { GetAccountResponse } from './protocol/v2/GetAccountResponse.ts';
import type { RateLimitSnapshot } from './protocol/v2/RateLimitSnapshot.ts';
import type { RateLimitWindow as CodexRateLimitWindow } from './protocol/v2/RateLimitWindow.ts';
import type { ThreadStartResponse } from './protocol/v2/ThreadStartResponse.ts';
import type { TurnStartResponse } from './protocol/v2/TurnStartResponse.ts';

export interface CodexBackendOptions {
  /** The app profile's private CODEX_HOME (created 0700). Never the user's ~/.codex. */
  codexHome: string;
  /** Points Codex at an OpenAI-compatible server instead of the ChatGPT sign-in; written to config.toml. */
  provider?: CodexProviderConfig;
  /** Working directory of new threads (the project folder or the scratchpad); defaults to `codexHome`. */
  cwd?: string;
  /** The native codex executable; defaults to the one shipped with @openai/codex. */
  binaryPath?: string;
  /** Replaces child_process.spawn (tests wrap it to crash or corrupt the process). */
  spawner?: CodexSpawner;
  logger?: AgentLogger;
  /** The child's environment (CODEX_HOME is added); defaults to an allow-listed copy of process.env. */
  environment?: Record<string, string>;
  /** Backoff before restarting a crashed app-server (default 250 ms, doubling to 8 s). */
  restartDelayMs?: number;
  /** How long to wait for `turn/completed` after `turn/interrupt` before ending the turn anyway (default 5 s). */
  interruptTimeoutMs?: number;
  clientInfo?: { name: string; title: string; version: string };
}

export interface CodexBackend extends AgentBackendV1 {
  readonly id: 'codex';
  releaseImage(callId: string): Promise<void>;
  /** Plan windows from `account/rateLimits/read`, or the latest update notification; undefined when Codex knows none. */
  rateLimits(): Promise<AgentRateLimits | undefined>;
  /** Sign in with ChatGPT, sign out, and who is signed in (`account/*`). */
  readonly accounts: CodexAccounts;
  /** Stops the app-server (SIGTERM, then SIGKILL after 2 s). */
  close(): Promise<void>;
  /** The Codex thread id behind a Forge thread, once it has one. */
  codexThreadId(threadId: string): string | undefined;
}

interface TurnListener {
  turnId: string | undefined;
  buffered: { method: string; params: unknown }[];
  deliver(method: string, params: unknown): void;
}

/** The Codex tools a thread is loaded with: a change of either continues in a new thread. */
interface CodexThreadTools {
  agentTools: boolean;
  imageGeneration: boolean;
}

const askModeNote =
  '[Forge is in Ask mode: answer in text only. Do not call any tools and do not generate images in this turn.]';

function threadIdOf(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const record = params as { threadId?: unknown; thread?: { id?: unknown } };
  if (typeof record.threadId === 'string') return record.threadId;
  return typeof record.thread?.id === 'string' ? record.thread.id : undefined;
}

function turnIdOf(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const record = params as { turnId?: unknown; turn?: { id?: unknown } };
  if (typeof record.turnId === 'string') return record.turnId;
  return typeof record.turn?.id === 'string' ? record.turn.id : undefined;
}

/** Read through a function so TypeScript does not narrow `aborted` across awaits. */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function toWindow(window: CodexRateLimitWindow | null | undefined): RateLimitWindow | undefined {
  if (window === null || window === undefined) return undefined;
  return {
    usedPercent: window.usedPercent,
    ...(window.windowDurationMins === null ? {} : { windowMinutes: window.windowDurationMins }),
    ...(window.resetsAt === null ? {} : { resetsAt: new Date(window.resetsAt * 1000) }),
  };
}

export function createCodexBackend(options: CodexBackendOptions): CodexBackend {
  const logger = options.logger ?? consoleLogger;
  const secrets = options.provider === undefined ? [] : [options.provider.actorAuthorization];
  const redact = (text: string): string => redactSecrets(text, secrets);
  const turnListeners = new Map<string, TurnListener>();
  /** `tools`: the tool settings the Codex thread is loaded with in this generation. */
  const threads = new Map<string, { codexThreadId: string; generation: number; tools: CodexThreadTools }>();
  const approvals = createCodexApprovalRouter({ createId: randomUUID, logger });
  const codexCopies = new Map<string, string>();
  let latestRateLimits: RateLimitSnapshot | undefined;
  let cachedAccount: { generation: number; response: GetAccountResponse } | undefined;
  let prepared: Promise<void> | undefined;
  let binaryPath: string | undefined;
  const logPruner = createCodexLogPruner(options.codexHome, logger);

  function mergeRateLimits(update: RateLimitSnapshot): void {
    latestRateLimits = {
      ...(latestRateLimits ?? update),
      ...Object.fromEntries(Object.entries(update).filter(([, value]) => value !== null)),
    };
  }

  function quotaResetsAt(): Date | undefined {
    const windows = [latestRateLimits?.primary, latestRateLimits?.secondary].filter((window) => window !== null && window !== undefined);
    const spent = windows.filter((window) => window.usedPercent >= 100 && window.resetsAt !== null);
    const resets = spent.map((window) => window.resetsAt ?? 0).sort((a, b) => b - a)[0];
    return resets === undefined ? undefined : new Date(resets * 1000);
  }

  const supervisor = createAppServerSupervisor({
    // Resolved at first spawn, so a missing binary surfaces as a clear turn error, not a crash at startup.
    binaryPath: () => (binaryPath ??= options.binaryPath ?? resolveCodexBinary().path),
    codexHome: options.codexHome,
    extraArgs: codexCredentialStoreArgs,
    environment: options.environment ?? inheritedEnvironment(),
    ...(options.spawner === undefined ? {} : { spawner: options.spawner }),
    logger,
    secrets,
    ...(options.restartDelayMs === undefined ? {} : { restartDelayMs: options.restartDelayMs }),
    ...(options.clientInfo === undefined ? {} : { clientInfo: options.clientInfo }),
    onNotification(method, params) {
      if (method === 'account/rateLimits/updated') {
        const update = (params as { rateLimits?: RateLimitSnapshot } | undefined)?.rateLimits;
        if (update !== undefined) mergeRateLimits(update);
        const merged = agentRateLimits();
        if (merged !== undefined) accounts.emit({ type: 'rate-limits-updated', rateLimits: merged });
        return;
      }
      if (method === 'account/updated' || method === 'account/login/completed') {
        cachedAccount = undefined;
        accounts.handleNotification(method, params);
        return;
      }
      if (method === 'error') {
        const message = (params as { error?: { message?: unknown } } | undefined)?.error?.message;
        if (typeof message === 'string') logger.warn(`Codex reported: ${redact(message)}`);
      }
      approvals.noteNotification(method, params);
      const threadId = threadIdOf(params);
      if (threadId !== undefined) turnListeners.get(threadId)?.deliver(method, params);
    },
    onServerRequest(method, params) {
      // Approvals wait for the user (an `approval-request` event); nothing else is answered.
      const answer = approvals.handle(method, params);
      if (answer !== undefined) return answer;
      throw new Error(`Forge does not handle ${method}`);
    },
  });

  async function ready(): Promise<AppServerSession> {
    prepared ??= prepareCodexHome(options.codexHome, options.provider).then(() => writeAskFirstRules(options.codexHome));
    await prepared;
    return supervisor.ready();
  }

  const accounts = createCodexAccounts({ ready, readAccount: (session) => readAccount(session), invalidate: () => (cachedAccount = undefined), redact });

  async function readAccount(session: AppServerSession): Promise<GetAccountResponse> {
    if (cachedAccount?.generation === session.generation) return cachedAccount.response;
    const response = await session.connection.request<GetAccountResponse>('account/read', {});
    cachedAccount = { generation: session.generation, response };
    return response;
  }

  function isSignedIn(response: GetAccountResponse): boolean {
    return response.account !== null || !response.requiresOpenaiAuth;
  }

  function toAgentError(error: unknown, action: string): AgentError {
    if (AgentError.isInstance(error)) return error;
    if (error instanceof JsonRpcClosedError) {
      return new AgentError({ code: 'backend_crashed', message: `The Codex app-server stopped while ${action}. Forge restarts it; send your message again.`, cause: error });
    }
    if (error instanceof JsonRpcRequestError) {
      return new AgentError({ code: 'protocol', message: `Codex rejected ${action}: ${redact(error.message)}`, cause: error });
    }
    return new AgentError({ code: 'server', message: `Codex failed while ${action}: ${redact(String(error))}`, cause: error });
  }

  async function codexThreadFor(session: AppServerSession, turn: RunTurnOptions, tools: CodexThreadTools): Promise<string> {
    const { threadId, history } = turn;
    const cwd = workingFolder(turn);
    const known = threads.get(threadId);
    if (known !== undefined && turnListeners.has(known.codexThreadId)) throw busyError();
    const settings = codexToolSettings({ ...tools, cwd }).thread;
    if (known?.generation === session.generation && known.tools.agentTools === tools.agentTools && known.tools.imageGeneration === tools.imageGeneration) {
      return known.codexThreadId;
    }
    // A loaded thread keeps the tools it was loaded with, and an ephemeral thread cannot be resumed
    // once unloaded: a change of tools, like a restart, continues in a new thread given Forge's history.
    if (known?.generation === session.generation) {
      await session.connection.request('thread/unsubscribe', { threadId: known.codexThreadId }).catch((error: unknown) => {
        if (error instanceof JsonRpcClosedError) throw error;
        logger.warn(`Could not unload Codex thread ${known.codexThreadId}: ${redact(String(error))}`);
      });
    }
    const started = await session.connection.request<ThreadStartResponse>('thread/start', {
      cwd,
      ...settings,
      // Raw items carry the image tool's output, which says why an image failed (e.g. HTTP 429).
      experimentalRawEvents: true,
      // Nothing on disk: Codex would keep every image four times over in CODEX_HOME (codex-thread-history.ts).
      ephemeral: true,
    });
    await injectHistory(session.connection, started.thread.id, history);
    threads.set(threadId, { codexThreadId: started.thread.id, generation: session.generation, tools });
    return started.thread.id;
  }

  /** The turn's workspace folder (it follows a workspace switch), else the backend's own. */
  function workingFolder(turn: RunTurnOptions): string {
    return turn.cwd ?? options.cwd ?? options.codexHome;
  }

  function busyError(): AgentError {
    return new AgentError({ code: 'invalid_request', message: 'A turn is already running in this chat; wait for it or cancel it.', retryable: true });
  }

  async function* runTurn(turn: RunTurnOptions): AsyncGenerator<AgentTurnEvent> {
    const cancelled = (): AgentTurnEvent => ({ type: 'turn-failed', error: new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' }) });
    if (turn.abortSignal?.aborted === true) {
      yield cancelled();
      return;
    }
    // Ask mode only answers: it never gets tools that act, nor the image tool.
    const agentTools = turn.agentTools === true && turn.mode === 'agent';
    const tools: CodexThreadTools = { agentTools, imageGeneration: turn.mode === 'agent' };
    let session: AppServerSession;
    let codexThreadId: string;
    try {
      session = await ready();
      const account = await readAccount(session);
      if (!isSignedIn(account)) {
        yield {
          type: 'turn-failed',
          error: new AgentError({ code: 'signed_out', message: 'Codex is not signed in: sign in to ChatGPT in Settings → Account, or use an API key.', retryable: false }),
        };
        return;
      }
      codexThreadId = await codexThreadFor(session, turn, tools);
    } catch (error) {
      yield { type: 'turn-failed', error: toAgentError(error, 'starting the conversation') };
      return;
    }
    if (turnListeners.has(codexThreadId)) {
      yield { type: 'turn-failed', error: busyError() };
      return;
    }

    const queue = createEventQueue<AgentTurnEvent>();
    const mapper = createCodexTurnMapper({
      imageModelId: codexImageModelId,
      quotaResetsAt,
      onCodexCopy: (callId, savedPath) => codexCopies.set(callId, savedPath),
    });
    const push = (events: AgentTurnEvent[]): void => {
      queue.push(...events);
      if (mapper.finished) queue.end();
    };
    const listener: TurnListener = {
      turnId: undefined,
      buffered: [],
      deliver(method, params) {
        // Every notification (a reconnect note included) is a sign of life for the host's stall watchdog.
        turn.onActivity?.();
        if (listener.turnId === undefined) {
          listener.buffered.push({ method, params });
          return;
        }
        const turnId = turnIdOf(params);
        if (turnId !== undefined && turnId !== listener.turnId) return;
        push(mapper.handle(method, params));
      },
    };
    turnListeners.set(codexThreadId, listener);
    const turnApprovals = approvals.attach(codexThreadId, (event) => queue.push(event));

    let interruptTimer: ReturnType<typeof setTimeout> | undefined;
    const interrupt = (): void => {
      turnApprovals.declinePending();
      if (mapper.finished || interruptTimer !== undefined) return;
      const turnId = listener.turnId;
      interruptTimer = setTimeout(() => push(mapper.fail(new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' }))), options.interruptTimeoutMs ?? 5_000);
      if (turnId === undefined) return;
      session.connection.request('turn/interrupt', { threadId: codexThreadId, turnId }).catch((error: unknown) => {
        logger.warn(`turn/interrupt failed: ${redact(String(error))}`);
        push(mapper.fail(new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' })));
      });
    };
    turn.abortSignal?.addEventListener('abort', interrupt, { once: true });
    void session.exited.then((exit) => {
      if (exit.expected) push(mapper.fail(new AgentError({ code: 'cancelled', message: 'The Codex backend was closed.' })));
      else {
        push(
          mapper.fail(
            new AgentError({
              code: 'backend_crashed',
              message: `The Codex app-server stopped in the middle of this turn (${exit.signal ?? `exit code ${String(exit.code)}`}). Forge restarted it; send your message again.`,
            }),
          ),
        );
      }
    });

    try {
      const text = turn.mode === 'ask' ? `${askModeNote}\n\n${turn.input.text}` : turn.input.text;
      let started: TurnStartResponse;
      try {
        started = await session.connection.request<TurnStartResponse>('turn/start', {
          threadId: codexThreadId,
          input: [{ type: 'text', text, text_elements: [] }],
          ...codexToolSettings({ ...tools, cwd: workingFolder(turn) }).turn,
        });
      } catch (error) {
        yield { type: 'turn-failed', error: toAgentError(error, 'starting the turn') };
        return;
      }
      listener.turnId = started.turn.id;
      yield { type: 'turn-started', threadId: turn.threadId, turnId: started.turn.id, backendThreadId: codexThreadId };
      for (const { method, params } of listener.buffered.splice(0)) listener.deliver(method, params);
      if (isAborted(turn.abortSignal)) interrupt();
      for (let next = await queue.next(); next.done !== true; next = await queue.next()) yield next.value;
    } finally {
      clearTimeout(interruptTimer);
      turn.abortSignal?.removeEventListener('abort', interrupt);
      turnApprovals.detach();
      turnListeners.delete(codexThreadId);
      logPruner.schedule();
      // The consumer stopped listening early: do not leave the turn running (and spending quota).
      if (!mapper.finished && listener.turnId !== undefined && !session.connection.closed) {
        session.connection.request('turn/interrupt', { threadId: codexThreadId, turnId: listener.turnId }).catch(() => undefined);
      }
    }
  }

  async function account(): Promise<AgentAccount> {
    const session = await ready();
    const response = await readAccount(session);
    // gpt-image-2 is fixed in codex 0.169.0: Settings shows it, and offers no alternatives.
    const base: Omit<AgentAccount, 'signedIn'> = { backend: 'codex', defaultImageModel: codexImageModelId, imageModels: [codexImageModelId], imageModelSelectable: false };
    if (response.account?.type === 'chatgpt') {
      return { ...base, signedIn: true, plan: response.account.planType, ...(response.account.email === null ? {} : { email: response.account.email }) };
    }
    if (response.account !== null) return { ...base, signedIn: true, plan: response.account.type === 'apiKey' ? 'api-key' : response.account.type };
    return response.requiresOpenaiAuth ? { ...base, signedIn: false } : { ...base, signedIn: true, plan: 'custom-provider' };
  }

  async function rateLimits(): Promise<AgentRateLimits | undefined> {
    const session = await ready();
    try {
      const response = await session.connection.request<GetAccountRateLimitsResponse>('account/rateLimits/read');
      mergeRateLimits(response.rateLimits);
    } catch (error) {
      if (!(error instanceof JsonRpcRequestError)) throw toAgentError(error, 'reading rate limits');
      // Not signed in to ChatGPT: only what the notifications told us is known.
    }
    return agentRateLimits();
  }

  function agentRateLimits(): AgentRateLimits | undefined {
    const primary = toWindow(latestRateLimits?.primary);
    const secondary = toWindow(latestRateLimits?.secondary);
    if (primary === undefined && secondary === undefined) return undefined;
    return { ...(primary === undefined ? {} : { primary }), ...(secondary === undefined ? {} : { secondary }) };
  }

  async function releaseImage(callId: string): Promise<void> {
    const savedPath = codexCopies.get(callId);
    if (savedPath === undefined) return;
    codexCopies.delete(callId);
    const root = path.resolve(options.codexHome, 'generated_images');
    const file = path.resolve(savedPath);
    const relative = path.relative(root, file);
    // Only ever delete inside CODEX_HOME/generated_images.
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      logger.warn(`Not deleting ${file}: it is outside ${root}.`);
      return;
    }
    await rm(file, { force: true });
    const folder = path.dirname(file);
    if (folder !== root && (await readdir(folder).catch(() => ['?'])).length === 0) await rmdir(folder).catch(() => undefined);
  }

  return {
    specificationVersion: 'v1',
    id: 'codex',
    capabilities: {
      agentTools: true,
      // Codex 0.169's image tool is the model's to call: it draws from the model's prompt at the
      // size, quality and background Codex fixes (see codex-image-support.ts).
      ...codexImageSupport,
    },
    runTurn,
    account,
    rateLimits,
    releaseImage,
    accounts,
    codexThreadId: (threadId) => threads.get(threadId)?.codexThreadId,
    async close() {
      approvals.declineAll();
      await supervisor.close();
      await logPruner.idle();
    },
  };
}
