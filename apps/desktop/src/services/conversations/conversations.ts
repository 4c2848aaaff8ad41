// The conversations room: the open workspace (a project folder or the Scratchpad, with its
// asset store), its threads kept in the database, and one ChatSession per thread in use.
// Switching thread or workspace needs no restart: the store, the session and the Codex
// working folder follow. A turn still running in a thread the user left goes on in the
// background and is kept; its events reach the renderer only while its thread is open.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';

import type { AgentBackend } from '@forge/agent';
import { AssetStoreError, openAssetStore } from '@forge/asset-store';
import type { AssetStore, AssetStoreOptions } from '@forge/asset-store';
import type { ImageModel } from '@forge/image-gen';

import type { ChatMessageData, ChatMode, ForgeEvent, StorageStatus, ThreadSummary, WorkspaceState, WorkspaceSummary } from '../../contract/index.ts';
import { ChatSession, UnknownProposalError } from '../chat-session.ts';
import type { ChatSessionOptions } from '../chat-session.ts';
import type { Logger } from '../logger.ts';
import { ConversationError } from './conversation-error.ts';
import type { ConversationStorage } from './conversation-storage.ts';
import { createThreadRecorder } from './thread-recorder.ts';
import { ThreadRepository } from './thread-repository.ts';
import { inlineThumbnailHeights, withThumbnails } from './thumbnail-links.ts';
import type { ThumbnailUrl } from './thumbnail-links.ts';
import type { WorkspaceRecord } from './thread-repository.ts';
import { untitled } from './thread-title.ts';
import { checkProjectFolder } from './workspace-folder.ts';

/** Which workspace to open: a project folder, the Scratchpad (Open mode), or the one opened last. */
export type WorkspaceTarget = { mode: 'project'; projectDir: string } | { mode: 'open' } | { mode: 'last' };

export interface ConversationsOptions {
  storage: ConversationStorage;
  /** The backend for a turn starting now (the account can change between turns). */
  backend: () => AgentBackend;
  assetUrl: (relativePath: string) => string;
  logger: Logger;
  /** The home whose `.forge/scratchpad` is Open mode's workspace. */
  home: string;
  /** The asset store's cache (thumbnails, the listing index), outside any project. */
  cacheDir?: string;
  clock?: () => Date;
  createId?: () => string;
  /** Opens a workspace's asset store; tests pass one that refuses. */
  openStore?: (options: AssetStoreOptions) => Promise<AssetStore>;
  /** How long streaming text may wait before it is written (default 250 ms). */
  recorderDebounceMs?: number;
  /** The store's thumbnail of a saved image (the web host's `/thumbnails/`, Electron's `forge-asset://thumbnail/`); none: inline images are the full files. */
  thumbnailUrl?: ThumbnailUrl | undefined;
  /** How many of a thread's latest messages opening it sends (default 50); `loadOlder` pages the rest. */
  pageSize?: number;
  /** What every thread's session is given besides its thread (Settings read as each turn starts). */
  sessionOptions?: Pick<ChatSessionOptions, 'agentTools' | 'stallTimeoutMs' | 'watchdogClock'>;
}

/** The workspace's part of `getState()` (the account and the agent tools setting are the services'). */
export type ConversationState = Omit<WorkspaceState, 'account' | 'agentTools'>;

/** What the room tells its listener: the renderer's events, with a `state` the services complete with the account. */
export type ConversationEvent = Exclude<ForgeEvent, { type: 'state' | 'account' | 'agent-tools' | 'sign-in' }> | { type: 'state'; state: ConversationState };

interface OpenWorkspace {
  record: WorkspaceRecord;
  mode: 'project' | 'open';
  /** The project's real path, or the scratchpad folder. */
  folder: string;
  store: AssetStore;
  memoryFileLabel: string;
  sessions: Map<string, { session: ChatSession; unsubscribe: () => void }>;
}

interface WorkspaceResources {
  mode: 'project' | 'open';
  folder: string;
  store: AssetStore;
}

const defaultPageSize = 50;

export class Conversations {
  private readonly options: ConversationsOptions;
  private readonly listeners = new Set<(event: ConversationEvent) => void>();
  private readonly stopHearingSyncFailures: () => void;
  /** Workspaces left while a turn was still running in them: closed when it ends. */
  private readonly retired = new Set<OpenWorkspace>();
  private opened: OpenWorkspace | undefined;
  private activeThreadId = '';
  private imageModel: ImageModel | undefined;
  private repositoryCache: ThreadRepository | undefined;
  private threadsEventQueued = false;

  private constructor(options: ConversationsOptions) {
    this.options = options;
    // A write that returned but did not reach the disk is a write that failed.
    this.stopHearingSyncFailures = options.storage.onSyncFailure((error) => this.onWriteFailed(error));
  }

  /** Opens the storage's conversations on `initial` (a workspace that cannot be opened throws). */
  static async open(options: ConversationsOptions, initial: WorkspaceTarget): Promise<Conversations> {
    const conversations = new Conversations(options);
    const resources = await conversations.resourcesFor(initial);
    conversations.opened = conversations.bind(resources);
    return conversations;
  }

  private get current(): OpenWorkspace {
    if (this.opened === undefined) throw new Error('No workspace is open yet.');
    return this.opened;
  }

  get store(): AssetStore {
    return this.current.store;
  }

  get session(): ChatSession {
    return this.sessionFor(this.current, this.activeThreadId);
  }

  get threadId(): string {
    return this.activeThreadId;
  }

  get storageStatus(): StorageStatus {
    return this.options.storage.status;
  }

  private get repository(): ThreadRepository {
    const { database } = this.options.storage;
    if (this.repositoryCache?.database !== database) {
      this.repositoryCache = new ThreadRepository({
        database,
        assetUrl: this.options.assetUrl,
        ...(this.options.clock === undefined ? {} : { clock: this.options.clock }),
        ...(this.options.createId === undefined ? {} : { createId: this.options.createId }),
      });
    }
    return this.repositoryCache;
  }

  state(): ConversationState {
    const { current } = this;
    const session = this.session;
    // Only the latest page crosses to the renderer: a long thread opens as fast as a short one.
    const transcript = session.transcript();
    return {
      mode: current.mode,
      folder: current.folder,
      memoryFile: current.memoryFileLabel,
      messages: transcript.slice(-this.pageSize).map((message) => this.outgoing(message)),
      messageCount: transcript.length,
      hasOlder: transcript.length > this.pageSize,
      busy: session.busy,
      chatMode: session.mode,
      threadId: this.activeThreadId,
      threadTitle: this.repository.thread(this.activeThreadId)?.title ?? untitled,
      storage: this.options.storage.status,
    };
  }

  /** How many messages opening a thread sends (the latest ones). */
  private get pageSize(): number {
    return this.options.pageSize ?? defaultPageSize;
  }

  /** The page of the thread's messages just above `before` (a message id), read from the database. */
  loadOlder(threadId: string, before: string, limit = this.pageSize): { messages: ChatMessageData[]; hasOlder: boolean } {
    const thread = this.repository.requireThread(threadId);
    if (thread.workspaceId !== this.current.record.id) {
      throw new ConversationError({ code: 'not_found', message: 'That conversation belongs to another workspace: switch to it first.' });
    }
    const page = this.repository.messagesBefore(threadId, before, limit);
    return { messages: page.messages.map((message) => this.outgoing(message)), hasOlder: page.hasOlder };
  }

  /** A message as it leaves for a renderer: saved images carry their thumbnail links. */
  private outgoing(message: ChatMessageData): ChatMessageData {
    const { thumbnailUrl } = this.options;
    if (thumbnailUrl === undefined) return message;
    const { store } = this.current;
    return withThumbnails(message, thumbnailUrl, (relativePath) => store.resolve(relativePath));
  }

  subscribe(listener: (event: ConversationEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---------- threads ----------

  listThreads(): ThreadSummary[] {
    return this.repository.listThreads(this.current.record.id);
  }

  /** Opens a new, empty thread (the open one, when it is still empty: no pile of blank chats). */
  newThread(): { threadId: string } {
    const open = this.repository.thread(this.activeThreadId);
    if (open !== undefined && open.messageCount === 0 && !this.session.busy) return { threadId: open.threadId };
    // A new chat starts in the mode the user was in.
    const thread = this.repository.createThread(this.current.record.id, { mode: this.session.mode });
    this.activate(thread.threadId);
    this.emitThreads();
    this.emitState();
    return { threadId: thread.threadId };
  }

  /** Opens the thread and returns the state it opens with (the `state` event carries the same). */
  openThread(threadId: string): ConversationState {
    const thread = this.repository.requireThread(threadId);
    if (thread.workspaceId !== this.current.record.id) {
      throw new ConversationError({ code: 'not_found', message: 'That conversation belongs to another workspace: switch to it first.' });
    }
    if (threadId !== this.activeThreadId) {
      this.activate(threadId);
      this.emitThreads();
    }
    return this.emitState();
  }

  renameThread(threadId: string, title: string): ThreadSummary {
    const thread = this.repository.renameThread(threadId, title);
    this.emitThreads();
    if (threadId === this.activeThreadId) this.emitState();
    return thread;
  }

  /** Deletes the thread and what it said; its images stay in the project. */
  deleteThread(threadId: string): { deleted: boolean } {
    const thread = this.repository.thread(threadId);
    if (thread === undefined) return { deleted: false };
    const workspace = [this.current, ...this.retired].find((candidate) => candidate.record.id === thread.workspaceId);
    if (threadId === this.activeThreadId) {
      const next = this.repository.listThreads(this.current.record.id).find((candidate) => candidate.threadId !== threadId);
      this.activeThreadId = next?.threadId ?? this.repository.createThread(this.current.record.id).threadId;
      this.sessionFor(this.current, this.activeThreadId);
    }
    const deleted = this.repository.deleteThread(threadId);
    const live = workspace?.sessions.get(threadId);
    if (workspace !== undefined && live !== undefined) {
      workspace.sessions.delete(threadId);
      live.unsubscribe();
      // Writes of a turn cut short here find no thread: that is expected, not a storage failure.
      void live.session.close().then(() => this.closeIfRetiredAndIdle(workspace));
    }
    this.emitThreads();
    this.emitState();
    return { deleted };
  }

  /** Whether a turn is running in any thread (the account waits for it before switching backends). */
  get busy(): boolean {
    return [this.current, ...this.retired].some((workspace) => [...workspace.sessions.values()].some(({ session }) => session.busy));
  }

  /** Resolves when no turn is running in any thread. */
  async idle(): Promise<void> {
    while (this.busy) {
      const running = [this.current, ...this.retired].flatMap((workspace) => [...workspace.sessions.values()].filter(({ session }) => session.busy));
      await Promise.all(
        running.map(
          ({ session }) =>
            new Promise<void>((resolve) => {
              const unsubscribe = session.subscribe((event) => {
                if (event.type !== 'busy' || event.busy) return;
                unsubscribe();
                resolve();
              });
              if (!session.busy) {
                unsubscribe();
                resolve();
              }
            }),
        ),
      );
    }
  }

  /** Later turns of the open thread run in `mode` (Ask / Agent), kept with the thread. */
  setMode(mode: ChatMode): ChatMode {
    this.session.setMode(mode);
    this.repository.setThreadMode(this.activeThreadId, mode);
    return this.session.mode;
  }

  async approveProposal(proposalId: string, body: Parameters<ChatSession['approve']>[1]): Promise<ChatMessageData> {
    const { session, threadId } = this.sessionForProposal(proposalId);
    try {
      return await session.approve(proposalId, body);
    } finally {
      this.release(this.current, threadId);
    }
  }

  rejectProposal(proposalId: string): ChatMessageData {
    const { session, threadId } = this.sessionForProposal(proposalId);
    try {
      return session.reject(proposalId);
    } finally {
      this.release(this.current, threadId);
    }
  }

  /** The window closed or the renderer went away: every approval card still waiting is declined. */
  declineWaitingApprovals(): void {
    for (const workspace of [this.current, ...this.retired]) for (const { session } of workspace.sessions.values()) session.declineWaitingApprovals();
  }

  setImageModel(model: ImageModel | undefined): void {
    this.imageModel = model;
    for (const workspace of [this.current, ...this.retired]) for (const { session } of workspace.sessions.values()) session.setImageModel(model);
  }

  // ---------- workspaces ----------

  listWorkspaces(): WorkspaceSummary[] {
    return this.repository.recentWorkspaces().map((record) => ({
      mode: record.kind,
      folder: record.folder,
      name: record.kind === 'open' ? 'Scratchpad' : basename(record.folder) || record.folder,
      openedAt: record.openedAt,
      current: record.id === this.current.record.id,
      ...(record.kind === 'project' && !existsSync(record.folder) ? { missing: true } : {}),
    }));
  }

  /**
   * Switches to another workspace. A folder that cannot be opened (missing, unreadable, or
   * refused by the store, like a `.forge` that links elsewhere) throws and leaves the
   * current workspace as it was.
   */
  async openWorkspace(target: Exclude<WorkspaceTarget, { mode: 'last' }>): Promise<void> {
    const resources = await this.resourcesFor(target);
    if (resources.store === this.current.store) return;
    const previous = this.current;
    const previousThread = this.activeThreadId;
    try {
      this.opened = this.bind(resources);
    } catch (error) {
      await resources.store.close();
      throw error;
    }
    this.retire(previous, previousThread);
    this.emitThreads();
    this.emitWorkspaces();
    this.emitState();
  }

  /** Puts the database file aside and starts an empty one; the open workspace stays open. */
  async startFreshDatabase(): Promise<{ renamedTo: string }> {
    const workspaces = [this.current, ...this.retired];
    for (const workspace of workspaces) {
      for (const [threadId, live] of workspace.sessions) {
        workspace.sessions.delete(threadId);
        live.unsubscribe();
        await live.session.close();
      }
    }
    for (const workspace of this.retired) await workspace.store.close();
    this.retired.clear();
    const result = this.options.storage.startFresh();
    const { mode, folder, store } = this.current;
    this.opened = this.bind({ mode, folder, store });
    this.emit({ type: 'storage', storage: this.options.storage.status });
    this.emitThreads();
    this.emitWorkspaces();
    this.emitState();
    return result;
  }

  async close(): Promise<void> {
    for (const workspace of [this.current, ...this.retired]) {
      for (const { session, unsubscribe } of workspace.sessions.values()) {
        unsubscribe();
        await session.close();
      }
      workspace.sessions.clear();
      await workspace.store.close();
    }
    this.retired.clear();
    this.listeners.clear();
    this.stopHearingSyncFailures();
  }

  // ---------- inside ----------

  private async resourcesFor(target: WorkspaceTarget): Promise<WorkspaceResources> {
    if (target.mode === 'last') {
      const last = this.repository.recentWorkspaces(1)[0];
      if (last?.kind === 'project') {
        try {
          return await this.resourcesFor({ mode: 'project', projectDir: last.folder });
        } catch (error) {
          this.options.logger.warn(`The last project (${last.folder}) cannot be opened now; opening the Scratchpad. ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return this.resourcesFor({ mode: 'open' });
    }
    const open = this.options.openStore ?? ((options: AssetStoreOptions) => openAssetStore(options));
    const cache = this.options.cacheDir === undefined ? {} : { cacheDir: this.options.cacheDir };
    if (target.mode === 'open') {
      if (this.opened?.mode === 'open') return this.opened;
      const store = await this.openStoreOrExplain(() => open({ mode: 'open', homeDir: this.options.home, ...cache }), this.options.home);
      return { mode: 'open', folder: store.root, store };
    }
    const folder = await checkProjectFolder(target.projectDir);
    if (this.opened?.mode === 'project' && this.opened.folder === folder) return this.opened;
    const store = await this.openStoreOrExplain(() => open({ mode: 'project', projectDir: folder, ...cache }), folder);
    return { mode: 'project', folder, store };
  }

  private async openStoreOrExplain(open: () => Promise<AssetStore>, folder: string): Promise<AssetStore> {
    try {
      return await open();
    } catch (error) {
      // The store's own words (e.g. "`.forge` in this project is a link to another place; Forge will not follow it").
      const message = AssetStoreError.isInstance(error) || error instanceof Error ? error.message : String(error);
      throw new ConversationError({ code: 'workspace_refused', message, path: folder, cause: error });
    }
  }

  /** Records the workspace in the database and opens its latest thread (or a new one). */
  private bind(resources: WorkspaceResources): OpenWorkspace {
    const record = this.repository.touchWorkspace(resources.mode, resources.folder);
    const workspace: OpenWorkspace = {
      record,
      mode: resources.mode,
      folder: resources.folder,
      store: resources.store,
      memoryFileLabel: resources.mode === 'project' ? '.forge/ASSETS.md' : '~/.forge/scratchpad/ASSETS.md',
      sessions: this.opened?.store === resources.store ? this.opened.sessions : new Map<string, { session: ChatSession; unsubscribe: () => void }>(),
    };
    const thread = this.repository.latestThread(record.id) ?? this.repository.createThread(record.id);
    this.activeThreadId = thread.threadId;
    this.sessionFor(workspace, thread.threadId);
    return workspace;
  }

  private activate(threadId: string): void {
    const previous = this.activeThreadId;
    this.activeThreadId = threadId;
    this.sessionFor(this.current, threadId);
    this.release(this.current, previous);
  }

  /** The live session of a thread, loaded from the database the first time. */
  private sessionFor(workspace: OpenWorkspace, threadId: string): ChatSession {
    const live = workspace.sessions.get(threadId);
    if (live !== undefined) return live.session;
    const repository = this.repository;
    // Not live in this process: a message still pending is from a Forge that died mid-turn.
    repository.settleInterrupted(threadId);
    const { options } = this;
    const session = new ChatSession({
      ...options.sessionOptions,
      backend: options.backend,
      store: workspace.store,
      assetUrl: options.assetUrl,
      ...(options.thumbnailUrl === undefined ? {} : { thumbnailHeights: inlineThumbnailHeights }),
      memoryFileLabel: workspace.memoryFileLabel,
      logger: options.logger,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.createId === undefined ? {} : { createId: options.createId }),
      ...(this.imageModel === undefined ? {} : { imageModel: this.imageModel }),
      threadId,
      mode: repository.thread(threadId)?.mode ?? 'agent',
      restored: { messages: repository.messages(threadId).messages, proposals: repository.proposals(threadId), backendThreads: repository.backendThreads(threadId) },
      recorder: createThreadRecorder({
        repository: () => this.repository,
        threadId,
        ...(options.recorderDebounceMs === undefined ? {} : { debounceMs: options.recorderDebounceMs }),
        onError: (error) => this.onWriteFailed(error),
        onSaved: () => {
          if (this.options.storage.reportWriteSuccess()) this.emit({ type: 'storage', storage: this.options.storage.status });
        },
        onThreadChanged: () => this.emitThreads(),
      }),
      cwd: workspace.folder,
    });
    const unsubscribe = session.subscribe((event) => {
      if (event.type === 'busy' && !event.busy) queueMicrotask(() => this.release(workspace, threadId));
      if (workspace !== this.current || threadId !== this.activeThreadId) return;
      if (event.type === 'message') this.emit({ ...event, message: this.outgoing(event.message), threadId });
      else if (event.type === 'busy') this.emit({ ...event, threadId });
      // Anything else a session says (its Ask / Agent mode) is about the open thread too.
      else this.emit(event as ConversationEvent);
    });
    workspace.sessions.set(threadId, { session, unsubscribe });
    return session;
  }

  /** Drops a thread's session once it is neither open nor running; a thread left empty goes too. */
  private release(workspace: OpenWorkspace, threadId: string): void {
    if (workspace === this.current && threadId === this.activeThreadId) return;
    const live = workspace.sessions.get(threadId);
    if (live === undefined || live.session.busy) return;
    workspace.sessions.delete(threadId);
    live.unsubscribe();
    void live.session.close();
    if (this.repository.thread(threadId)?.messageCount === 0) {
      this.repository.deleteThread(threadId);
      this.emitThreads();
    }
    this.closeIfRetiredAndIdle(workspace);
  }

  private retire(workspace: OpenWorkspace, openThreadId: string): void {
    if (workspace.store === this.current.store) return;
    this.retired.add(workspace);
    for (const threadId of [openThreadId, ...workspace.sessions.keys()]) this.release(workspace, threadId);
    this.closeIfRetiredAndIdle(workspace);
  }

  private closeIfRetiredAndIdle(workspace: OpenWorkspace): void {
    if (!this.retired.has(workspace) || workspace.sessions.size > 0) return;
    this.retired.delete(workspace);
    workspace.store.close().catch((error: unknown) => this.options.logger.warn(`Closing the asset store of ${workspace.folder} failed`, error));
  }

  private sessionForProposal(proposalId: string): { session: ChatSession; threadId: string } {
    const threadId = this.repository.proposalThread(proposalId) ?? this.activeThreadId;
    const thread = this.repository.thread(threadId);
    if (thread === undefined || thread.workspaceId !== this.current.record.id) throw new UnknownProposalError(proposalId);
    return { session: this.sessionFor(this.current, threadId), threadId };
  }

  private onWriteFailed(error: unknown): void {
    // A turn cut short by deleting its thread still publishes its end: nothing to keep.
    if (ConversationError.isInstance(error) && error.code === 'not_found') return;
    this.options.logger.error('keeping a message failed', error);
    const before = this.options.storage.status;
    const after = this.options.storage.reportWriteFailure(error);
    if (after !== before) this.emit({ type: 'storage', storage: after });
  }

  private emit(event: ConversationEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Tells every window what is open now; returns that state (computed once: it holds the whole thread). */
  private emitState(): ConversationState {
    const state = this.state();
    this.emit({ type: 'state', state });
    return state;
  }

  /** Coalesced: a burst of changes (a turn's messages) sends the list once. */
  private emitThreads(): void {
    if (this.threadsEventQueued || this.listeners.size === 0) return;
    this.threadsEventQueued = true;
    queueMicrotask(() => {
      this.threadsEventQueued = false;
      try {
        this.emit({ type: 'threads', threads: this.listThreads() });
      } catch (error) {
        this.options.logger.warn('listing threads failed', error);
      }
    });
  }

  private emitWorkspaces(): void {
    if (this.listeners.size === 0) return;
    this.emit({ type: 'workspaces', workspaces: this.listWorkspaces() });
  }
}
