// The composition root, in plain Node: one workspace (a project or Open mode), its asset store,
// the agent backend, and the chat session, behind the contract's calls. No `electron` here.
import { homedir } from 'node:os';
import { resolve } from 'node:path';

import type { AgentBackend } from '@forge/agent';
import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import type { ImageModel } from '@forge/image-gen';

import { contractInputs, isContractCall } from '../contract/index.ts';
import type { AccountSummary, ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeEvent } from '../contract/index.ts';
import { ChatSession } from './chat-session.ts';
import { toContractError } from './error-info.ts';
import { createLibrary, sessionImageOrigins } from './library/index.ts';
import type { Logger } from './logger.ts';
import type { AppSettings, SettingsFile } from './settings-file.ts';

export type WorkspaceOptions = { mode: 'project'; projectDir: string } | { mode: 'open'; homeDir?: string };

export interface ForgeServicesOptions {
  workspace: WorkspaceOptions;
  backend: AgentBackend;
  assetUrl: (relativePath: string) => string;
  /** The Library's thumbnail of a stored image, `height` px tall, `version` naming the file's identity; none: the full file. */
  thumbnailUrl?: ((relativePath: string, height: number, version: string) => string) | undefined;
  logger: Logger;
  clock?: () => Date;
  /** Builds the model for a user-picked image model id, where the backend lets the host choose. */
  imageModelFor?: (modelId: string) => ImageModel | undefined;
  /** Where Settings choices (the image model) are kept across launches; none keeps them in memory. */
  settings?: SettingsFile;
  /** The asset store's cache folder (thumbnails, the listing index); default: the OS cache folder. */
  cacheDir?: string;
}

export type ContractResponse = { ok: true; result: unknown } | { ok: false; error: ContractError };

export interface ForgeServices extends ForgeApi {
  readonly store: AssetStore;
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
  const { workspace, backend, logger } = options;
  const { cacheDir } = options;
  const store = await openAssetStore(
    workspace.mode === 'project'
      ? { mode: 'project', projectDir: resolve(workspace.projectDir), cacheDir }
      : { mode: 'open', homeDir: workspace.homeDir ?? homedir(), cacheDir },
  );
  const accountInfo = await backend.account();
  let account: AccountSummary = {
    backend: accountInfo.backend,
    signedIn: accountInfo.signedIn,
    ...(accountInfo.plan === undefined ? {} : { plan: accountInfo.plan }),
    imageModel: accountInfo.defaultImageModel,
    imageModels: accountInfo.imageModels,
    imageModelSelectable: accountInfo.imageModelSelectable,
  };
  const memoryFileLabel = workspace.mode === 'project' ? '.forge/ASSETS.md' : '~/.forge/scratchpad/ASSETS.md';
  const session = new ChatSession({
    backend,
    store,
    assetUrl: options.assetUrl,
    memoryFileLabel,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  // The Library. Show in chat looks in this session; with a thread database, its lookup goes here instead.
  const library = createLibrary({ store, urls: { asset: options.assetUrl, thumbnail: options.thumbnailUrl }, origins: sessionImageOrigins(session), logger });

  const handlers: { [Call in ContractCall]: (input: ContractInput<Call>) => Promise<ContractOutputs[Call]> } = {
    getState: () =>
      Promise.resolve({
        mode: workspace.mode,
        folder: workspace.mode === 'project' ? resolve(workspace.projectDir) : store.root,
        memoryFile: memoryFileLabel,
        account,
        messages: session.transcript(),
        busy: session.busy,
      }),
    sendMessage: ({ text }) => {
      return Promise.resolve({ messageId: session.send(text.trim()).messageId });
    },
    cancelTurn: () => Promise.resolve({ cancelled: session.cancelTurn() }),
    cancelImage: ({ imageId }) => Promise.resolve({ cancelled: session.cancelImage(imageId) }),
    retryImage: ({ imageId }) => {
      const transcript = session.transcript();
      const owner = transcript.findIndex((message) => message.parts.some((part) => part.type === 'image' && part.id === imageId));
      const request = owner > 0 ? transcript[owner - 1] : undefined;
      const text = request?.parts.find((part) => part.type === 'text')?.text;
      if (text === undefined) throw new ContractInputError('That image can no longer be retried: send the request again.');
      return Promise.resolve({ messageId: session.send(text).messageId });
    },
    approveProposal: async ({ proposalId, body }) => ({ message: await session.approve(proposalId, body) }),
    rejectProposal: ({ proposalId }) => Promise.resolve({ message: session.reject(proposalId) }),
    resolveAssetPath: ({ relativePath }) => Promise.resolve({ path: store.resolve(relativePath) }),
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
    listAssets: (input) => library.listAssets(input),
    revealInChat: (input) => library.revealInChat(input),
  };

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
    session.setImageModel(imageModel);
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
      accountListeners.add(listener);
      const unsubscribe = session.subscribe(listener);
      const unsubscribeLibrary = library.subscribe(listener);
      return () => {
        accountListeners.delete(listener);
        unsubscribe();
        unsubscribeLibrary();
      };
    },
    async close() {
      await session.close();
      library.close();
      await store.close();
      await backend.close?.();
    },
  };
}
