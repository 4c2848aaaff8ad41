// What the renderer shows: the chat transcript as plain, serialisable data. The message shapes
// are @forge/chat-ui's own (types only), so the renderer passes them straight through.
import type { AccountView, ChatMessageData, ChatMode, LibraryAsset } from '@forge/chat-ui';

export type {
  AccountRateLimits,
  ChatApprovalPart,
  ChatImagePart,
  ChatMessageData,
  ChatMode,
  ChatPart,
  ChatProposalEntry,
  ChatProposalPart,
  ImageErrorInfo,
  PendingSignIn,
  QuotaWindow,
} from '@forge/chat-ui';
// The Library (issue 16): every file of `generated/`; relative paths only.
export type { LibraryAsset, LibraryBrokenFile, LibraryFile, LibraryImage, LibraryKind } from '@forge/chat-ui';

/** Who pays for the images (chat-ui's AccountView: backend, signedIn, label, plan?, email?, rateLimits?, …) and the models it offers. */
export interface AccountSummary extends AccountView {
  imageModel: string;
  imageModels: string[];
  imageModelSelectable: boolean;
  /** The OpenAI backend's chat model, and the ones the key's server lists. */
  chatModel?: string;
  chatModels?: string[];
}

/** Settings → Agent tools: on or off, and whether the current backend has such tools at all. */
export interface AgentToolsSummary {
  enabled: boolean;
  available: boolean;
  /** Why the setting is disabled, when `available` is false. */
  unavailableReason?: string;
}

// Conversations: threads, workspaces and where they are kept (issue 13).
/** One thread in the sidebar. `updatedAt` is ISO; `title` is the user's name for it or its first message's. */
export interface ThreadSummary {
  threadId: string;
  title: string;
  updatedAt: string;
  messageCount: number;
}

/** A workspace Forge has opened: a project folder, or the Scratchpad (Open mode). */
export interface WorkspaceSummary {
  mode: 'project' | 'open';
  /** The project folder, or the scratchpad folder in Open mode. */
  folder: string;
  /** What the switcher shows: the folder's name, or "Scratchpad". */
  name: string;
  openedAt: string;
  current: boolean;
  /** The folder is gone (or unreadable) since Forge last opened it. */
  missing?: boolean;
}

/** Where conversations are kept, and what went wrong when they cannot be. */
export type StorageStatus =
  | { state: 'saved'; path: string }
  /** The host keeps nothing by design (tests, a throwaway profile). */
  | { state: 'memory' }
  | {
      state: 'unavailable';
      problem: 'corrupt' | 'locked' | 'read_only' | 'newer_version' | 'no_space' | 'io';
      /** The database file. */
      path: string;
      /** Which problem and where, for a person. */
      message: string;
      /** Conversations shown are the old file's, read-only (read_only), or none. */
      showingOldConversations: boolean;
    };

export interface WorkspaceState {
  mode: 'project' | 'open';
  /** The folder shown in the title: the project, or the scratchpad in Open mode. */
  folder: string;
  /** Where memory lives, as the user reads it: `.forge/ASSETS.md` or `~/.forge/scratchpad/ASSETS.md`. */
  memoryFile: string;
  account: AccountSummary;
  /** The thread's latest page (oldest first); `loadOlder` reads the ones above it. */
  messages: ChatMessageData[];
  /** Long chats (issue 14): how many messages the whole thread holds, and whether any are above `messages`. */
  messageCount: number;
  hasOlder: boolean;
  busy: boolean;
  agentTools: AgentToolsSummary;
  /** The thread's Ask / Agent mode, sent with every turn (one session is one thread). */
  chatMode: ChatMode;
  /** The open thread (its messages are `messages`). */
  threadId: string;
  threadTitle: string;
  storage: StorageStatus;
  /** Image follow-ups (issue 17): what the current backend takes of Refine, references and the options. */
  imageSupport?: ImageSupportSummary;
  /** The chip a Refine put in the composer, until a message is sent. */
  composerAttachments?: ComposerAttachment[];
}

/** Whether a control works on the current backend, and if not, why (shown beside it, disabled). */
export type SupportSummary = { supported: true } | { supported: false; reason: string };

export interface ImageSupportSummary {
  /** Refine and references. */
  imageInput: SupportSummary;
  size: SupportSummary;
  quality: SupportSummary;
  background: SupportSummary;
  count: SupportSummary;
}

/** A chip in the composer: the image to refine (`parent`) or a reference. */
export interface ComposerAttachment {
  relativePath: string;
  role: 'parent' | 'reference';
  /** The file name, as text. */
  name: string;
  /** The image, for the chip's thumbnail. */
  url: string;
  /** For a Refine: the image part it came from. */
  imageId?: string;
}

/** The 1× thumbnail of an image part just finished, sent with its message (see the `message` event). */
export interface DrawnThumbnail {
  partId: string;
  /** WebP, base64. */
  webp: string;
}

/** Pushed to the renderer as things change. */
export type ForgeEvent =
  /**
   * `threadId`: the thread the message belongs to (a renderer showing another one ignores it).
   * `drawn`: on the update that finished an image only, its 1× inline thumbnail (the part's
   * `thumbnail.url`), WebP bytes in base64, so the page draws it without asking for it.
   */
  | { type: 'message'; message: ChatMessageData; threadId?: string; drawn?: DrawnThumbnail }
  | { type: 'busy'; busy: boolean; threadId?: string }
  | { type: 'account'; account: AccountSummary }
  | { type: 'agent-tools'; agentTools: AgentToolsSummary }
  | { type: 'chat-mode'; mode: ChatMode }
  /** How a ChatGPT sign-in ended; `message` says why it failed ("The sign-in did not complete: …"). */
  | { type: 'sign-in'; loginId: string; status: 'completed' | 'failed' | 'cancelled'; message?: string }
  // Conversations (issue 13): the open thread or workspace changed, the thread list, the recent workspaces, the database.
  | { type: 'state'; state: WorkspaceState }
  | { type: 'threads'; threads: ThreadSummary[] }
  | { type: 'workspaces'; workspaces: WorkspaceSummary[] }
  | { type: 'storage'; storage: StorageStatus }
  /** The Library: files added to or removed from `generated/` (a file changed in place is in both). */
  | { type: 'assets-changed'; added: LibraryAsset[]; removed: string[] }
  // Image follow-ups (issue 17): the backend changed what it takes; a Refine put a chip in the composer.
  | { type: 'image-support'; imageSupport: ImageSupportSummary }
  | { type: 'composer-attachments'; attachments: ComposerAttachment[] };
