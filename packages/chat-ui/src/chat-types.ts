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
    }
  | { type: 'image'; id: string; status: 'failed'; prompt: string; error: ImageErrorInfo }
  | { type: 'image'; id: string; status: 'cancelled'; prompt: string };

export type GeneratingImage = Extract<ChatImagePart, { status: 'generating' }>;
export type CompletedImage = Extract<ChatImagePart, { status: 'completed' }>;
export type FailedImage = Extract<ChatImagePart, { status: 'failed' }>;

export interface ChatProposalPart {
  type: 'proposal';
  id: string;
  /** The display path, e.g. `.forge/ASSETS.md`. */
  file: string;
  operation: 'append' | 'overwrite';
  body: string;
  status: 'pending' | 'applying' | 'approved' | 'rejected' | 'failed';
  error?: string;
}

export interface ChatTextPart {
  type: 'text';
  text: string;
}

export interface ChatErrorPart {
  type: 'error';
  error: ImageErrorInfo;
}

export type ChatPart = ChatTextPart | ChatImagePart | ChatProposalPart | ChatErrorPart;

export interface ChatMessageData {
  id: string;
  role: 'user' | 'assistant';
  parts: ChatPart[];
  /** The assistant is still writing this message. */
  pending?: boolean;
  /** A passing note while it is pending, e.g. "Reconnecting… (attempt 2 of 5)". */
  status?: string;
}

/** Every action is optional; a menu item or button is hidden when its callback is absent. */
export interface ChatActions {
  onCancelImage?(imageId: string): void;
  onRetryImage?(imageId: string): void;
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
  /** Edit opens an inline editor; saving calls this with the edited body (the host then applies it). */
  onEdit?(proposalId: string, body: string): void;
  onReject?(proposalId: string): void;
}
