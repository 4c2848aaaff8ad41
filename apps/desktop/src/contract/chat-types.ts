// What the renderer shows: the chat transcript as plain, serialisable data. The shape is the
// one @forge/chat-ui renders, so the renderer passes it straight through.
export interface ImageErrorInfo {
  code: string;
  message: string;
  retryable: boolean;
  resetsAt?: string;
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

export interface ChatProposalPart {
  type: 'proposal';
  id: string;
  file: string;
  operation: 'append' | 'overwrite';
  body: string;
  status: 'pending' | 'applying' | 'approved' | 'rejected' | 'failed';
  error?: string;
}

export type ChatPart = { type: 'text'; text: string } | ChatImagePart | ChatProposalPart | { type: 'error'; error: ImageErrorInfo };

export interface ChatMessageData {
  id: string;
  role: 'user' | 'assistant';
  parts: ChatPart[];
  pending?: boolean;
}

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
  | { type: 'account'; account: AccountSummary };
