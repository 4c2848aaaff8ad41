// What the renderer shows: the chat transcript as plain, serialisable data. The message shapes
// are @forge/chat-ui's own (types only), so the renderer passes them straight through.
import type { AccountView, ChatMessageData, ChatMode } from '@forge/chat-ui';

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

export interface WorkspaceState {
  mode: 'project' | 'open';
  /** The folder shown in the title: the project, or the scratchpad in Open mode. */
  folder: string;
  /** Where memory lives, as the user reads it: `.forge/ASSETS.md` or `~/.forge/scratchpad/ASSETS.md`. */
  memoryFile: string;
  account: AccountSummary;
  messages: ChatMessageData[];
  busy: boolean;
  agentTools: AgentToolsSummary;
  /** The thread's Ask / Agent mode, sent with every turn (one session is one thread). */
  chatMode: ChatMode;
}

/** Pushed to the renderer as things change. */
export type ForgeEvent =
  | { type: 'message'; message: ChatMessageData }
  | { type: 'busy'; busy: boolean }
  | { type: 'account'; account: AccountSummary }
  | { type: 'agent-tools'; agentTools: AgentToolsSummary }
  | { type: 'chat-mode'; mode: ChatMode }
  /** How a ChatGPT sign-in ended; `message` says why it failed ("The sign-in did not complete: …"). */
  | { type: 'sign-in'; loginId: string; status: 'completed' | 'failed' | 'cancelled'; message?: string };
