// The chat data the components render and the actions a host provides: only types.
// The desktop renderer maps its contract onto these; nothing here knows about Electron.
import type { DragEvent } from 'react';

/** A failure a person can act on; `code` matches the image-gen and agent error codes. */
export interface ImageErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  /** ISO time when a plan quota resets. */
  resetsAt?: string;
  /** How long to wait before retrying after a rate limit. */
  retryAfterMs?: number;
}

export type ChatImagePart =
  | { type: 'image'; id: string; status: 'generating'; prompt: string; startedAt: number; partialUrl?: string }
  | {
      type: 'image';
      id: string;
      status: 'completed';
      prompt: string;
      revisedPrompt?: string;
      url: string;
      width: number;
      height: number;
      mediaType: string;
      relativePath: string;
      model: string;
      offlinePreview?: boolean;
      createdAt: string;
      /** Some pixel is see-through (checked on the pixels): shown on a checkerboard. */
      hasTransparency?: boolean;
      /** What the image does not do of what was asked ("Asked for a transparent background, but…"), shown on it. */
      warnings?: string[];
      /** The image it refines and the references it was drawn from (its provenance's lineage). */
      derivedFrom?: ImageLineage[];
      /**
       * The store's cached thumbnail, 192 px tall (`url`) and 384 px for 2× screens (`url2x`):
       * what the transcript shows inline. `url` stays the full image (viewer, Copy, Save As, drag).
       */
      thumbnail?: { url: string; url2x: string };
    }
  | { type: 'image'; id: string; status: 'failed'; prompt: string; error: ImageErrorInfo }
  | { type: 'image'; id: string; status: 'cancelled'; prompt: string };

/** One file an image was made from, as the viewer's "Refined from …" line names it. */
export interface ImageLineage {
  relativePath: string;
  role: 'parent' | 'reference';
  /** The parent's image part in this thread, when it is there: the viewer's link opens it. */
  imageId?: string;
}

export type GeneratingImage = Extract<ChatImagePart, { status: 'generating' }>;
export type CompletedImage = Extract<ChatImagePart, { status: 'completed' }>;
export type FailedImage = Extract<ChatImagePart, { status: 'failed' }>;

/** The fields of an asset's ASSETS.md entry a person reads and may edit (the host parses the body). */
export interface ChatProposalEntry {
  /** The image, relative to the memory file, e.g. `generated/20261123-195130-042.png`. */
  file: string;
  prompt: string;
  note?: string;
}

export interface ChatProposalPart {
  type: 'proposal';
  id: string;
  /** The display path, e.g. `.forge/ASSETS.md`. */
  file: string;
  operation: 'append' | 'overwrite';
  body: string;
  status: 'pending' | 'applying' | 'approved' | 'rejected' | 'failed';
  error?: string;
  /** Present when the body is one asset entry the host can edit field by field. */
  entry?: ChatProposalEntry;
}

/** What Edit → Save hands the host: an entry's visible fields, or (for other proposals) the whole text. */
export type ProposalEdit = { prompt: string; note: string } | { body: string };

export interface ChatTextPart {
  type: 'text';
  text: string;
}

export interface ChatErrorPart {
  type: 'error';
  error: ImageErrorInfo;
}

/** One file an agent's file change would add, delete or update. */
export interface ChatFileChange {
  path: string;
  change: 'add' | 'delete' | 'update';
  movePath?: string;
  /** The diff, or the new file's text. */
  diff?: string;
}

/** What the agent asks to do on the user's machine, exactly as the backend reported it. */
export type ChatApprovalRequest =
  /** `writesToRunningCommand`: the agent wants to type into a command that is already running. */
  | { kind: 'command'; command: string; cwd: string; reason?: string; writesToRunningCommand?: boolean }
  | { kind: 'file-change'; files: ChatFileChange[]; reason?: string; grantRoot?: string }
  | { kind: 'network'; host: string; protocol: string; command?: string; cwd?: string; reason?: string }
  | { kind: 'permissions'; permissions: string[]; cwd?: string; reason?: string };

export type ChatApprovalDecision = 'allow-once' | 'decline';

/** An action the agent is waiting to take until the user answers (Allow once / Decline). */
export interface ChatApprovalPart {
  type: 'approval';
  id: string;
  request: ChatApprovalRequest;
  /** `declined` also covers requests the turn's end, a cancel or a closed window declined. */
  status: 'pending' | 'allowed' | 'declined';
}

export type ChatPart = ChatTextPart | ChatImagePart | ChatProposalPart | ChatErrorPart | ChatApprovalPart;

export interface ChatMessageData {
  id: string;
  role: 'user' | 'assistant';
  parts: ChatPart[];
  /** The assistant is still writing this message. */
  pending?: boolean;
  /** A passing note while it is pending, e.g. "Reconnecting… (attempt 2 of 5)". */
  status?: string;
  /** When the assistant started on it (ms since the epoch): the pending bubble counts from here. */
  startedAt?: number;
  /** A reply that ended early: the user pressed Stop, or Forge closed while it was written. Shown with Retry. */
  ending?: 'stopped' | 'interrupted';
}

/** Every action is optional; a menu item or button is hidden when its callback is absent. */
export interface ChatActions {
  onCancelImage?(imageId: string): void;
  /** Retry on an image that failed or was cancelled. */
  onRetryImage?(imageId: string): void;
  /** Regenerate on a completed image (menu and viewer): a new picture, the old one kept. */
  onRegenerateImage?(imageId: string): void;
  /** Retry on a reply that failed, timed out, was stopped or interrupted: its request is sent again. */
  /** "Refine" in the image menu and the viewer: the image becomes the composer's chip, and the next request edits it. */
  onRefine?(image: CompletedImage): void;
  onRetryTurn?(messageId: string): void;
  onSaveAs?(image: CompletedImage): void;
  onCopyImage?(image: CompletedImage): void | Promise<void>;
  onCopyPath?(image: CompletedImage): void | Promise<void>;
  onShowInFolder?(image: CompletedImage): void;
  /** The host starts a native file drag; the thumbnail also sets DownloadURL and uri-list fallbacks. */
  onDragStart?(image: CompletedImage, event: DragEvent): void;
  /** The Library's "Show in chat": opens the message that made the image. */
  onShowInChat?(image: CompletedImage): void;
  /** The Library's "Use in chat": the image becomes a reference chip in the composer. */
  onUseInChat?(image: CompletedImage): void;
  onApprove?(proposalId: string): void;
  /**
   * Edit opens a small form (an entry's prompt and note, or the whole text of any other
   * proposal); Save calls this and the host applies the proposal as edited.
   */
  onEdit?(proposalId: string, edit: ProposalEdit): void;
  onReject?(proposalId: string): void;
  /** Answers an agent's approval request; without it the card shows the request but no buttons. */
  onAnswerApproval?(approvalId: string, decision: ChatApprovalDecision): void;
  /** Copies a code block's text; without it the browser clipboard is used. A property, so it can be passed on as is. */
  onCopyText?: (text: string) => void | Promise<void>;
  /** Opens Settings → Account: the signed-out, key and quota notices offer it. */
  onOpenAccountSettings?(): void;
}
