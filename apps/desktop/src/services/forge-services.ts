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
import type { ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeEvent } from '../contract/index.ts';
import { createAccountService } from './accounts/account-service.ts';
import type { AccountSetup } from './accounts/account-service.ts';
import { ChatSession } from './chat-session.ts';
import { toContractError } from './error-info.ts';
import type { Logger } from './logger.ts';
import type { SettingsFile } from './settings-file.ts';

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
  const session = new ChatSession({
    // Read when a turn starts (the account is in place by then): a turn keeps the backend it started on.
    backend: () => account.current(),
    store,
    assetUrl: options.assetUrl,
    memoryFileLabel,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
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
      }),
    sendMessage: async ({ text }) => {
      // A message sent while the account is still being found waits for it.
      await account.settled();
      return { messageId: session.send(text.trim()).messageId };
    },
    cancelTurn: () => Promise.resolve({ cancelled: session.cancelTurn() }),
    cancelImage: ({ imageId }) => Promise.resolve({ cancelled: session.cancelImage(imageId) }),
    retryImage: async ({ imageId }) => {
      const transcript = session.transcript();
      const owner = transcript.findIndex((message) => message.parts.some((part) => part.type === 'image' && part.id === imageId));
      const request = owner > 0 ? transcript[owner - 1] : undefined;
      const text = request?.parts.find((part) => part.type === 'text')?.text;
      if (text === undefined) throw new ContractInputError('That image can no longer be retried: send the request again.');
      await account.settled();
      return { messageId: session.send(text).messageId };
    },
    approveProposal: async ({ proposalId, body }) => ({ message: await session.approve(proposalId, body) }),
    rejectProposal: ({ proposalId }) => Promise.resolve({ message: session.reject(proposalId) }),
    resolveAssetPath: ({ relativePath }) => Promise.resolve({ path: store.resolve(relativePath) }),
    setImageModel: async ({ model }) => ({ account: await account.setImageModel(model) }),
    // Accounts (issue 11).
    startSignIn: ({ method }) => account.startSignIn(method),
    cancelSignIn: ({ loginId }) => account.cancelSignIn(loginId),
    setApiKey: async ({ apiKey, baseUrl }) => ({ account: await account.setApiKey({ apiKey, baseUrl }) }),
    signOut: async () => ({ account: await account.signOut() }),
    setChatModel: async ({ model }) => ({ account: await account.setChatModel(model) }),
  };

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
      const unsubscribeAccount = account.subscribe(listener);
      const unsubscribe = session.subscribe(listener);
      return () => {
        unsubscribeAccount();
        unsubscribe();
      };
    },
    secrets: () => account.secrets(),
    async close() {
      await session.close();
      await store.close();
      await account.close();
    },
  };
}
