// Edit → the fields a person may change in an asset's entry (its prompt and a free-text note),
// applied by code: the entry is rendered again from its exact fields, so the visible text and
// the machine-readable `forge-asset` marker agree, whatever the person typed.
import { parseAssetEntries, renderAssetEntry, type AssetEntryFields } from './asset-entry-format.ts';
import { MemoryWriteError } from './memory-write-error.ts';

export interface AssetEntryEdit {
  /** The new prompt; must not be blank. Omitted: unchanged. */
  prompt?: string;
  /** The new note; blank removes it. Omitted: unchanged. */
  note?: string;
}

function invalid(message: string): MemoryWriteError {
  return new MemoryWriteError({ code: 'invalid_proposal', message });
}

/**
 * `body` (an ASSETS.md proposal holding one asset entry) with `edit` applied. Text around the
 * entry is kept as it is. Throws `invalid_proposal` when `body` holds no entry exactly as Forge
 * wrote it, or more than one, or when the prompt would be blank.
 */
export function editAssetEntry(body: string, edit: AssetEntryEdit): string {
  const entries = parseAssetEntries(body);
  const [entry] = entries;
  if (entry === undefined || entries.length > 1 || entry.timestamp === '') {
    throw invalid(
      entries.length > 1
        ? `This proposal holds ${entries.length} asset entries; edit its text instead of its fields.`
        : 'This proposal holds no asset entry written by Forge; edit its text instead of its fields.',
    );
  }
  const { heading: _heading, raw, ...fields } = entry;
  const next: AssetEntryFields = { ...fields };
  if (edit.prompt !== undefined) {
    if (edit.prompt.trim() === '') throw invalid('An asset entry needs a prompt: type one, or discard the edit.');
    next.prompt = edit.prompt;
  }
  if (edit.note !== undefined) {
    if (edit.note.trim() === '') delete next.note;
    else next.note = edit.note;
  }
  // Only an entry exactly as Forge wrote it is rewritten: anything a person or agent added
  // inside it by hand would be lost, so such a body is edited as text instead.
  const start = body.indexOf(raw);
  const current = renderAssetEntry(fields);
  if (!body.startsWith(current, start)) throw invalid('This entry was changed by hand since Forge wrote it; edit its text instead of its fields.');
  return `${body.slice(0, start)}${renderAssetEntry(next)}${body.slice(start + current.length)}`;
}
