// What the renderer shows: the chat transcript as plain, serialisable data. The message shapes
// are @forge/chat-ui's own (types only), so the renderer passes them straight through.
import type { ChatMessageData, LibraryAsset } from '@forge/chat-ui';

export type { ChatImagePart, ChatMessageData, ChatPart, ChatProposalPart, ImageErrorInfo } from '@forge/chat-ui';
// The Library (issue 16): every file of `generated/`; relative paths only.
export type { LibraryAsset, LibraryBrokenFile, LibraryFile, LibraryImage, LibraryKind } from '@forge/chat-ui';

export interface AccountSummary {
  backend: 'codex' | 'openai' | 'offline';
  signedIn: boolean;
  plan?: string;
  imageModel: string;
  imageModels: string[];
  imageModelSelectable: boolean;
}

export interface WorkspaceState {
  mode: 'project' | 'open';
  /** The folder shown in the title: the project, or the scratchpad in Open mode. */
  folder: string;
  /** Where memory lives, as the user reads it: `.forge/ASSETS.md` or `~/.forge/scratchpad/ASSETS.md`. */
  memoryFile: string;
  account: AccountSummary;
  messages: ChatMessageData[];
  busy: boolean;
}

/** Pushed to the renderer as things change. */
export type ForgeEvent =
  | { type: 'message'; message: ChatMessageData }
  | { type: 'busy'; busy: boolean }
  | { type: 'account'; account: AccountSummary }
  /** The Library: files added to or removed from `generated/` (a file changed in place is in both). */
  | { type: 'assets-changed'; added: LibraryAsset[]; removed: string[] };
