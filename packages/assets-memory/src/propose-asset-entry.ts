// Builds the ASSETS.md proposal for one generated image, so the host can show it for approval
// even when the agent forgot to write one.
import { renderAssetEntry, type AssetEntryFields } from './asset-entry-format.ts';
import type { MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError } from './memory-write-error.ts';

export interface ProposedAsset {
  /** Project-relative (`.forge/generated/x.png`) or memory-base-relative (`generated/x.png`). */
  relativePath: string;
  /** A Date, an ISO 8601 string, or Forge's file timestamp `YYYYMMDD-HHMMSS-mmm` (UTC). */
  createdAt: Date | string;
  model?: string;
  width?: number;
  height?: number;
  mediaType?: string;
}

export interface ProposedAssetText {
  prompt: string;
  /** Shown only when the model's revised prompt differs from the prompt. */
  revisedPrompt?: string;
}

function invalid(message: string): MemoryWriteError {
  return new MemoryWriteError({ code: 'invalid_proposal', message });
}

/** The link from ASSETS.md to the asset: `generated/x.png` whether given project- or base-relative. */
export function toAssetLink(relativePath: string): string {
  let link = relativePath.trim().replace(/\\/g, '/').replace(/\/{2,}/g, '/');
  if (/^(\/|[a-zA-Z]:|~)/.test(link) || link.split('/').includes('..')) {
    throw new MemoryWriteError({
      code: 'path_traversal',
      message: `Asset path ${JSON.stringify(relativePath)} must be relative to the project or the scratchpad, like .forge/generated/x.png.`,
      path: relativePath,
    });
  }
  link = link.replace(/^(\.\/)+/, '');
  if (link.startsWith('.forge/scratchpad/')) link = link.slice('.forge/scratchpad/'.length);
  else if (link.startsWith('.forge/')) link = link.slice('.forge/'.length);
  if (link === '' || link.endsWith('/')) throw invalid(`Asset path ${JSON.stringify(relativePath)} does not name a file.`);
  return link;
}

/** ISO 8601 in UTC from any accepted `createdAt`. */
export function toIsoTimestamp(createdAt: Date | string): string {
  if (typeof createdAt === 'string') {
    const forge = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})$/.exec(createdAt.trim());
    const date = forge === null ? new Date(createdAt) : new Date(`${forge[1] ?? ''}-${forge[2] ?? ''}-${forge[3] ?? ''}T${forge[4] ?? ''}:${forge[5] ?? ''}:${forge[6] ?? ''}.${forge[7] ?? ''}Z`);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  } else if (!Number.isNaN(createdAt.getTime())) {
    return createdAt.toISOString();
  }
  throw invalid(`Asset creation time ${JSON.stringify(String(createdAt))} is not a date.`);
}

function positiveInteger(value: number | undefined): number | undefined {
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

/** The proposal that appends `asset`'s entry to ASSETS.md. */
export function proposeAssetEntry(asset: ProposedAsset, text: ProposedAssetText): MemoryProposal {
  const fields: AssetEntryFields = { timestamp: toIsoTimestamp(asset.createdAt), file: toAssetLink(asset.relativePath), prompt: text.prompt };
  if (text.revisedPrompt !== undefined && text.revisedPrompt !== '' && text.revisedPrompt !== text.prompt) fields.revisedPrompt = text.revisedPrompt;
  if (asset.model !== undefined && asset.model !== '') fields.model = asset.model;
  const width = positiveInteger(asset.width);
  const height = positiveInteger(asset.height);
  if (width !== undefined && height !== undefined) {
    fields.width = width;
    fields.height = height;
  }
  if (asset.mediaType !== undefined && asset.mediaType !== '') fields.mediaType = asset.mediaType;
  return { file: 'ASSETS.md', operation: 'append', body: renderAssetEntry(fields) };
}
