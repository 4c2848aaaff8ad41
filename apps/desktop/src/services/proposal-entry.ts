// The proposal card's view of an asset entry, and the Edit form's way back: the fields a person
// may change (prompt, note) applied with @forge/assets-memory's editAssetEntry, so the entry's
// machine-readable marker is rewritten by code, never by hand.
import { editAssetEntry, MemoryWriteError, parseAssetEntries } from '@forge/assets-memory';
import type { AssetEntryEdit } from '@forge/assets-memory';

import type { ChatProposalEntry } from '../contract/index.ts';

/** The card's fields when `body` is one asset entry that can be edited field by field. */
export function proposalEntry(body: string): ChatProposalEntry | undefined {
  const entries = parseAssetEntries(body);
  const [entry] = entries;
  if (entry === undefined || entries.length > 1) return undefined;
  try {
    editAssetEntry(body, {});
  } catch {
    return undefined;
  }
  return { file: entry.file, prompt: entry.prompt, ...(entry.note === undefined ? {} : { note: entry.note }) };
}

/** The renderer asked for something the proposal cannot take; its message says what to do. */
export class ProposalEditError extends Error {
  override readonly name = 'ProposalEditError';
  readonly code = 'invalid_input';
}

/** `body` with the person's edit applied; a refusal becomes a `ProposalEditError`. */
export function applyEntryEdit(body: string, edit: AssetEntryEdit): string {
  try {
    return editAssetEntry(body, edit);
  } catch (error) {
    if (MemoryWriteError.isInstance(error)) throw new ProposalEditError(error.message, { cause: error });
    throw error;
  }
}
