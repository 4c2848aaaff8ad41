// Turns any failure into what the renderer may see: a code and an actionable message.
// Stack traces, causes and anything secret stay in the main process.
import { AgentError } from '@forge/agent';
import { AssetStoreError } from '@forge/asset-store';
import { MemoryWriteError } from '@forge/assets-memory';
import { ImageGenerationError } from '@forge/image-gen';

import type { ContractError, ImageErrorInfo } from '../contract/index.ts';
import { ConversationError } from './conversations/conversation-error.ts';
import { AccountError } from './accounts/account-error.ts';

/**
 * Store and memory codes that keep their own name across the contract: a refused path, a folder
 * that is a link (`.forge` in a cloned repo), a full disk. Everything else a save reports is `save_failed`.
 */
const sharedCodes = new Map<string, string>([
  ['outside_root', 'outside_root'],
  ['path_traversal', 'outside_root'],
  ['linked_folder', 'linked_folder'],
  ['linked_file', 'linked_file'],
  ['no_space', 'no_space'],
]);
/** Refusals no retry can change: the user has to change the file, the folder or the request. */
const refusals = new Set(['invalid_image', 'outside_root', 'linked_folder']);

export function toErrorInfo(error: unknown): ImageErrorInfo {
  if (ImageGenerationError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.resetsAt === undefined ? {} : { resetsAt: error.resetsAt.toISOString() }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
    };
  }
  if (AgentError.isInstance(error)) {
    return {
      code: error.code,
      message: error.message,
      retryable: error.retryable,
      ...(error.resetsAt === undefined ? {} : { resetsAt: error.resetsAt.toISOString() }),
    };
  }
  if (AssetStoreError.isInstance(error)) {
    return { code: sharedCodes.get(error.code) ?? 'save_failed', message: error.message, retryable: !refusals.has(error.code) };
  }
  if (MemoryWriteError.isInstance(error)) {
    return { code: sharedCodes.get(error.code) ?? `memory_${error.code}`, message: error.message, retryable: error.code === 'locked' || error.code === 'io' };
  }
  return { code: 'internal', message: 'Something went wrong in Forge. The details are in the app log.', retryable: true };
}

/** Errors the services raise about the call itself: their messages are written for the user. */
const callErrorCodes = new Set(['invalid_input', 'busy', 'not_found', 'invalid_image', 'unsupported']);

/** Conversation errors worth a line in the log: the database itself is in trouble. */
const storageCodes = new Set<string>(['corrupt', 'locked', 'read_only', 'newer_version', 'no_space', 'io']);

/** What a failed contract call tells the renderer; `expected` is false for anything worth logging. */
export function toContractError(error: unknown): { error: ContractError; expected: boolean } {
  // Account failures (a refused key, no network, a sign-in that did not start) are the user's to act on.
  if (error instanceof AccountError) return { error: { code: error.code, message: error.message }, expected: true };
  const code = (error as { code?: unknown } | undefined)?.code;
  if (error instanceof Error && typeof code === 'string' && callErrorCodes.has(code)) return { error: { code, message: error.message }, expected: true };
  // Threads, workspaces and the database: messages name the folder or file and say what to do.
  if (ConversationError.isInstance(error)) return { error: { code: error.code, message: error.message }, expected: !storageCodes.has(error.code) };
  const { code: infoCode, message } = toErrorInfo(error);
  return { error: { code: infoCode, message }, expected: false };
}
