// The composition root, in plain Node: one workspace (a project or Open mode), its asset store,
// the account (and with it the agent backend), and the chat session, behind the contract's
// calls. No `electron` here.
import { homedir } from 'node:os';
import { resolve } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend } from '@forge/agent';
import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import type { ImageModel } from '@forge/image-gen';

import { contractInputs, isContractCall } from '../contract/index.ts';
import type { AgentToolsSummary, ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeEvent } from '../contract/index.ts';
import { createAccountService } from './accounts/account-service.ts';
import type { AccountSetup } from './accounts/account-service.ts';
import { agentToolsSummary } from './agent-tools.ts';
import { ChatSession } from './chat-session.ts';
import { toContractError } from './error-info.ts';
import type { Logger } from './logger.ts';
import type { AppSettings, SettingsFile } from './settings-file.ts';

export type WorkspaceOptions = { mode: 'project'; projectDir: string } | { mode: 'open'; homeDir?: string };

export interface ForgeServicesOptions {
  workspace: WorkspaceOptions;
  /** The app's accounts: ChatGPT sign-in, API keys, the backend switching live. */
  accounts?: AccountSetup;
  /** Instead of `accounts`, a backend that never changes (tests, embedders). */
  backend?: AgentBackend;
  assetUrl: (relativePath: string) => string;
  logger: Logger;
  clock?: () => Date;
  /** Builds the model for a user-picked image model id, where the backend lets the host choose. */
  imageModelFor?: (modelId: string) => ImageModel | undefined;
  /** Where Settings choices (the image and chat models) are kept across launches; none keeps them in memory. */
  settings?: SettingsFile;
  /** The asset store's cache folder (thumbnails, the listing index); default: the OS cache folder. */
  cacheDir?: string;
  /** FORGE_STALL_TIMEOUT_MS: overrides `stallTimeoutMs` in the settings file (default two minutes). */
  stallTimeoutMs?: number;
}

export type ContractResponse = { ok: true; result: unknown } | { ok: false; error: ContractError };

export interface ForgeServices extends ForgeApi {
  readonly store: AssetStore;
  /** Every secret in use this session, for scrubbing logs. */
  secrets(): string[];
  /** Validates untrusted input (from IPC or HTTP) before calling. */
  callUntrusted(name: string, input: unknown): Promise<unknown>;
  /** `callUntrusted` as both hosts answer it: a result, or an error safe to show (and logged when unexpected). */
  respond(name: string, input: unknown): Promise<ContractResponse>;
  /** The renderer went away (window closed, page gone): what waits for the user's answer is declined. */
  rendererClosed(): void;
  close(): Promise<void>;
}

/** A call the renderer made wrongly: safe to show as is. */
export class ContractInputError extends Error {
  override readonly name = 'ContractInputError';
  readonly code = 'invalid_input';
}

export async function createForgeServices(options: ForgeServicesOptions): Promise<ForgeServices> {
  const { workspace, logger } = options;
  const { cacheDir } = options;
  const store = await openAssetStore(
    workspace.mode === 'project'
      ? { mode: 'project', projectDir: resolve(workspace.projectDir), cacheDir }
      : { mode: 'open', homeDir: workspace.homeDir ?? homedir(), cacheDir },
  );
  const memoryFileLabel = workspace.mode === 'project' ? '.forge/ASSETS.md' : '~/.forge/scratchpad/ASSETS.md';
  // What this room reads from the settings file (agent tools, the stall timeout); the account
  // service keeps its own keys, and both write through the file's update(), so neither erases the other's.
  let settings: AppSettings = (await options.settings?.read()) ?? { imageModels: {} };
  const session = new ChatSession({
    // Read when a turn starts (the account is in place by then): a turn keeps the backend it started on.
    backend: () => account.current(),
    store,
    assetUrl: options.assetUrl,
    memoryFileLabel,
    logger,
    agentTools: () => agentTools().enabled,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    // Read as each turn starts, so it follows the settings file.
    stallTimeoutMs: () => options.stallTimeoutMs ?? settings.stallTimeoutMs,
  });

  /** Resolves when no turn is running. */
  function idle(): Promise<void> {
    if (!session.busy) return Promise.resolve();
    return new Promise((resolvePromise) => {
      const unsubscribe = session.subscribe((event) => {
        if (event.type !== 'busy' || event.busy) return;
        unsubscribe();
        resolvePromise();
      });
    });
  }

  const account = await createAccountService({
    ...(options.accounts === undefined ? {} : { setup: options.accounts }),
    ...(options.accounts === undefined ? { fixedBackend: options.backend ?? createOfflineBackend() } : {}),
    ...(options.imageModelFor === undefined ? {} : { imageModelFor: options.imageModelFor }),
    ...(workspace.mode === 'project' ? { cwd: resolve(workspace.projectDir) } : {}),
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    logger,
    turns: { busy: () => session.busy, idle },
    onImageModel: (model) => session.setImageModel(model),
  });

  const handlers: { [Call in ContractCall]: (input: ContractInput<Call>) => Promise<ContractOutputs[Call]> } = {
    getState: () =>
      Promise.resolve({
        mode: workspace.mode,
        folder: workspace.mode === 'project' ? resolve(workspace.projectDir) : store.root,
        memoryFile: memoryFileLabel,
        account: account.summary(),
        messages: session.transcript(),
        busy: session.busy,
        agentTools: agentTools(),
        chatMode: session.mode,
      }),
    sendMessage: async ({ text }) => {
      // A message sent while the account is still being found waits for it.
      await account.settled();
      return { messageId: session.send(text.trim()).messageId };
    },
    cancelTurn: () => Promise.resolve({ cancelled: session.cancelTurn() }),
    cancelImage: ({ imageId }) => Promise.resolve({ cancelled: session.cancelImage(imageId) }),
    approveProposal: async ({ proposalId, body, edit }) => {
      const fields = edit === undefined ? undefined : { ...(edit.prompt === undefined ? {} : { prompt: edit.prompt }), ...(edit.note === undefined ? {} : { note: edit.note }) };
      return { message: await session.approve(proposalId, fields ?? body) };
    },
    rejectProposal: ({ proposalId }) => Promise.resolve({ message: session.reject(proposalId) }),
    resolveAssetPath: ({ relativePath }) => Promise.resolve({ path: store.resolve(relativePath) }),
    setImageModel: async ({ model }) => ({ account: await account.setImageModel(model) }),
    // Accounts (issue 11).
    startSignIn: ({ method }) => account.startSignIn(method),
    cancelSignIn: ({ loginId }) => account.cancelSignIn(loginId),
    setApiKey: async ({ apiKey, baseUrl }) => ({ account: await account.setApiKey({ apiKey, baseUrl }) }),
    signOut: async () => ({ account: await account.signOut() }),
    setChatModel: async ({ model }) => ({ account: await account.setChatModel(model) }),
    // Turns that always end.
    retryTurn: async ({ messageId }) => {
      await account.settled();
      return { messageId: session.retryTurn(messageId).messageId };
    },
    regenerateImage: async ({ imageId }) => {
      await account.settled();
      return { messageId: session.regenerateImage(imageId).messageId };
    },
    // Agent tools and the approval cards.
    setAgentTools: async ({ enabled }) => {
      const current = agentTools();
      if (enabled && !current.available) throw new ContractInputError(current.unavailableReason ?? 'This backend has no agent tools.');
      settings = { ...settings, agentTools: enabled };
      try {
        if (options.settings !== undefined) settings = await options.settings.update((kept) => ({ ...kept, agentTools: enabled }));
      } catch (error) {
        logger.warn(`Could not keep the agent tools setting in ${options.settings?.path ?? 'the settings'}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const summary = agentTools();
      emit({ type: 'agent-tools', agentTools: summary });
      return { agentTools: summary };
    },
    answerApproval: ({ approvalId, decision }) => Promise.resolve({ message: session.answerApproval(approvalId, decision) }),
    // Ask / Agent.
    setMode: ({ mode }) => {
      session.setMode(mode);
      return Promise.resolve({ mode: session.mode });
    },
  };

  /** Settings → Agent tools, for the backend in use (off wherever the backend has none). */
  function agentTools(): AgentToolsSummary {
    return agentToolsSummary(account.current(), settings.agentTools === true);
  }

  const listeners = new Set<(event: ForgeEvent) => void>();
  function emit(event: ForgeEvent): void {
    for (const listener of listeners) listener(event);
  }
  // Whether the agent has tools follows the backend: a new account brings a new answer.
  account.subscribe((event) => {
    if (event.type === 'account') emit({ type: 'agent-tools', agentTools: agentTools() });
  });

  async function call<Call extends ContractCall>(name: Call, input: ContractInput<Call>): Promise<ContractOutputs[Call]> {
    const handler = handlers[name] as (input: ContractInput<Call>) => Promise<ContractOutputs[Call]>;
    return handler(input);
  }

  async function callUntrusted(name: string, input: unknown): Promise<unknown> {
    if (!isContractCall(name)) throw new ContractInputError(`Unknown call "${name}".`);
    const parsed = contractInputs[name].safeParse(input ?? {});
    if (!parsed.success) throw new ContractInputError(parsed.error.issues.map((issue) => issue.message).join('; '));
    return call(name, parsed.data as ContractInput<typeof name>);
  }

  return {
    store,
    call,
    callUntrusted,
    async respond(name: string, input: unknown): Promise<ContractResponse> {
      try {
        return { ok: true, result: await callUntrusted(name, input) };
      } catch (error) {
        const { error: shown, expected } = toContractError(error);
        if (!expected) logger.error(`call ${name} failed`, error);
        return { ok: false, error: shown };
      }
    },
    subscribe: (listener: (event: ForgeEvent) => void) => {
      listeners.add(listener);
      const unsubscribeAccount = account.subscribe(listener);
      const unsubscribe = session.subscribe(listener);
      return () => {
        listeners.delete(listener);
        unsubscribeAccount();
        unsubscribe();
      };
    },
    secrets: () => account.secrets(),
    rendererClosed: () => session.declineWaitingApprovals(),
    async close() {
      session.declineWaitingApprovals();
      await session.close();
      await store.close();
      await account.close();
    },
  };
}
