// The composition root, in plain Node: the open workspace (a project or Open mode) with its
// asset store and threads (services/conversations), the agent backend, and the chat session
// of the open thread, behind the contract's calls. No `electron` here.
import { homedir } from 'node:os';

import type { AgentBackend } from '@forge/agent';
import type { AssetStore } from '@forge/asset-store';
import type { ImageModel } from '@forge/image-gen';

import { contractInputs, isContractCall } from '../contract/index.ts';
import type { AccountSummary, AgentToolsSummary, ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeEvent, WorkspaceState } from '../contract/index.ts';
import { agentToolsSummary } from './agent-tools.ts';
import { ConversationStorage } from './conversations/conversation-storage.ts';
import { Conversations } from './conversations/conversations.ts';
import type { WorkspaceTarget } from './conversations/conversations.ts';
import { requireAbsolute } from './conversations/workspace-folder.ts';
import { toContractError } from './error-info.ts';
import type { Logger } from './logger.ts';
import type { AppSettings, SettingsFile } from './settings-file.ts';

/** The workspace to open first; `last` is the one opened last (the Scratchpad the first time). */
export type WorkspaceOptions = { mode: 'project'; projectDir: string } | { mode: 'open'; homeDir?: string } | { mode: 'last'; homeDir?: string };

export interface ForgeServicesOptions {
  workspace: WorkspaceOptions;
  backend: AgentBackend;
  assetUrl: (relativePath: string) => string;
  logger: Logger;
  clock?: () => Date;
  /** Builds the model for a user-picked image model id, where the backend lets the host choose. */
  imageModelFor?: (modelId: string) => ImageModel | undefined;
  /** Where Settings choices (the image model) are kept across launches; none keeps them in memory. */
  settings?: SettingsFile;
  /** The asset store's cache folder (thumbnails, the listing index); default: the OS cache folder. */
  cacheDir?: string;
  /** FORGE_STALL_TIMEOUT_MS: overrides `stallTimeoutMs` in the settings file (default two minutes). */
  stallTimeoutMs?: number;
  /** Forge's data folder, where the conversations database lives; none keeps conversations in memory only. */
  dataDir?: string;
  /** The home whose `.forge/scratchpad` is Open mode; default: the workspace's `homeDir`, else the user's home. */
  home?: string;
}

export type ContractResponse = { ok: true; result: unknown } | { ok: false; error: ContractError };

export interface ForgeServices extends ForgeApi {
  readonly store: AssetStore;
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
  const { workspace, backend, logger } = options;
  const storage = ConversationStorage.open({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    warn: (message) => logger.warn(message),
  });
  const target: WorkspaceTarget = workspace.mode === 'project' ? { mode: 'project', projectDir: workspace.projectDir } : { mode: workspace.mode };
  let conversations: Conversations;
  try {
    conversations = await Conversations.open(
      {
        storage,
        backend,
        assetUrl: options.assetUrl,
        logger,
        home: options.home ?? (workspace.mode === 'project' ? undefined : workspace.homeDir) ?? homedir(),
        ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        // What every thread's session reads as each turn starts (Settings, FORGE_STALL_TIMEOUT_MS).
        sessionOptions: {
          agentTools: () => agentTools().enabled,
          stallTimeoutMs: () => options.stallTimeoutMs ?? settings.stallTimeoutMs,
        },
      },
      target,
    );
  } catch (error) {
    storage.close();
    throw error;
  }
  const accountInfo = await backend.account();
  let account: AccountSummary = {
    backend: accountInfo.backend,
    signedIn: accountInfo.signedIn,
    ...(accountInfo.plan === undefined ? {} : { plan: accountInfo.plan }),
    imageModel: accountInfo.defaultImageModel,
    imageModels: accountInfo.imageModels,
    imageModelSelectable: accountInfo.imageModelSelectable,
  };
  const state = (): WorkspaceState => ({ ...conversations.state(), account, agentTools: agentTools() });

  const handlers: { [Call in ContractCall]: (input: ContractInput<Call>) => Promise<ContractOutputs[Call]> } = {
    getState: () => Promise.resolve(state()),
    sendMessage: ({ text }) => {
      return Promise.resolve({ messageId: conversations.session.send(text.trim()).messageId });
    },
    cancelTurn: () => Promise.resolve({ cancelled: conversations.session.cancelTurn() }),
    cancelImage: ({ imageId }) => Promise.resolve({ cancelled: conversations.session.cancelImage(imageId) }),
    approveProposal: async ({ proposalId, body }) => ({ message: await conversations.approveProposal(proposalId, body) }),
    rejectProposal: ({ proposalId }) => Promise.resolve({ message: conversations.rejectProposal(proposalId) }),
    resolveAssetPath: ({ relativePath }) => Promise.resolve({ path: conversations.store.resolve(relativePath) }),
    setImageModel: async ({ model }) => {
      switchImageModel(model);
      settings = { ...settings, imageModels: { ...settings.imageModels, [account.backend]: model } };
      try {
        await options.settings?.write(settings);
      } catch (error) {
        // The pick still holds until Forge quits; only remembering it failed.
        logger.warn(`Could not keep the image model in ${options.settings?.path ?? 'the settings'}: ${error instanceof Error ? error.message : String(error)}`);
      }
      emitAccount(account);
      return { account };
    },
    retryTurn: ({ messageId }) => Promise.resolve({ messageId: conversations.session.retryTurn(messageId).messageId }),
    regenerateImage: ({ imageId }) => Promise.resolve({ messageId: conversations.session.regenerateImage(imageId).messageId }),
    setAgentTools: async ({ enabled }) => {
      const current = agentTools();
      if (enabled && !current.available) throw new ContractInputError(current.unavailableReason ?? 'This backend has no agent tools.');
      settings = { ...settings, agentTools: enabled };
      try {
        await options.settings?.write(settings);
      } catch (error) {
        logger.warn(`Could not keep the agent tools setting in ${options.settings?.path ?? 'the settings'}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const summary = agentTools();
      for (const listener of accountListeners) listener({ type: 'agent-tools', agentTools: summary });
      return { agentTools: summary };
    },
    answerApproval: ({ approvalId, decision }) => Promise.resolve({ message: conversations.session.answerApproval(approvalId, decision) }),
    // Conversations: threads and workspaces (issue 13).
    listThreads: () => Promise.resolve(conversations.listThreads()),
    newThread: () => Promise.resolve(conversations.newThread()),
    openThread: ({ threadId }) => Promise.resolve({ ...conversations.openThread(threadId), account, agentTools: agentTools() }),
    renameThread: ({ threadId, title }) => Promise.resolve({ thread: conversations.renameThread(threadId, title) }),
    deleteThread: ({ threadId }) => Promise.resolve(conversations.deleteThread(threadId)),
    listWorkspaces: () => Promise.resolve(conversations.listWorkspaces()),
    openWorkspace: async (input) => {
      await conversations.openWorkspace('projectDir' in input ? { mode: 'project', projectDir: requireAbsolute(input.projectDir) } : { mode: 'open' });
      return state();
    },
    startFreshDatabase: async () => ({ ...(await conversations.startFreshDatabase()), state: state() }),
  };

  /** Settings → Agent tools, for the backend in use (off wherever the backend has none). */
  function agentTools(): AgentToolsSummary {
    return agentToolsSummary(backend, settings.agentTools === true);
  }

  /** Draws later turns with `model`, one the account lists and the host can build. */
  function switchImageModel(model: string): void {
    if (!account.imageModelSelectable) {
      throw new ContractInputError(`This account draws with ${account.imageModel}; the ${account.backend} backend offers no other image model.`);
    }
    if (!account.imageModels.includes(model)) {
      throw new ContractInputError(`"${model}" is not an image model this account can use. Pick one of: ${account.imageModels.join(', ')}.`);
    }
    const imageModel = options.imageModelFor?.(model);
    if (imageModel === undefined && model !== accountInfo.defaultImageModel) {
      throw new ContractInputError(`Forge cannot draw with ${model} on this backend.`);
    }
    conversations.setImageModel(imageModel);
    account = { ...account, imageModel: model };
  }

  // The model picked in an earlier launch, if this account still offers it.
  let settings: AppSettings = (await options.settings?.read()) ?? { imageModels: {} };
  const remembered = settings.imageModels[account.backend];
  if (remembered !== undefined && remembered !== account.imageModel) {
    try {
      switchImageModel(remembered);
    } catch (error) {
      logger.warn(`The image model picked earlier (${remembered}) is not available now: ${error instanceof Error ? error.message : String(error)} Drawing with ${account.imageModel}.`);
    }
  }

  const accountListeners = new Set<(event: ForgeEvent) => void>();
  function emitAccount(summary: AccountSummary): void {
    for (const listener of accountListeners) listener({ type: 'account', account: summary });
  }

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
    get store() {
      return conversations.store;
    },
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
      accountListeners.add(listener);
      const unsubscribe = conversations.subscribe((event) => listener(event.type === 'state' ? { type: 'state', state: { ...event.state, account, agentTools: agentTools() } } : event));
      return () => {
        accountListeners.delete(listener);
        unsubscribe();
      };
    },
    rendererClosed: () => conversations.declineWaitingApprovals(),
    async close() {
      conversations.declineWaitingApprovals();
      await conversations.close();
      storage.close();
      await backend.close?.();
    },
  };
}
