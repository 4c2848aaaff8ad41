// Who pays for the images, and the backend that follows from it. Owns the current agent backend
// and swaps it live: signing in with ChatGPT (through Forge's own Codex), a checked API key, or
// signing out changes the backend for the next turn, while a turn in flight finishes on the
// backend it started on (the old one is closed once no turn runs). One payer at a time: a new
// account replaces the previous credential. At start-up it finds the account in the background,
// so the first paint never waits for Codex or the keyring.
import {
  AgentError,
  checkOpenAIKey,
  codexImageModelId,
  createCodexBackend,
  createOfflineBackend,
  createOpenAIBackend,
  hasStoredCodexSignIn,
  type AgentAccount,
  type AgentBackend,
  type AgentBackendId,
  type AgentLogger,
  type AgentRateLimits,
  type CodexAccountEvent,
  type CodexAccountInfo,
  type CodexBackend,
  type CodexBackendOptions,
  type CodexProviderConfig,
  type CodexSignInMethod,
  type OfflineBackendOptions,
  type OpenAIBackend,
  type OpenAIBackendOptions,
  type OpenAIKeyCheck,
  type OpenAIKeyCheckOptions,
} from '@forge/agent';
import { createOpenAIImageModel, type ImageModel } from '@forge/image-gen';

import type { AccountRateLimits, AccountSummary, ContractOutputs, ForgeEvent, PendingSignIn } from '../../contract/index.ts';
import type { Logger } from '../logger.ts';
import type { AppSettings, SettingsFile } from '../settings-file.ts';
import { AccountError } from './account-error.ts';
import { apiKeyLabel, checkingLabel, codexLabel, offlineLabel } from './account-labels.ts';
import { checkApiKeyInput, type ApiKeyInput } from './api-key-input.ts';
import { createMemorySecretStore, type SecretStore } from './secret-store.ts';

/** The secret's name in the store: the key and its base URL, kept together. */
const openAIKeyName = 'openai-api-key';

interface OpenAICredential {
  apiKey: string;
  baseUrl?: string;
}

export interface AccountSetup {
  /** FORGE_BACKEND: `auto` finds the account; a name starts on that backend. */
  preference: 'auto' | AgentBackendId;
  /** Forge's private Codex (CODEX_HOME); without it there is no ChatGPT sign-in. */
  codex?: { home: string; provider?: CodexProviderConfig };
  /** OPENAI_API_KEY (and OPENAI_BASE_URL) from the environment, used when nothing is stored. */
  environmentKey?: { apiKey: string; baseURL?: string };
  /** Opens the host's credential store (the keyring, safeStorage); called once, in the background. */
  openSecrets: () => Promise<SecretStore>;
  offline?: OfflineBackendOptions;
  /** The backends' constructors and the key check, replaceable in tests. */
  factories?: {
    codex?: (options: CodexBackendOptions) => CodexBackend;
    openai?: (options: OpenAIBackendOptions) => OpenAIBackend;
    offline?: (options: OfflineBackendOptions) => AgentBackend;
  };
  checkKey?: (options: OpenAIKeyCheckOptions) => Promise<OpenAIKeyCheck>;
}

export interface AccountServiceOptions {
  /** The app's accounts; absent with `fixedBackend`. */
  setup?: AccountSetup;
  /** A backend that never changes (tests, embedders): account calls are refused. */
  fixedBackend?: AgentBackend;
  /** Builds a user-picked image model on the fixed backend. */
  imageModelFor?: (modelId: string) => ImageModel | undefined;
  /** The working folder of Codex threads (the project). */
  cwd?: string;
  settings?: SettingsFile;
  logger: Logger;
  /** Whether a turn is running, and when none is: a swapped-out backend is closed only then. */
  turns: { busy(): boolean; idle(): Promise<void> };
  /** The image model later turns draw with changed (undefined: the backend's own). */
  onImageModel: (model: ImageModel | undefined) => void;
}

export type SignInStart = ContractOutputs['startSignIn'];

export interface AccountService {
  /** The backend for a turn starting now. */
  current(): AgentBackend;
  summary(): AccountSummary;
  /** Resolves once the start-up check has found the account. */
  settled(): Promise<void>;
  startSignIn(method: 'chatgpt' | 'device-code'): Promise<SignInStart>;
  cancelSignIn(loginId: string): Promise<{ cancelled: boolean }>;
  setApiKey(input: ApiKeyInput): Promise<AccountSummary>;
  signOut(): Promise<AccountSummary>;
  setImageModel(model: string): Promise<AccountSummary>;
  setChatModel(model: string): Promise<AccountSummary>;
  subscribe(listener: (event: ForgeEvent) => void): () => void;
  /** Every secret in use, for scrubbing logs. */
  secrets(): string[];
  close(): Promise<void>;
}

type Current =
  | { kind: 'offline'; backend: AgentBackend }
  | { kind: 'codex'; backend: CodexBackend }
  | { kind: 'openai'; backend: OpenAIBackend; credential: OpenAICredential; keySource: 'stored' | 'session' | 'environment' }
  | { kind: 'fixed'; backend: AgentBackend };

function toIso(limits: AgentRateLimits | undefined): AccountRateLimits | undefined {
  if (limits === undefined) return undefined;
  const convert = (window: AgentRateLimits['primary']) =>
    window === undefined
      ? undefined
      : {
          usedPercent: window.usedPercent,
          ...(window.windowMinutes === undefined ? {} : { windowMinutes: window.windowMinutes }),
          ...(window.resetsAt === undefined ? {} : { resetsAt: window.resetsAt.toISOString() }),
        };
  const primary = convert(limits.primary);
  const secondary = convert(limits.secondary);
  return { ...(primary === undefined ? {} : { primary }), ...(secondary === undefined ? {} : { secondary }) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseCredential(text: string | undefined): OpenAICredential | undefined {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as { apiKey?: unknown; baseUrl?: unknown };
    if (typeof value.apiKey !== 'string' || value.apiKey === '') return undefined;
    return { apiKey: value.apiKey, ...(typeof value.baseUrl === 'string' && value.baseUrl !== '' ? { baseUrl: value.baseUrl } : {}) };
  } catch {
    return undefined;
  }
}

/** The key check's failure as the person who typed the key reads it. */
function keyCheckFailure(error: unknown): AccountError {
  if (!AgentError.isInstance(error)) return new AccountError('network', `The key could not be checked: ${describe(error)}`, { cause: error });
  if (error.code === 'signed_out') return new AccountError('auth', error.message, { cause: error });
  if (error.code === 'network') return new AccountError('network', error.message, { cause: error });
  // An HTML page or JSON that is no model list: the base URL points at something else.
  if (error.code === 'protocol') return new AccountError('invalid_input', error.message, { cause: error });
  return new AccountError('auth', `The key could not be checked: ${error.message}`, { cause: error });
}

export async function createAccountService(options: AccountServiceOptions): Promise<AccountService> {
  const { setup, logger } = options;
  const makeCodex = setup?.factories?.codex ?? createCodexBackend;
  const makeOpenAI = setup?.factories?.openai ?? createOpenAIBackend;
  const makeOffline = setup?.factories?.offline ?? createOfflineBackend;
  const checkKey = setup?.checkKey ?? checkOpenAIKey;
  const codexLogger: AgentLogger = { debug: () => undefined, warn: (message) => logger.warn(message), error: (message) => logger.error(message) };

  const listeners = new Set<(event: ForgeEvent) => void>();
  let current: Current = options.fixedBackend === undefined ? { kind: 'offline', backend: makeOffline(setup?.offline ?? {}) } : { kind: 'fixed', backend: options.fixedBackend };
  let info: AgentAccount | undefined;
  let codexInfo: CodexAccountInfo | undefined;
  let rateLimits: AccountRateLimits | undefined;
  let checking = options.fixedBackend === undefined && setup?.preference !== 'offline';
  let signIn: PendingSignIn | undefined;
  let imageModelId: string | undefined;
  let settings: AppSettings = (await options.settings?.read()) ?? { imageModels: {} };
  let environmentKeyUsable = setup?.environmentKey !== undefined;
  /** The one Codex for this CODEX_HOME: the ChatGPT backend, and the sign-in when another backend is current. */
  let codex: { backend: CodexBackend; unsubscribe: () => void } | undefined;
  /** Codex keeps answering a turn started before a swap: closed (and signed out) only once turns are done. */
  let codexRetiring = false;
  let logoutPending = false;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  /** Every key seen this session (in use, replaced, or refused): the log never prints one. */
  const knownKeys = new Set<string>(setup?.environmentKey === undefined ? [] : [setup.environmentKey.apiKey]);

  let store: SecretStore | undefined;
  const storeReady: Promise<SecretStore | undefined> =
    setup === undefined
      ? Promise.resolve(undefined)
      : setup.openSecrets().then(
          (opened) => {
            store = opened;
            logger.info(`API keys are kept in ${opened.description}`);
            emitAccount();
            return opened;
          },
          (error: unknown) => {
            logger.warn(`No credential store could be opened: ${describe(error)}`);
            store = createMemorySecretStore(`the credential store could not be opened: ${describe(error)}`);
            emitAccount();
            return store;
          },
        );

  /** Account changes run one at a time, after the start-up check. */
  function serial<Result>(task: () => Promise<Result>): Promise<Result> {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  }

  function emit(event: ForgeEvent): void {
    for (const listener of listeners) listener(event);
  }

  function emitAccount(): void {
    emit({ type: 'account', account: summary() });
  }

  function backendName(): AgentBackendId {
    return current.kind === 'fixed' ? current.backend.id : current.kind;
  }

  function label(): string {
    if (checking) return checkingLabel;
    switch (current.kind) {
      case 'offline':
        return offlineLabel;
      case 'openai':
        return apiKeyLabel;
      case 'codex':
        return codexLabel(codexInfo);
      case 'fixed':
        return current.backend.id === 'offline' ? offlineLabel : current.backend.id === 'openai' ? apiKeyLabel : codexLabel(info?.signedIn === false ? { signedIn: false, kind: 'none' } : undefined);
      default:
        current satisfies never;
        return offlineLabel;
    }
  }

  function summary(): AccountSummary {
    const name = backendName();
    const defaultImageModel = info?.defaultImageModel ?? 'forge-offline-1';
    const signedIn = checking ? false : name === 'offline' ? false : (info?.signedIn ?? false);
    const chatModels = current.kind === 'openai' ? info?.chatModels : undefined;
    const chatModel = current.kind === 'openai' ? info?.chatModel : undefined;
    const email = codexInfo?.email ?? info?.email;
    return {
      backend: name,
      signedIn,
      label: label(),
      ...(info?.plan === undefined || name === 'offline' ? {} : { plan: info.plan }),
      ...(email === undefined || current.kind !== 'codex' ? {} : { email }),
      ...(rateLimits === undefined || current.kind !== 'codex' ? {} : { rateLimits }),
      keyStorage: store?.persistent === false ? 'session' : 'persistent',
      ...(current.kind === 'openai' ? { keySource: current.keySource } : {}),
      ...(current.kind === 'openai' && current.credential.baseUrl !== undefined ? { baseUrl: current.credential.baseUrl } : {}),
      ...(signIn === undefined ? {} : { signIn }),
      ...(checking ? { checking: true } : {}),
      canSignIn: setup?.codex !== undefined,
      imageModel: imageModelId ?? defaultImageModel,
      imageModels: info?.imageModels ?? [defaultImageModel],
      imageModelSelectable: info?.imageModelSelectable ?? false,
      ...(chatModel === undefined ? {} : { chatModel }),
      ...(chatModels === undefined ? {} : { chatModels }),
    };
  }

  function ensureCodex(): CodexBackend {
    if (setup?.codex === undefined) throw new AccountError('unavailable', 'Signing in with ChatGPT needs Codex, which this copy of Forge does not have. Use an API key instead.');
    if (codex !== undefined) return codex.backend;
    const backend = makeCodex({
      codexHome: setup.codex.home,
      logger: codexLogger,
      ...(setup.codex.provider === undefined ? {} : { provider: setup.codex.provider }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    });
    codex = { backend, unsubscribe: backend.accounts.subscribe(onCodexEvent) };
    return backend;
  }

  /** Stops Forge's Codex when nothing needs it: not the backend, no sign-in waiting, no turn or sign-out left. */
  function releaseCodexIfUnused(): void {
    if (codex === undefined || current.backend === codex.backend || signIn?.status === 'waiting' || codexRetiring || logoutPending) return;
    const { backend, unsubscribe } = codex;
    codex = undefined;
    unsubscribe();
    backend.close().catch((error: unknown) => logger.warn(`Closing Codex failed: ${describe(error)}`));
  }

  async function signOutOfCodex(): Promise<void> {
    logoutPending = false;
    const backend = codex?.backend;
    if (backend === undefined) return;
    try {
      await backend.accounts.signOut();
    } catch (error) {
      logger.warn(`Signing Codex out of ChatGPT failed: ${describe(error)}`);
    }
  }

  /** The old backend answers its last turn, then goes. */
  function retire(previous: Current): void {
    if (previous.kind === 'fixed') return;
    if (previous.kind === 'codex') codexRetiring = true;
    void options.turns.idle().then(async () => {
      if (previous.kind !== 'codex') {
        await previous.backend.close?.();
        return;
      }
      codexRetiring = false;
      if (current.backend === previous.backend) return;
      if (logoutPending) await signOutOfCodex();
      releaseCodexIfUnused();
    });
  }

  async function readCodex(backend: CodexBackend): Promise<void> {
    try {
      codexInfo = await backend.accounts.read();
      info = await backend.account();
    } catch (error) {
      // Codex 0.169.0 asks chatgpt.com about the workspace before it answers `account/read`: without a
      // network a stored sign-in cannot be read, but it is still the user's account.
      if (setup?.codex === undefined || !(await hasStoredCodexSignIn(setup.codex.home))) throw error;
      logger.warn(`Could not check the ChatGPT sign-in, using it as it is: ${describe(error)}`);
      codexInfo = { signedIn: true, kind: 'chatgpt' };
      info = { backend: 'codex', signedIn: true, defaultImageModel: codexImageModelId, imageModels: [codexImageModelId], imageModelSelectable: false };
    }
    rateLimits = codexInfo.kind === 'chatgpt' ? toIso(await backend.rateLimits().catch(() => undefined)) : undefined;
  }

  async function readInfo(): Promise<void> {
    if (current.kind === 'codex') {
      await readCodex(current.backend);
      return;
    }
    info = await current.backend.account();
  }

  /** The image model of the current backend: the one picked before, if it still offers it. */
  function applyImageModel(): void {
    imageModelId = undefined;
    options.onImageModel(undefined);
    const remembered = settings.imageModels[backendName()];
    if (remembered === undefined || remembered === info?.defaultImageModel) return;
    try {
      switchImageModel(remembered);
    } catch (error) {
      logger.warn(`The image model picked earlier (${remembered}) is not available now: ${describe(error)} Drawing with ${summary().imageModel}.`);
    }
  }

  function applyChatModel(): void {
    if (current.kind !== 'openai' || settings.chatModel === undefined) return;
    if (info?.chatModels?.includes(settings.chatModel) !== true) {
      if (info?.chatModels !== undefined) logger.warn(`The chat model picked earlier (${settings.chatModel}) is not on this server's list; using ${info.chatModel ?? 'none'}.`);
      return;
    }
    current.backend.setChatModel(settings.chatModel);
    info = { ...info, chatModel: settings.chatModel };
  }

  async function switchTo(next: Current): Promise<void> {
    const previous = current;
    current = next;
    info = undefined;
    codexInfo = undefined;
    rateLimits = undefined;
    try {
      await readInfo();
    } catch (error) {
      logger.warn(`Could not read the ${backendName()} account: ${describe(error)}`);
    }
    applyImageModel();
    applyChatModel();
    if (previous.backend !== next.backend) retire(previous);
    emitAccount();
  }

  function imageModelFor(model: string): ImageModel | undefined {
    if (current.kind === 'openai') {
      const { apiKey, baseUrl } = current.credential;
      return createOpenAIImageModel({ apiKey, model, ...(baseUrl === undefined ? {} : { baseURL: baseUrl }) });
    }
    return current.kind === 'fixed' ? options.imageModelFor?.(model) : undefined;
  }

  /** Draws later turns with `model`, one the account lists and the host can build. */
  function switchImageModel(model: string): void {
    const account = summary();
    if (!account.imageModelSelectable) {
      throw new AccountError('invalid_input', `This account draws with ${account.imageModel}; the ${account.backend} backend offers no other image model.`);
    }
    if (!account.imageModels.includes(model)) {
      throw new AccountError('invalid_input', `"${model}" is not an image model this account can use. Pick one of: ${account.imageModels.join(', ')}.`);
    }
    const built = imageModelFor(model);
    if (built === undefined && model !== info?.defaultImageModel) throw new AccountError('invalid_input', `Forge cannot draw with ${model} on this backend.`);
    options.onImageModel(built);
    imageModelId = model;
  }

  async function keepSettings(change: (previous: AppSettings) => AppSettings, what: string): Promise<void> {
    settings = change(settings);
    try {
      // Through update(): the other rooms' keys in the same file stay as they are.
      if (options.settings !== undefined) settings = await options.settings.update(change);
    } catch (error) {
      // The choice still holds until Forge quits; only remembering it failed.
      logger.warn(`Could not keep the ${what} in ${options.settings?.path ?? 'the settings'}: ${describe(error)}`);
    }
  }

  async function storedCredential(): Promise<OpenAICredential | undefined> {
    const opened = await storeReady;
    if (opened === undefined) return undefined;
    try {
      return parseCredential(await opened.get(openAIKeyName));
    } catch (error) {
      logger.warn(`Could not read the API key from ${opened.description}: ${describe(error)}`);
      return undefined;
    }
  }

  function openAIBackendFor(credential: OpenAICredential, models?: readonly string[]): OpenAIBackend {
    return makeOpenAI({ apiKey: credential.apiKey, ...(credential.baseUrl === undefined ? {} : { baseURL: credential.baseUrl }), ...(models === undefined ? {} : { models }) });
  }

  function environmentCredential(): OpenAICredential | undefined {
    const key = setup?.environmentKey;
    if (key === undefined || !environmentKeyUsable) return undefined;
    return { apiKey: key.apiKey, ...(key.baseURL === undefined ? {} : { baseUrl: key.baseURL }) };
  }

  async function keyBackend(): Promise<Current | undefined> {
    const stored = await storedCredential();
    if (stored !== undefined) knownKeys.add(stored.apiKey);
    if (stored !== undefined) return { kind: 'openai', backend: openAIBackendFor(stored), credential: stored, keySource: store?.persistent === false ? 'session' : 'stored' };
    const fromEnvironment = environmentCredential();
    if (fromEnvironment !== undefined) return { kind: 'openai', backend: openAIBackendFor(fromEnvironment), credential: fromEnvironment, keySource: 'environment' };
    return undefined;
  }

  /** Start-up: finds the account to use, in the order Codex (ChatGPT), a stored key, OPENAI_API_KEY, offline. */
  async function detect(): Promise<void> {
    try {
      if (setup === undefined) {
        info = await current.backend.account();
        applyImageModel();
        return;
      }
      const offlineNow = current;
      switch (setup.preference) {
        case 'offline':
          await switchTo(offlineNow);
          return;
        case 'codex':
          if (setup.codex !== undefined) await switchTo({ kind: 'codex', backend: ensureCodex() });
          else await switchTo(offlineNow);
          return;
        case 'openai':
          await switchTo((await keyBackend()) ?? offlineNow);
          return;
        case 'auto':
          break;
        default:
          setup.preference satisfies never;
      }
      // Only a home with a sign-in (or a configured server) is worth starting Codex for: offline starts stay silent.
      const storedSignIn = setup.codex !== undefined && (await hasStoredCodexSignIn(setup.codex.home));
      if (setup.codex !== undefined && (setup.codex.provider !== undefined || storedSignIn)) {
        const backend = ensureCodex();
        let signedIn = storedSignIn;
        try {
          signedIn = (await backend.accounts.read()).signedIn;
        } catch (error) {
          logger.warn(`Could not ask Codex who is signed in${storedSignIn ? ', using the stored sign-in' : ', trying the next account'}: ${describe(error)}`);
        }
        if (signedIn) {
          await switchTo({ kind: 'codex', backend });
          return;
        }
        releaseCodexIfUnused();
      }
      await switchTo((await keyBackend()) ?? offlineNow);
    } finally {
      checking = false;
      logger.info(`agent backend: ${backendName()}`);
      emitAccount();
    }
  }

  function onCodexEvent(event: CodexAccountEvent): void {
    if (closed) return;
    switch (event.type) {
      case 'sign-in-completed': {
        const pending = signIn;
        if (pending?.status !== 'waiting' || (event.loginId !== undefined && event.loginId !== pending.loginId)) return;
        void serial(() => completeSignIn(pending.loginId)).catch((error: unknown) => logger.error('finishing the sign-in failed', error));
        return;
      }
      case 'sign-in-failed': {
        const pending = signIn;
        if (pending?.status !== 'waiting' || (event.loginId !== undefined && event.loginId !== pending.loginId)) return;
        if (event.message === 'Cancelled') {
          signIn = undefined;
          emit({ type: 'sign-in', loginId: pending.loginId, status: 'cancelled' });
        } else {
          const reason = event.message.replace(/[.\s]+$/, '');
          const hint = /error sending request|network|connect|timed out|dns/i.test(reason) ? ' Check the connection, then sign in again.' : '';
          const message = `The sign-in did not complete: ${reason}.${hint}`;
          signIn = { status: 'failed', loginId: pending.loginId, method: pending.method, message };
          emit({ type: 'sign-in', loginId: pending.loginId, status: 'failed', message });
        }
        emitAccount();
        releaseCodexIfUnused();
        return;
      }
      case 'account-updated':
        if (current.kind !== 'codex' || signIn?.status === 'waiting') return;
        void serial(async () => {
          if (current.kind !== 'codex') return;
          await readCodex(current.backend).catch((error: unknown) => logger.warn(`Could not read the Codex account: ${describe(error)}`));
          emitAccount();
        });
        return;
      case 'rate-limits-updated':
        if (current.kind !== 'codex') return;
        rateLimits = toIso(event.rateLimits);
        emitAccount();
        return;
      default:
        event satisfies never;
    }
  }

  async function completeSignIn(loginId: string): Promise<void> {
    const backend = codex?.backend;
    signIn = undefined;
    if (backend === undefined || closed) return;
    // One payer at a time: the ChatGPT plan replaces a stored key.
    await forgetStoredKey().catch((error: unknown) => logger.warn(`Could not remove the API key replaced by the ChatGPT sign-in: ${describe(error)}`));
    logoutPending = false;
    await switchTo({ kind: 'codex', backend });
    emit({ type: 'sign-in', loginId, status: 'completed' });
    logger.info(`signed in with ChatGPT (${summary().label})`);
  }

  async function forgetStoredKey(): Promise<void> {
    const opened = await storeReady;
    await opened?.delete(openAIKeyName);
  }

  function requireAccounts(): AccountSetup {
    if (setup === undefined) throw new AccountError('unavailable', 'This Forge runs on a fixed backend: its account cannot be changed here.');
    return setup;
  }

  async function startSignIn(method: CodexSignInMethod): Promise<SignInStart> {
    requireAccounts();
    const backend = ensureCodex();
    const previous = signIn;
    if (previous?.status === 'waiting') await backend.accounts.cancelSignIn(previous.loginId).catch(() => false);
    // A new sign-in replaces what a sign-out was going to undo.
    logoutPending = false;
    signIn = undefined;
    let started;
    try {
      started = await backend.accounts.startSignIn(method);
    } catch (error) {
      releaseCodexIfUnused();
      emitAccount();
      if (AgentError.isInstance(error) && error.code === 'network') throw new AccountError('network', error.message, { cause: error });
      throw new AccountError('sign_in', AgentError.isInstance(error) ? error.message : `The sign-in could not start: ${describe(error)}`, { cause: error });
    }
    signIn =
      started.method === 'chatgpt'
        ? { status: 'waiting', loginId: started.loginId, method: 'chatgpt', authUrl: started.authUrl }
        : { status: 'waiting', loginId: started.loginId, method: 'device-code', verificationUrl: started.verificationUrl, userCode: started.userCode };
    emitAccount();
    return started.method === 'chatgpt'
      ? { loginId: started.loginId, authUrl: started.authUrl }
      : { loginId: started.loginId, verificationUrl: started.verificationUrl, userCode: started.userCode };
  }

  async function cancelSignIn(loginId: string): Promise<{ cancelled: boolean }> {
    const pending = signIn;
    if (pending?.status !== 'waiting' || pending.loginId !== loginId) return { cancelled: false };
    try {
      await codex?.backend.accounts.cancelSignIn(loginId);
    } catch (error) {
      logger.warn(`Cancelling the sign-in failed: ${describe(error)}`);
    }
    if (signIn?.loginId === loginId) {
      signIn = undefined;
      emit({ type: 'sign-in', loginId, status: 'cancelled' });
      emitAccount();
    }
    releaseCodexIfUnused();
    return { cancelled: true };
  }

  async function setApiKey(input: ApiKeyInput): Promise<AccountSummary> {
    requireAccounts();
    const checked = checkApiKeyInput(input);
    knownKeys.add(checked.apiKey);
    let models: string[];
    try {
      ({ models } = await checkKey({ apiKey: checked.apiKey, ...(checked.baseUrl === undefined ? {} : { baseURL: checked.baseUrl }) }));
    } catch (error) {
      throw keyCheckFailure(error);
    }
    const credential: OpenAICredential = { apiKey: checked.apiKey, ...(checked.baseUrl === undefined ? {} : { baseUrl: checked.baseUrl }) };
    const opened = await storeReady;
    let keySource: 'stored' | 'session' = opened?.persistent === true ? 'stored' : 'session';
    try {
      await opened?.set(openAIKeyName, JSON.stringify(credential));
    } catch (error) {
      keySource = 'session';
      logger.warn(`The API key could not be kept in ${opened?.description ?? 'a credential store'}, so it is kept for this session only: ${describe(error)}`);
    }
    // One payer at a time: the key replaces a ChatGPT sign-in (once Codex has answered its last turn).
    if (current.kind === 'codex') {
      if (options.turns.busy()) logoutPending = true;
      else await signOutOfCodex();
    }
    await switchTo({ kind: 'openai', backend: openAIBackendFor(credential, models), credential, keySource });
    logger.info(`using an API key${credential.baseUrl === undefined ? '' : ` for ${credential.baseUrl}`} (${keySource === 'stored' ? 'kept in the credential store' : 'kept for this session only'})`);
    return summary();
  }

  async function signOut(): Promise<AccountSummary> {
    const accountSetup = requireAccounts();
    switch (current.kind) {
      case 'openai':
        if (current.keySource === 'environment') environmentKeyUsable = false;
        else {
          try {
            await forgetStoredKey();
          } catch (error) {
            throw new AccountError('unavailable', `Forge could not remove the key from the credential store, so it is still signed in: ${describe(error)}`, { cause: error });
          }
        }
        break;
      case 'codex':
        if (options.turns.busy()) logoutPending = true;
        else {
          try {
            await current.backend.accounts.signOut();
          } catch (error) {
            throw new AccountError('unavailable', `Codex could not sign out, so Forge is still signed in: ${describe(error)}`, { cause: error });
          }
        }
        break;
      case 'offline':
      case 'fixed':
        break;
      default:
        current satisfies never;
    }
    await switchTo({ kind: 'offline', backend: makeOffline(accountSetup.offline ?? {}) });
    logger.info('signed out: offline previews');
    return summary();
  }

  async function setImageModel(model: string): Promise<AccountSummary> {
    switchImageModel(model);
    await keepSettings((previous) => ({ ...previous, imageModels: { ...previous.imageModels, [backendName()]: model } }), 'image model');
    emitAccount();
    return summary();
  }

  async function setChatModel(model: string): Promise<AccountSummary> {
    if (current.kind !== 'openai') throw new AccountError('invalid_input', 'The chat model is chosen by the account on this backend; pick one when Forge uses an API key.');
    const available = info?.chatModels ?? [];
    if (!available.includes(model)) {
      throw new AccountError('invalid_input', `"${model}" is not a chat model this server lists.${available.length === 0 ? '' : ` Pick one of: ${available.join(', ')}.`}`);
    }
    current.backend.setChatModel(model);
    info = info === undefined ? info : { ...info, chatModel: model };
    await keepSettings((previous) => ({ ...previous, chatModel: model }), 'chat model');
    emitAccount();
    return summary();
  }

  const detected = serial(detect);
  // A fixed backend and an offline start are known at once; anything else is found behind the first paint.
  if (setup === undefined || setup.preference === 'offline') await detected;

  return {
    current: () => current.backend,
    summary,
    settled: () => detected.then(() => undefined),
    startSignIn: (method) => serial(() => startSignIn(method)),
    cancelSignIn,
    setApiKey: (input) => serial(() => setApiKey(input)),
    signOut: () => serial(() => signOut()),
    setImageModel: (model) => serial(() => setImageModel(model)),
    setChatModel: (model) => serial(() => setChatModel(model)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    secrets: () => [...knownKeys],
    async close() {
      if (closed) return;
      closed = true;
      await queue.catch(() => undefined);
      const pending = signIn;
      if (pending?.status === 'waiting') await codex?.backend.accounts.cancelSignIn(pending.loginId).catch(() => false);
      if (logoutPending) await signOutOfCodex();
      codex?.unsubscribe();
      await codex?.backend.close();
      if (current.kind !== 'codex') await current.backend.close?.();
    },
  };
}
