// The one typed, validated contract between the renderer and the main process. Electron's
// preload and the web host both expose exactly these calls; inputs are validated in main.
import { z } from 'zod';

import type { AccountSummary, AgentToolsSummary, ChatMessageData, ChatMode, ComposerAttachment, ForgeEvent, LibraryAsset, LibraryKind, ThreadSummary, WorkspaceState, WorkspaceSummary } from './chat-types.ts';

const id = z.string().min(1).max(200);
const imageOptions = z
  .object({
    size: z.union([z.literal('auto'), z.string().regex(/^\d{2,5}x\d{2,5}$/, 'A size is auto or WIDTHxHEIGHT.')]).optional(),
    quality: z.enum(['auto', 'low', 'medium', 'high']).optional(),
    background: z.enum(['auto', 'opaque', 'transparent']).optional(),
    count: z.number().int().min(1, 'Ask for 1 to 4 images.').max(4, 'Ask for 1 to 4 images.').optional(),
  })
  .strict();

export const contractInputs = {
  getState: z.object({}).strict(),
  sendMessage: z
    .object({
      text: z.string().trim().min(1, 'Type a message first.').max(32_000),
      // Image follow-ups (issue 17): the chips in the composer (the image to refine, references)
      // and the options next to it. Given (even empty), attachments replace a pending Refine.
      attachments: z.array(z.object({ relativePath: z.string().min(1).max(4096) }).strict()).max(16, 'Attach at most 16 images.').optional(),
      imageOptions: imageOptions.optional(),
    })
    .strict(),
  cancelTurn: z.object({}).strict(),
  cancelImage: z.object({ imageId: id }).strict(),
  approveProposal: z
    .object({
      proposalId: id,
      body: z.string().max(1_000_000).optional(),
      // Edit on an asset entry: its visible fields; the services rewrite the entry around them.
      edit: z.object({ prompt: z.string().max(1_000_000).optional(), note: z.string().max(1_000_000).optional() }).strict().optional(),
    })
    .strict()
    .refine((input) => input.body === undefined || input.edit === undefined, 'Send the edited text or the edited fields, not both.'),
  rejectProposal: z.object({ proposalId: id }).strict(),
  resolveAssetPath: z.object({ relativePath: z.string().min(1).max(4096) }).strict(),
  setImageModel: z.object({ model: z.string().trim().min(1).max(200) }).strict(),
  // Turns that always end: Retry a reply (failed, timed out, stopped, interrupted), Regenerate an image.
  retryTurn: z.object({ messageId: id }).strict(),
  regenerateImage: z.object({ imageId: id }).strict(),
  // Agent tools: the Settings switch and the answer to an approval card.
  setAgentTools: z.object({ enabled: z.boolean() }).strict(),
  answerApproval: z.object({ approvalId: id, decision: z.enum(['allow-once', 'decline']) }).strict(),
  // Ask / Agent (chat-reading): the thread's mode, used from the next turn on.
  setMode: z.object({ mode: z.enum(['ask', 'agent']) }).strict(),
  // Accounts (issue 11): sign in with ChatGPT, an API key, sign out, the chat model. The key is
  // checked (and its faults explained) by the services; the limit here only stops a flood.
  startSignIn: z.object({ method: z.enum(['chatgpt', 'device-code']) }).strict(),
  cancelSignIn: z.object({ loginId: id }).strict(),
  setApiKey: z.object({ apiKey: z.string().max(100_000), baseUrl: z.string().max(2_048).optional() }).strict(),
  signOut: z.object({}).strict(),
  setChatModel: z.object({ model: z.string().trim().min(1).max(200) }).strict(),
  // Conversations: threads kept in the database, the workspace switcher (issue 13).
  listThreads: z.object({}).strict(),
  newThread: z.object({}).strict(),
  openThread: z.object({ threadId: id }).strict(),
  renameThread: z
    .object({
      threadId: id,
      // Kept exactly as typed (any characters); the sidebar shows it as text.
      title: z.string().max(20_000, 'That name is too long (20,000 characters at most).').refine((title) => title.trim() !== '', 'Give the conversation a name.'),
    })
    .strict(),
  deleteThread: z.object({ threadId: id }).strict(),
  listWorkspaces: z.object({}).strict(),
  openWorkspace: z.union([z.object({ projectDir: z.string().min(1, 'Type the path of a project folder.').max(4096) }).strict(), z.object({ mode: z.literal('open') }).strict()]),
  startFreshDatabase: z.object({}).strict(),
  // Long chats (issue 14): older messages of a thread, a page at a time, read from the database.
  loadOlder: z.object({ threadId: id, before: id, limit: z.number().int().min(1).max(1_000).optional() }).strict(),
  // The Library (issue 16): every asset in generated/, searched by provenance; Show in chat.
  listAssets: z
    .object({
      query: z.string().max(1000, 'A search is at most 1,000 characters.').optional(),
      kind: z.string().max(255).optional(),
      cursor: z.string().min(1).max(8192).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  revealInChat: z.object({ relativePath: z.string().min(1).max(4096) }).strict(),
  // Image follow-ups (issue 17): a reference image handed in (checked by content, kept under
  // generated/references/; its size is checked after decoding, so the message can name it),
  // and Refine (the image becomes the composer's chip).
  attachImage: z.object({ name: z.string().max(1_000), bytes: z.string().min(1, 'The image is empty.').max(40 * 1024 * 1024, 'That image is too large: 20 MB at most.') }).strict(),
  refineImage: z.object({ imageId: id }).strict(),
} as const;

export type ContractCall = keyof typeof contractInputs;
export type ContractInput<Call extends ContractCall> = z.input<(typeof contractInputs)[Call]>;

export interface ContractOutputs {
  getState: WorkspaceState;
  sendMessage: { messageId: string };
  cancelTurn: { cancelled: boolean };
  cancelImage: { cancelled: boolean };
  approveProposal: { message: ChatMessageData };
  rejectProposal: { message: ChatMessageData };
  resolveAssetPath: { path: string };
  setImageModel: { account: AccountSummary };
  // Turns that always end: the new reply's id.
  retryTurn: { messageId: string };
  regenerateImage: { messageId: string };
  // Agent tools: the Settings switch and the answer to an approval card.
  setAgentTools: { agentTools: AgentToolsSummary };
  answerApproval: { message: ChatMessageData };
  // Ask / Agent (chat-reading)
  setMode: { mode: ChatMode };
  // Accounts (issue 11).
  startSignIn: { loginId: string; authUrl: string } | { loginId: string; verificationUrl: string; userCode: string };
  cancelSignIn: { cancelled: boolean };
  setApiKey: { account: AccountSummary };
  signOut: { account: AccountSummary };
  setChatModel: { account: AccountSummary };
  // Conversations (issue 13).
  listThreads: ThreadSummary[];
  newThread: { threadId: string };
  openThread: WorkspaceState;
  renameThread: { thread: ThreadSummary };
  deleteThread: { deleted: boolean };
  listWorkspaces: WorkspaceSummary[];
  openWorkspace: WorkspaceState;
  /** The old file's new name, and the state on the fresh database. */
  startFreshDatabase: { renamedTo: string; state: WorkspaceState };
  /** Newest first; `nextCursor` is null on the last page. `total` and `kinds` count what matches the search (kinds: before the kind filter). */
  listAssets: { assets: LibraryAsset[]; nextCursor: string | null; total: number; kinds: LibraryKind[] };
  revealInChat: { found: true; threadId: string; messageId: string } | { found: false; message: string };
  // Image follow-ups (issue 17): the chip each puts in the composer.
  attachImage: ComposerAttachment;
  refineImage: ComposerAttachment;
  // Long chats (issue 14): the page just above `before`, oldest first.
  loadOlder: { messages: ChatMessageData[]; hasOlder: boolean };
}

/** What a renderer can do, whichever host it runs in. */
export interface ForgeApi {
  call<Call extends ContractCall>(call: Call, input: ContractInput<Call>): Promise<ContractOutputs[Call]>;
  subscribe(listener: (event: ForgeEvent) => void): () => void;
}

/** A failure that crosses the contract: a code and a message a person can act on, nothing else. */
export interface ContractError {
  code: string;
  message: string;
}

export function isContractCall(name: string): name is ContractCall {
  return Object.hasOwn(contractInputs, name);
}

/** What only a desktop shell can do with a stored file; absent in a browser. */
export interface ForgeShell {
  saveAs(relativePath: string): Promise<{ saved: boolean; path?: string }>;
  copyImage(relativePath: string): Promise<void>;
  showInFolder(relativePath: string): Promise<void>;
  startDrag(relativePath: string): void;
  /** Opens the pending ChatGPT sign-in's page in the system browser (only that page). */
  openSignInPage(url: string): Promise<void>;
  /** The native folder picker ("Open folder…"); undefined when the user cancels. */
  chooseFolder?(): Promise<string | undefined>;
}

/** The object the preload script exposes as `window.forge`. */
export interface ForgeBridge extends ForgeApi {
  shell: ForgeShell;
}
