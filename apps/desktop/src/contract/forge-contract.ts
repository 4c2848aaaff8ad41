// The one typed, validated contract between the renderer and the main process. Electron's
// preload and the web host both expose exactly these calls; inputs are validated in main.
import { z } from 'zod';

import type { AccountSummary, ChatMessageData, ForgeEvent, LibraryAsset, LibraryKind, WorkspaceState } from './chat-types.ts';

const id = z.string().min(1).max(200);

export const contractInputs = {
  getState: z.object({}).strict(),
  sendMessage: z.object({ text: z.string().trim().min(1, 'Type a message first.').max(32_000) }).strict(),
  cancelTurn: z.object({}).strict(),
  cancelImage: z.object({ imageId: id }).strict(),
  retryImage: z.object({ imageId: id }).strict(),
  approveProposal: z.object({ proposalId: id, body: z.string().max(1_000_000).optional() }).strict(),
  rejectProposal: z.object({ proposalId: id }).strict(),
  resolveAssetPath: z.object({ relativePath: z.string().min(1).max(4096) }).strict(),
  setImageModel: z.object({ model: z.string().trim().min(1).max(200) }).strict(),
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
} as const;

export type ContractCall = keyof typeof contractInputs;
export type ContractInput<Call extends ContractCall> = z.input<(typeof contractInputs)[Call]>;

export interface ContractOutputs {
  getState: WorkspaceState;
  sendMessage: { messageId: string };
  cancelTurn: { cancelled: boolean };
  cancelImage: { cancelled: boolean };
  retryImage: { messageId: string };
  approveProposal: { message: ChatMessageData };
  rejectProposal: { message: ChatMessageData };
  resolveAssetPath: { path: string };
  setImageModel: { account: AccountSummary };
  /** Newest first; `nextCursor` is null on the last page. `total` and `kinds` count what matches the search (kinds: before the kind filter). */
  listAssets: { assets: LibraryAsset[]; nextCursor: string | null; total: number; kinds: LibraryKind[] };
  revealInChat: { found: true; threadId: string; messageId: string } | { found: false; message: string };
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
}

/** The object the preload script exposes as `window.forge`. */
export interface ForgeBridge extends ForgeApi {
  shell: ForgeShell;
}
