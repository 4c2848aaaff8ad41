// The composition root, in plain Node: the open workspace (a project or Open mode) with its
// asset store and threads (services/conversations), the account (and with it the agent backend),
// and the chat session of the open thread, behind the contract's calls. No `electron` here.
import { homedir } from 'node:os';

import { backendImageSupport, createOfflineBackend } from '@forge/agent';
import type { AgentBackend, AgentImageOptions } from '@forge/agent';
import type { AssetStore } from '@forge/asset-store';
import type { ImageModel } from '@forge/image-gen';

import { contractInputs, isContractCall } from '../contract/index.ts';
import type { AgentToolsSummary, ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeEvent, WorkspaceState } from '../contract/index.ts';
import { createAccountService } from './accounts/account-service.ts';
import type { AccountSetup } from './accounts/account-service.ts';
import { agentToolsSummary } from './agent-tools.ts';
import { ConversationStorage } from './conversations/conversation-storage.ts';
import { Conversations } from './conversations/conversations.ts';
import type { WorkspaceTarget } from './conversations/conversations.ts';
import { requireAbsolute } from './conversations/workspace-folder.ts';
import { toContractError } from './error-info.ts';
import { createWorkspaceLibrary, firstOrigin, sessionImageOrigins, threadImageOrigins } from './library/index.ts';
import { attachReference, createLatestImageOffer, imageSupportSummary, loadAttachments, requireSupported } from './image-inputs.ts';
import type { Logger } from './logger.ts';
import type { AppSettings, SettingsFile } from './settings-file.ts';
import { SessionBusyError } from './chat-session.ts';

/** The workspace to open first; `last` is the one opened last (the Scratchpad the first time). */
export type WorkspaceOptions = { mode: 'project'; projectDir: string } | { mode: 'open'; homeDir?: string } | { mode: 'last'; homeDir?: string };

export interface ForgeServicesOptions {
  workspace: WorkspaceOptions;
  /** The app's accounts: ChatGPT sign-in, API keys, the backend switching live. */
  accounts?: AccountSetup;
  /** Instead of `accounts`, a backend that never changes (tests, embedders). */
  backend?: AgentBackend;
  assetUrl: (relativePath: string) => string;
  /** The Library's thumbnail of a stored image, `height` px tall, `version` naming the file's identity; none: the full file. */
  thumbnailUrl?: ((relativePath: string, height: number, version: string) => string) | undefined;
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
  /** Forge's data folder, where the conversations database lives; none keeps conversations in memory only. */
  dataDir?: string;
  /** The home whose `.forge/scratchpad` is Open mode; default: the workspace's `homeDir`, else the user's home. */
  home?: string;
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

/** The options as given, minus the keys zod left undefined (exactOptionalPropertyTypes). */
function withoutUndefined<T extends object>(value: T): { [Key in keyof T]?: Exclude<T[Key], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [Key in keyof T]?: Exclude<T[Key], undefined> };
}

/** A call the renderer made wrongly: safe to show as is. */
export class ContractInputError extends Error {
  override readonly name = 'ContractInputError';
  readonly code = 'invalid_input';
}

export async function createForgeServices(options: ForgeServicesOptions): Promise<ForgeServices> {
  const { workspace, logger } = options;
  // What this room reads from the settings file (agent tools, the stall timeout); the account
  // service keeps its own keys, and both write through the file's update(), so neither erases the other's.
  let settings: AppSettings = (await options.settings?.read()) ?? { imageModels: {} };
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
        // Read when a turn starts (the account is in place by then): a turn keeps the backend it started on.
        backend: () => account.current(),
        assetUrl: options.assetUrl,
        // Long chats (issue 14): inline images are the store's thumbnails.
        thumbnailUrl: options.thumbnailUrl,
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

  const account = await createAccountService({
    ...(options.accounts === undefined ? {} : { setup: options.accounts }),
    ...(options.accounts === undefined ? { fixedBackend: options.backend ?? createOfflineBackend() } : {}),
    ...(options.imageModelFor === undefined ? {} : { imageModelFor: options.imageModelFor }),
    // Codex works in the open workspace's folder, given with each turn (it follows a switch).
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    logger,
    turns: { busy: () => conversations.busy, idle: () => conversations.idle() },
    onImageModel: (model) => conversations.setImageModel(model),
  });
  // The Library of the open workspace. Show in chat asks the open thread's session first (its
  // newest message may not be written yet), then every thread of the workspace in the database.
  const library = createWorkspaceLibrary({
    store: () => conversations.store,
    urls: { asset: options.assetUrl, thumbnail: options.thumbnailUrl },
    origins: firstOrigin([
      sessionImageOrigins({ get threadId() { return conversations.threadId; }, transcript: () => conversations.session.transcript() }),
      threadImageOrigins({ connection: () => storage.database.connection, threadId: () => conversations.threadId }),
    ]),
    logger,
  });
  // A follow-up in words may refine the thread's latest image: it is read and checked once it
  // is finished and shown, not when the next message is sent.
  const latestImage = createLatestImageOffer(logger);
  const refinesLatest = () => account.current().capabilities?.refinesLatestImage === true;
  const stopFollowing = conversations.subscribe((event) => {
    if (event.type === 'state') library.follow();
    if (event.type === 'message' && refinesLatest() && event.message.parts.some((part) => part.type === 'image' && part.status === 'completed')) {
      latestImage.prepare(conversations.store, conversations.session.latestImagePath);
    }
  });
  // Listing 10,000 files takes a moment: done now, while the chat opens, not when the Library does.
  library.warm();

  const state = (): WorkspaceState => ({ ...conversations.state(), account: account.summary(), agentTools: agentTools(), ...followUpState() });

  /** Image follow-ups: what the backend takes, and the chip a Refine put in the composer. */
  function followUpState(): Pick<WorkspaceState, 'imageSupport' | 'composerAttachments'> {
    return { imageSupport: imageSupportSummary(backendImageSupport(account.current())), composerAttachments: conversations.session.composerAttachments };
  }

  const handlers: { [Call in ContractCall]: (input: ContractInput<Call>) => Promise<ContractOutputs[Call]> } = {
    getState: () => Promise.resolve(state()),
    sendMessage: async ({ text, attachments, imageOptions }) => {
      // A message sent while the account is still being found waits for it.
      await account.settled();
      const session = conversations.session;
      if (session.busy) throw new SessionBusyError();
      // The renderer sends its chips; a caller that sends none gets the chip a Refine put there.
      const chips = attachments ?? session.composerAttachments;
      const support = backendImageSupport(account.current());
      // Refused with the reason before anything reaches a backend: what it cannot take, and any image that fails its check.
      requireSupported(support, chips, imageOptions);
      const images = await loadAttachments(conversations.store, chips);
      // The contract checked the size reads WIDTHxHEIGHT (or auto).
      const options = imageOptions === undefined ? undefined : (withoutUndefined(imageOptions) as AgentImageOptions);
      const latest = images.length === 0 && refinesLatest() ? await latestImage.get(conversations.store, session.latestImagePath) : undefined;
      return {
        messageId: session.send(text.trim(), { images, ...(options === undefined ? {} : { imageOptions: options }), ...(latest === undefined ? {} : { latestImage: latest }) }).messageId,
      };
    },
    cancelTurn: () => Promise.resolve({ cancelled: conversations.session.cancelTurn() }),
    cancelImage: ({ imageId }) => Promise.resolve({ cancelled: conversations.session.cancelImage(imageId) }),
    approveProposal: async ({ proposalId, body, edit }) => {
      const fields = edit === undefined ? undefined : { ...(edit.prompt === undefined ? {} : { prompt: edit.prompt }), ...(edit.note === undefined ? {} : { note: edit.note }) };
      return { message: await conversations.approveProposal(proposalId, fields ?? body) };
    },
    rejectProposal: ({ proposalId }) => Promise.resolve({ message: conversations.rejectProposal(proposalId) }),
    resolveAssetPath: ({ relativePath }) => Promise.resolve({ path: conversations.store.resolve(relativePath) }),
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
      return { messageId: conversations.session.retryTurn(messageId).messageId };
    },
    regenerateImage: async ({ imageId }) => {
      await account.settled();
      return { messageId: conversations.session.regenerateImage(imageId).messageId };
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
    answerApproval: ({ approvalId, decision }) => Promise.resolve({ message: conversations.session.answerApproval(approvalId, decision) }),
    // Ask / Agent: kept with the open thread.
    setMode: ({ mode }) => Promise.resolve({ mode: conversations.setMode(mode) }),
    // Conversations: threads and workspaces (issue 13).
    listThreads: () => Promise.resolve(conversations.listThreads()),
    newThread: () => Promise.resolve(conversations.newThread()),
    openThread: ({ threadId }) => Promise.resolve({ ...conversations.openThread(threadId), account: account.summary(), agentTools: agentTools(), ...followUpState() }),
    renameThread: ({ threadId, title }) => Promise.resolve({ thread: conversations.renameThread(threadId, title) }),
    deleteThread: ({ threadId }) => Promise.resolve(conversations.deleteThread(threadId)),
    listWorkspaces: () => Promise.resolve(conversations.listWorkspaces()),
    openWorkspace: async (input) => {
      await conversations.openWorkspace('projectDir' in input ? { mode: 'project', projectDir: requireAbsolute(input.projectDir) } : { mode: 'open' });
      return state();
    },
    startFreshDatabase: async () => ({ ...(await conversations.startFreshDatabase()), state: state() }),
    // The Library (issue 16).
    listAssets: (input) => library.listAssets(input),
    revealInChat: (input) => library.revealInChat(input),
    // Image follow-ups (issue 17).
    attachImage: async ({ name, bytes }) => {
      const support = backendImageSupport(account.current());
      if (!support.imageInput.supported) throw new ContractInputError(support.imageInput.reason);
      const { asset: _asset, ...chip } = await attachReference(conversations.store, { name, bytes }, { clock: options.clock ?? (() => new Date()), assetUrl: options.assetUrl });
      return chip;
    },
    refineImage: ({ imageId }) => {
      const support = backendImageSupport(account.current());
      if (!support.imageInput.supported) throw new ContractInputError(support.imageInput.reason);
      return Promise.resolve(conversations.session.refineImage(imageId));
    },
    // Long chats (issue 14).
    loadOlder: ({ threadId, before, limit }) => Promise.resolve(conversations.loadOlder(threadId, before, limit)),
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
    if (event.type === 'account') {
      emit({ type: 'agent-tools', agentTools: agentTools() });
      emit({ type: 'image-support', imageSupport: imageSupportSummary(backendImageSupport(account.current())) });
    }
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
      listeners.add(listener);
      const unsubscribeAccount = account.subscribe(listener);
      const unsubscribe = conversations.subscribe((event) =>
        listener(event.type === 'state' ? { type: 'state', state: { ...event.state, account: account.summary(), agentTools: agentTools(), ...followUpState() } } : event),
      );
      const unsubscribeLibrary = library.subscribe(listener);
      return () => {
        listeners.delete(listener);
        unsubscribeAccount();
        unsubscribe();
        unsubscribeLibrary();
      };
    },
    secrets: () => account.secrets(),
    rendererClosed: () => conversations.declineWaitingApprovals(),
    async close() {
      stopFollowing();
      latestImage.close();
      await library.close();
      conversations.declineWaitingApprovals();
      await conversations.close();
      // The last messages' flush to the disk ends before the database closes.
      await storage.synced();
      storage.close();
      await account.close();
    },
  };
}
