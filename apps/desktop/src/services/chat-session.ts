// One chat in one workspace: runs turns on the agent backend, saves every finished image to the
// asset store, offers exactly one ASSETS.md proposal per image, and applies what the user approves.
import { randomUUID } from 'node:crypto';

import { runTurnWithStallTimeout } from '@forge/agent';
import type { AgentApprovalDecision, AgentBackend, AgentHistoryMessage, AgentImageOptions, AgentMode, AgentTurnEvent, WatchdogClock } from '@forge/agent';
import type { Asset, AssetStore } from '@forge/asset-store';
import { applyProposal, parseProposals, proposeAssetEntry } from '@forge/assets-memory';
import type { AssetEntryEdit, MemoryProposal } from '@forge/assets-memory';
import type { ImageGenerationEvent, ImageModel } from '@forge/image-gen';

import type { ChatImagePart, ChatMessageData, ChatMode, ChatPart, ChatProposalPart, ComposerAttachment, DrawnThumbnail, ForgeEvent } from '../contract/index.ts';
import { ApprovalRequests } from './approval-requests.ts';
import { checkResult, parentsOf, requestChips, saveKindFor, type TurnFollowUps } from './image-follow-ups.ts';
import { type CheckedInputImage, fileName } from './image-inputs.ts';
import type { ThreadRecorder } from './conversations/thread-recorder.ts';
import { toErrorInfo } from './error-info.ts';
import type { Logger } from './logger.ts';
import { turnHistory } from './turn-history.ts';
import { replyWithImage, requestForReply } from './turn-request.ts';
import { TextPacer } from './text-pacer.ts';
import { applyEntryEdit, proposalEntry } from './proposal-entry.ts';

export interface ChatSessionOptions {
  /** The backend for a turn starting now (the account can change between turns); a turn keeps the one it started on. */
  backend: () => AgentBackend;
  store: AssetStore;
  /** How the renderer reaches a stored file (`/files/…` on the web host, a custom protocol in Electron). */
  assetUrl: (relativePath: string) => string;
  /** ASSETS.md as the user reads its path, for the proposal card. */
  memoryFileLabel: string;
  imageModel?: ImageModel;
  /** The thread's starting mode (default `agent`). */
  mode?: AgentMode;
  /** Settings → Agent tools, read when a turn starts: may the agent ask to act on the machine? */
  agentTools?: () => boolean;
  clock?: () => Date;
  createId?: () => string;
  logger: Logger;
  /** Silence (ms) after which a turn fails as `timeout`, read as each turn starts; default two minutes. */
  stallTimeoutMs?: () => number | undefined;
  /** The stall watchdog's clock (tests). */
  watchdogClock?: WatchdogClock;
  /** The thread's id in the conversations database; default: a new one. */
  threadId?: string;
  /** The thread as it was kept: its messages (oldest first), their proposals, and the backends' own thread ids. */
  restored?: RestoredThread;
  /** Keeps every message and proposal as it changes (the conversations database); none keeps nothing. */
  recorder?: ThreadRecorder;
  /** The workspace folder a new backend conversation works in (Codex's cwd). */
  cwd?: string;
  /**
   * The thumbnail heights the renderer shows inline (e.g. 192 and 384): made from the image's
   * bytes while it is saved, so the page's request after the message finds them ready.
   */
  thumbnailHeights?: readonly number[];
  /**
   * How long (ms) a finished image's message waits for its first thumbnail to go with it
   * (default 100: it is made while the file is written and is ready about with it); longer, and
   * the message goes without it and the page asks for it.
   */
  drawnThumbnailWaitMs?: number;
}

export interface RestoredThread {
  messages: readonly ChatMessageData[];
  proposals: ReadonlyMap<string, PendingProposal>;
  /** Backend id → the backend's own conversation id that served the thread last (a `turn-started` event's `backendThreadId`). */
  backendThreads?: Readonly<Record<string, string>>;
}

/** One turn in flight; `stopped` once the user pressed Stop (or cancelled its image). */
interface RunningTurn {
  controller: AbortController;
  done: Promise<void>;
  stopped: boolean;
}

export interface PendingProposal {
  proposal: MemoryProposal;
  messageId: string;
}

export class ChatSession {
  readonly threadId: string;
  private readonly options: ChatSessionOptions;
  private readonly messages = new Map<string, ChatMessageData>();
  private readonly proposals = new Map<string, PendingProposal>();
  /** Proposals added to a message since it was last published: kept with it, before it. */
  private readonly proposalsToKeep: { id: string; messageId: string; proposal: MemoryProposal }[] = [];
  private readonly listeners = new Set<(event: ForgeEvent) => void>();
  private readonly imageCancels = new Map<string, AbortController>();
  private turn: RunningTurn | undefined;
  private readonly notesForAgent: string[] = [];
  /** Forge is closing: a reply still being written ends "Interrupted", not "Stopped". */
  private closing = false;
  private readonly createId: () => string;
  private readonly clock: () => Date;
  private imageModel: ImageModel | undefined;
  private readonly approvals = new ApprovalRequests();
  private chatMode: ChatMode;
  private readonly backendThreads: Record<string, string>;
  /** The composer's chips a Refine put there, until the next message is sent. */
  private attachments: ComposerAttachment[] = [];
  private readonly textPacer: TextPacer;

  constructor(options: ChatSessionOptions) {
    this.options = options;
    this.createId = options.createId ?? randomUUID;
    this.clock = options.clock ?? (() => new Date());
    this.threadId = options.threadId ?? this.createId();
    this.imageModel = options.imageModel;
    this.chatMode = options.mode ?? 'agent';
    // The session owns what it is given (freshly read from the database).
    for (const message of options.restored?.messages ?? []) this.messages.set(message.id, message);
    for (const [id, pending] of options.restored?.proposals ?? []) this.proposals.set(id, pending);
    this.backendThreads = { ...options.restored?.backendThreads };
    this.textPacer = new TextPacer({ intervalMs: textIntervalMs });
  }

  /** The thread's Ask / Agent mode: Ask answers in text only, on every backend. */
  get mode(): ChatMode {
    return this.chatMode;
  }

  /** Later turns run in `mode`; a turn in flight keeps the mode it started with. */
  setMode(mode: ChatMode): void {
    if (mode === this.chatMode) return;
    this.chatMode = mode;
    this.emit({ type: 'chat-mode', mode });
  }

  /** The model later turns draw with (Settings → Account → Image model); undefined: the backend's own. */
  setImageModel(model: ImageModel | undefined): void {
    this.imageModel = model;
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  transcript(): ChatMessageData[] {
    // One clone of the whole list: structuredClone per message costs ~15× more for a long thread.
    return structuredClone([...this.messages.values()]);
  }

  subscribe(listener: (event: ForgeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts a turn and returns the assistant message's id; the turn runs on. `images` (already
   * checked) go to the backend with the words; the images it draws name them as their parents.
   */
  send(
    text: string,
    followUps: { images?: readonly CheckedInputImage[]; imageOptions?: AgentImageOptions; latestImage?: CheckedInputImage } = {},
  ): { messageId: string; done: Promise<void> } {
    if (this.turn) throw new SessionBusyError();
    const history = turnHistory(this.transcript());
    const images = followUps.images ?? [];
    const chips = requestChips(images);
    this.publish({ id: this.createId(), role: 'user', parts: [{ type: 'text', text }, ...chips] });
    this.setAttachments([]);
    return this.startTurn(text, history, {
      images,
      ...(followUps.imageOptions === undefined ? {} : { imageOptions: followUps.imageOptions }),
      ...(followUps.latestImage === undefined || images.length > 0 ? {} : { latestImage: followUps.latestImage }),
    });
  }

  /** The chips in the composer a Refine put there (the renderer sends its own list with each message). */
  get composerAttachments(): ComposerAttachment[] {
    return structuredClone(this.attachments);
  }

  /** Refine: the image becomes the composer's chip (replacing an earlier Refine), and the next message edits it. */
  refineImage(imageId: string): ComposerAttachment {
    const part = this.completedImage(imageId);
    const chip: ComposerAttachment = { relativePath: part.relativePath, role: 'parent', name: fileName(part.relativePath), url: part.url, imageId };
    this.setAttachments([...this.attachments.filter((attachment) => attachment.role !== 'parent'), chip]);
    return chip;
  }

  private setAttachments(attachments: ComposerAttachment[]): void {
    if (attachments.length === 0 && this.attachments.length === 0) return;
    this.attachments = attachments;
    this.emit({ type: 'composer-attachments', attachments: structuredClone(attachments) });
  }

  private completedImage(imageId: string): Extract<ChatImagePart, { status: 'completed' }> {
    for (const message of this.messages.values()) {
      for (const part of message.parts) if (part.type === 'image' && part.id === imageId && part.status === 'completed') return part;
    }
    throw new UnknownImageError(imageId);
  }

  /** The newest finished image of this thread (a follow-up in words may refine it). */
  get latestImagePath(): string | undefined {
    let latest: string | undefined;
    for (const message of this.messages.values()) {
      for (const part of message.parts) if (part.type === 'image' && part.status === 'completed') latest = part.relativePath;
    }
    return latest;
  }

  /** The image part in this thread that shows `relativePath`, for the "Refined from" link. */
  private imageIdOf(relativePath: string): string | undefined {
    for (const message of this.messages.values()) {
      for (const part of message.parts) if (part.type === 'image' && part.status === 'completed' && part.relativePath === relativePath) return part.id;
    }
    return undefined;
  }

  /**
   * Retry: sends the request that produced `messageId` again, as a new reply after it (the old
   * one stays). When later messages follow, the request is repeated first so the reply reads right.
   */
  retryTurn(messageId: string): { messageId: string; done: Promise<void> } {
    if (this.turn) throw new SessionBusyError();
    const transcript = this.transcript();
    const { text, latest } = requestForReply(transcript, messageId);
    const history = turnHistory(transcript);
    if (!latest) this.publish({ id: this.createId(), role: 'user', parts: [{ type: 'text', text }] });
    return this.startTurn(text, history);
  }

  /** Regenerate (or Retry on an image): the reply that drew it is asked for again; a new file, the old one kept. */
  regenerateImage(imageId: string): { messageId: string; done: Promise<void> } {
    return this.retryTurn(replyWithImage(this.transcript(), imageId).id);
  }

  cancelTurn(): boolean {
    if (!this.turn) return false;
    this.turn.stopped = true;
    this.turn.controller.abort(new Error('Cancelled by the user'));
    return true;
  }

  /** Images are generated inside the turn, so cancelling one stops the turn that draws it. */
  cancelImage(imageId: string): boolean {
    const controller = this.imageCancels.get(imageId);
    if (!controller) return false;
    if (this.turn?.controller === controller) this.turn.stopped = true;
    controller.abort(new Error('Cancelled by the user'));
    return true;
  }

  private startTurn(text: string, history: AgentHistoryMessage[], followUps: TurnFollowUps = { images: [] }): { messageId: string; done: Promise<void> } {
    const assistant: ChatMessageData = { id: this.createId(), role: 'assistant', parts: [], pending: true, startedAt: this.clock().getTime() };
    this.publish(assistant);
    const controller = new AbortController();
    const notes = this.notesForAgent.splice(0);
    const input = notes.length === 0 ? text : `${notes.join('\n')}\n\n${text}`;
    const running: RunningTurn = { controller, done: Promise.resolve(), stopped: false };
    running.done = this.runTurn(assistant, input, history, running, followUps).finally(() => {
      this.turn = undefined;
      this.emit({ type: 'busy', busy: false });
    });
    this.turn = running;
    this.emit({ type: 'busy', busy: true });
    return { messageId: assistant.id, done: running.done };
  }

  /** Applies the proposal; `edit` is the whole edited text, or an asset entry's edited fields. */
  async approve(proposalId: string, edit?: string | AssetEntryEdit): Promise<ChatMessageData> {
    const pending = this.proposals.get(proposalId);
    if (!pending) throw new UnknownProposalError(proposalId);
    const message = this.requireMessage(pending.messageId);
    const part = this.proposalPart(message, proposalId);
    if (part.status === 'approved' || part.status === 'applying') return structuredClone(message);
    const editedBody = typeof edit === 'object' ? applyEntryEdit(part.body, edit) : edit;
    part.status = 'applying';
    if (editedBody !== undefined) this.setProposalBody(part, editedBody);
    this.publish(message);
    try {
      await applyProposal(this.options.store.root, pending.proposal, { cacheDir: this.options.store.cacheDir, ...(editedBody === undefined ? {} : { edit: editedBody }) });
      part.status = 'approved';
      delete part.error;
    } catch (error) {
      this.options.logger.warn('memory write failed', error);
      part.status = 'failed';
      part.error = toErrorInfo(error).message;
    }
    this.publish(message);
    return structuredClone(message);
  }

  reject(proposalId: string): ChatMessageData {
    const pending = this.proposals.get(proposalId);
    if (!pending) throw new UnknownProposalError(proposalId);
    const message = this.requireMessage(pending.messageId);
    const part = this.proposalPart(message, proposalId);
    if (part.status === 'pending' || part.status === 'failed') {
      part.status = 'rejected';
      this.notesForAgent.push(`(The user rejected your proposed ${pending.proposal.operation} to ${pending.proposal.file}; do not write it.)`);
      this.publish(message);
    }
    return structuredClone(message);
  }

  /** Allow once or Decline on an approval card: the agent gets the answer, the card shows it. */
  answerApproval(approvalId: string, decision: AgentApprovalDecision): ChatMessageData {
    const message = this.approvals.answer(approvalId, decision);
    this.publish(message);
    return structuredClone(message);
  }

  /** The window closed or the renderer went away: nobody can answer what waits, so it is declined. */
  declineWaitingApprovals(): void {
    for (const message of this.approvals.declineWaiting()) this.publish(message);
  }

  async close(): Promise<void> {
    this.closing = true;
    this.turn?.controller.abort(new Error('Forge is closing'));
    await this.turn?.done;
    this.options.recorder?.flush();
  }

  private async runTurn(message: ChatMessageData, input: string, history: AgentHistoryMessage[], running: RunningTurn, followUps: TurnFollowUps): Promise<void> {
    const backend = this.options.backend();
    const { controller } = running;
    const images = new Map<string, { partId: string; prompt: string }>();
    const proposedImages = new Set<string>();
    let completed = false;
    const mode = this.chatMode;
    try {
      const stallTimeoutMs = this.options.stallTimeoutMs?.();
      // The watchdog makes every turn end: a backend silent for the stall timeout fails it as `timeout`.
      const events = runTurnWithStallTimeout(
        backend,
        {
          threadId: this.threadId,
          input: {
            text: input,
            ...(followUps.images.length === 0 ? {} : { images: followUps.images }),
            ...(followUps.imageOptions === undefined ? {} : { imageOptions: followUps.imageOptions }),
            ...(followUps.latestImage === undefined ? {} : { latestImage: followUps.latestImage }),
          },
          mode,
          abortSignal: controller.signal,
          history,
          agentTools: this.options.agentTools?.() === true,
          ...(this.imageModel === undefined ? {} : { imageModel: this.imageModel }),
          ...(this.options.cwd === undefined ? {} : { cwd: this.options.cwd }),
        },
        { ...(stallTimeoutMs === undefined ? {} : { stallTimeoutMs }), ...(this.options.watchdogClock === undefined ? {} : { clock: this.options.watchdogClock }) },
      );
      for await (const event of events) {
        if (mode === 'ask' && event.type === 'image') {
          // Codex only asks its model not to draw in Ask mode; one that draws anyway is stopped
          // here (leaving the loop interrupts the backend's turn) and nothing is kept.
          message.parts.push({ type: 'text', text: askModeStoppedImage });
          break;
        }
        if (event.type === 'turn-completed') completed = true;
        await this.apply(message, event, images, proposedImages, controller, backend, followUps);
      }
    } catch (error) {
      this.options.logger.error('turn failed', error);
      message.parts.push({ type: 'error', error: toErrorInfo(error) });
    } finally {
      // A turn that ended (or broke) with an image still in flight never finishes that image.
      this.markGeneratingAs(message, 'cancelled');
      // Nor does anything it asked for and never heard back about run.
      this.approvals.declineWaiting(message.id);
      for (const { partId } of images.values()) this.imageCancels.delete(partId);
      // Stopped (or cut off by Forge closing) keeps what was written and says so: never an empty bubble.
      if (!completed && running.stopped) message.ending = 'stopped';
      else if (!completed && this.closing) message.ending = 'interrupted';
      message.pending = false;
      delete message.status;
      delete message.startedAt;
      this.publish(message);
      this.textPacer.finished(message.id);
    }
  }

  private async apply(
    message: ChatMessageData,
    event: AgentTurnEvent,
    images: Map<string, { partId: string; prompt: string }>,
    proposedImages: Set<string>,
    controller: AbortController,
    backend: AgentBackend,
    followUps: TurnFollowUps,
  ): Promise<void> {
    // Any other news means the backend is back: the reconnect note goes.
    const backAgain = event.type !== 'reconnecting' && message.status !== undefined;
    if (backAgain) delete message.status;
    switch (event.type) {
      case 'turn-started': {
        // Kept with the thread: which conversation of the backend's own served it (its history is Forge's, given back after a restart).
        const backendId = this.options.backend().id;
        if (event.backendThreadId !== undefined && this.backendThreads[backendId] !== event.backendThreadId) {
          this.backendThreads[backendId] = event.backendThreadId;
          this.options.recorder?.saveBackendThread(backendId, event.backendThreadId);
        }
        return;
      }
      case 'reconnecting':
        message.status =
          event.attempt === undefined || event.maxAttempts === undefined
            ? 'Connection lost. Reconnecting…'
            : `Connection lost. Reconnecting… (attempt ${event.attempt} of ${event.maxAttempts})`;
        this.publish(message);
        return;
      case 'text-delta': {
        const last = message.parts.at(-1);
        if (last?.type === 'text') last.text += event.text;
        else message.parts.push({ type: 'text', text: event.text });
        // Words are paced; the reconnect note going away is shown at once.
        if (backAgain) this.publish(message);
        else this.textPacer.text(message.id, () => this.publish(message));
        return;
      }
      case 'image':
        await this.applyImageEvent(message, event.callId, event.event, images, proposedImages, controller, backend, followUps);
        return;
      case 'memory-proposal':
        this.applyAgentProposal(message, event.block, proposedImages);
        return;
      case 'approval-request':
        this.approvals.add(message, event);
        this.publish(message);
        return;
      case 'turn-completed':
        return;
      case 'turn-failed': {
        const info = toErrorInfo(event.error);
        const imageAlreadyFailed = message.parts.some((part) => part.type === 'image' && (part.status === 'failed' || part.status === 'cancelled'));
        if (info.code === 'cancelled') this.markGeneratingAs(message, 'cancelled');
        else if (!imageAlreadyFailed) message.parts.push({ type: 'error', error: info });
        this.publish(message);
        return;
      }
      default:
        event satisfies never;
    }
  }

  private async applyImageEvent(
    message: ChatMessageData,
    callId: string,
    event: ImageGenerationEvent,
    images: Map<string, { partId: string; prompt: string }>,
    proposedImages: Set<string>,
    controller: AbortController,
    backend: AgentBackend,
    followUps: TurnFollowUps,
  ): Promise<void> {
    let image = images.get(callId);
    if (!image) {
      image = { partId: this.createId(), prompt: event.type === 'started' ? event.prompt : '' };
      images.set(callId, image);
      this.imageCancels.set(image.partId, controller);
      const drawing: ChatImagePart = { type: 'image', id: image.partId, status: 'generating', prompt: image.prompt, startedAt: this.clock().getTime() };
      // Variants of one request sit side by side: a new image joins the last one when only its
      // ASSETS.md proposal followed it (the proposals then follow them all).
      const lastImage = message.parts.findLastIndex((candidate) => candidate.type === 'image');
      const onlyProposalsAfter = lastImage !== -1 && message.parts.slice(lastImage + 1).every((candidate) => candidate.type === 'proposal');
      if (onlyProposalsAfter && lastImage < message.parts.length - 1) message.parts.splice(lastImage + 1, 0, drawing);
      else message.parts.push(drawing);
    }
    const index = message.parts.findIndex((part) => part.type === 'image' && part.id === image.partId);
    const part = message.parts[index] as ChatImagePart;
    let drawn: DrawnThumbnail | undefined;
    switch (event.type) {
      case 'started':
        break;
      case 'partial':
        if (part.status === 'generating') {
          // A partial frame is shown, never saved.
          part.partialUrl = `data:${event.mediaType};base64,${Buffer.from(event.bytes).toString('base64')}`;
        }
        break;
      case 'failed':
        message.parts[index] = event.error.code === 'cancelled'
          ? { type: 'image', id: part.id, status: 'cancelled', prompt: image.prompt }
          : { type: 'image', id: part.id, status: 'failed', prompt: image.prompt, error: toErrorInfo(event.error) };
        this.imageCancels.delete(part.id);
        break;
      case 'completed': {
        this.imageCancels.delete(part.id);
        let asset: Asset;
        const derivedFrom = parentsOf(followUps, event.metadata);
        // The result is checked, not trusted: a size or background the model ignored is said on
        // the image. Checked while the file is written (the check never fails the image).
        const checking = checkResult(event.bytes, image.prompt, followUps.imageOptions, this.options.logger);
        try {
          asset = await this.options.store.save(event.bytes, {
            createdAt: this.clock(),
            // A transparent sprite goes where the Asset studio keeps sprites, so both tools find it.
            ...saveKindFor(image.prompt, followUps.imageOptions),
            ...(derivedFrom.length === 0 ? {} : { derivedFrom }),
            prompt: image.prompt,
            ...(event.revisedPrompt === undefined ? {} : { revisedPrompt: event.revisedPrompt }),
            model: event.model,
            source: `forge-chat/${backend.id}`,
            ...(typeof event.metadata?.credit === 'string' ? { credit: event.metadata.credit } : {}),
          }, { thumbnailHeights: this.options.thumbnailHeights });
        } catch (error) {
          this.options.logger.error('saving the image failed', error);
          message.parts[index] = { type: 'image', id: part.id, status: 'failed', prompt: image.prompt, error: toErrorInfo(error) };
          break;
        }
        // The page draws the finished image from the bytes sent with it rather than asking for them.
        drawn = await this.drawnThumbnail(asset.relativePath, part.id);
        const check = await checking;
        message.parts[index] = {
          type: 'image',
          id: part.id,
          status: 'completed',
          ...check,
          ...(derivedFrom.length === 0 ? {} : { derivedFrom: derivedFrom.map((parent) => ({ relativePath: parent.relativePath, role: parent.role, ...idOf(this.imageIdOf(parent.relativePath)) })) }),
          prompt: image.prompt,
          ...(event.revisedPrompt === undefined ? {} : { revisedPrompt: event.revisedPrompt }),
          url: this.options.assetUrl(asset.relativePath),
          width: asset.width,
          height: asset.height,
          mediaType: asset.mediaType,
          relativePath: asset.relativePath,
          model: event.model,
          ...(event.metadata?.offlinePreview === true ? { offlinePreview: true } : {}),
          createdAt: asset.createdAt.toISOString(),
        };
        // Ours is saved: the backend may drop its own copy (Codex keeps one under its home).
        backend.releaseImage?.(callId).catch((error: unknown) => this.options.logger.warn('could not release the backend\'s copy of the image', error));
        const proposal = proposeAssetEntry({ ...asset, model: event.model, ...(derivedFrom.length === 0 ? {} : { derivedFrom }) }, {
          prompt: image.prompt,
          ...(event.revisedPrompt === undefined ? {} : { revisedPrompt: event.revisedPrompt }),
        });
        proposedImages.add(asset.relativePath);
        this.addProposal(message, proposal);
        break;
      }
      default:
        event satisfies never;
    }
    this.publish(message, drawn);
  }

  /** The first inline thumbnail of an image just saved, when it is ready within a moment (the page asks for it otherwise). */
  private async drawnThumbnail(relativePath: string, partId: string): Promise<DrawnThumbnail | undefined> {
    const height = this.options.thumbnailHeights?.[0];
    if (height === undefined) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, this.options.drawnThumbnailWaitMs ?? drawnThumbnailWaitMs, undefined)));
    try {
      const thumbnail = await Promise.race([this.options.store.thumbnail(relativePath, { height }), late]);
      if (thumbnail === undefined || thumbnail.bytes.length > maxDrawnThumbnailBytes) return undefined;
      return { partId, webp: Buffer.from(thumbnail.bytes.buffer, thumbnail.bytes.byteOffset, thumbnail.bytes.byteLength).toString('base64') };
    } catch (error) {
      // The page asks for it, and is told what went wrong then.
      this.options.logger.warn('the inline thumbnail could not be made', error);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The agent's own blocks: shown unless they duplicate the entry the host already proposed. */
  private applyAgentProposal(message: ChatMessageData, block: string, proposedImages: Set<string>): void {
    const { proposals, errors } = parseProposals(block);
    for (const proposal of proposals) {
      const isAssetsLog = proposal.file.toLowerCase() === 'assets.md' && proposal.operation === 'append';
      const duplicatesHostEntry = isAssetsLog && [...proposedImages].some((relativePath) => proposal.body.includes(relativePath.replace(/^\.forge\//, '')));
      if (duplicatesHostEntry) continue;
      this.addProposal(message, proposal);
    }
    for (const error of errors) message.parts.push({ type: 'error', error: toErrorInfo(error) });
    this.publish(message);
  }

  private addProposal(message: ChatMessageData, proposal: MemoryProposal): void {
    const id = this.createId();
    this.proposals.set(id, { proposal, messageId: message.id });
    // What applying it needs is kept with the card that offers it (before its message), so it
    // can be approved after a restart.
    this.proposalsToKeep.push({ id, messageId: message.id, proposal });
    const part: ChatProposalPart = {
      type: 'proposal',
      id,
      file: proposal.file.toLowerCase() === 'assets.md' ? this.options.memoryFileLabel : proposal.file,
      operation: proposal.operation,
      body: proposal.body,
      status: 'pending',
    };
    this.setProposalBody(part, proposal.body);
    message.parts.push(part);
  }

  /** The body, and the entry fields the card shows and edits when the body is one asset entry. */
  private setProposalBody(part: ChatProposalPart, body: string): void {
    part.body = body;
    const entry = proposalEntry(body);
    if (entry === undefined) delete part.entry;
    else part.entry = entry;
  }

  private markGeneratingAs(message: ChatMessageData, status: 'cancelled'): void {
    message.parts = message.parts.map((part): ChatPart =>
      part.type === 'image' && part.status === 'generating' ? { type: 'image', id: part.id, status, prompt: part.prompt } : part,
    );
  }

  private requireMessage(id: string): ChatMessageData {
    const message = this.messages.get(id);
    if (!message) throw new UnknownProposalError(id);
    return message;
  }

  private proposalPart(message: ChatMessageData, proposalId: string): ChatProposalPart {
    const part = message.parts.find((candidate): candidate is ChatProposalPart => candidate.type === 'proposal' && candidate.id === proposalId);
    if (!part) throw new UnknownProposalError(proposalId);
    return part;
  }

  private publish(message: ChatMessageData, drawn?: DrawnThumbnail): void {
    this.messages.set(message.id, message);
    if (message.pending === true) this.textPacer.published(message.id);
    // Shown first, then kept: the page need not wait for the database's syncs to disk. Nothing
    // can approve the card in between (this runs to the end before any call is taken).
    this.emit(drawn === undefined ? { type: 'message', message: structuredClone(message) } : { type: 'message', message: structuredClone(message), drawn });
    for (const { id, messageId, proposal } of this.proposalsToKeep.splice(0)) this.options.recorder?.saveProposal(id, messageId, proposal);
    this.options.recorder?.saveMessage(message);
  }

  private emit(event: ForgeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/** Streamed text is shown at most 20 times a second per reply: smooth to read, and the page keeps time for the pictures. */
const textIntervalMs = 50;

/** How long a finished image's message waits for its first thumbnail, unless told (`drawnThumbnailWaitMs`). */
const drawnThumbnailWaitMs = 100;
/** A thumbnail larger than this (an odd, very wide picture) is asked for, not sent with its message. */
const maxDrawnThumbnailBytes = 128 * 1024;

const askModeStoppedImage = '\n\n*Ask mode answers in text only, so Forge stopped the image the agent started. Switch to Agent mode to have it drawn.*';

export class SessionBusyError extends Error {
  override readonly name = 'SessionBusyError';
  readonly code = 'busy';
  constructor() {
    super('Forge is still answering your last message. Wait for it, or press Stop.');
  }
}

function idOf(imageId: string | undefined): { imageId?: string } {
  return imageId === undefined ? {} : { imageId };
}

export class UnknownImageError extends Error {
  override readonly name = 'UnknownImageError';
  readonly code = 'not_found';
  constructor(id: string) {
    super(`That image (${id}) is not a finished image of this conversation. Reload the chat.`);
  }
}

export class UnknownProposalError extends Error {
  override readonly name = 'UnknownProposalError';
  readonly code = 'not_found';
  constructor(id: string) {
    super(`That proposal (${id}) is no longer available. Reload the chat.`);
  }
}

