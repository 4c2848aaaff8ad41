// Builds the ASSETS.md proposal for one generated image, so the host can show it for approval
// even when the agent forgot to write one.
import { renderAssetEntry, type AssetEntryFields } from './asset-entry-format.ts';
import type { AssetEntryParent } from './asset-entry-lineage.ts';
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
  /**
   * The files it was made from, as its provenance names them (project- or base-relative paths,
   * like `relativePath`): the entry names each parent ("Refined from") and reference.
   */
  derivedFrom?: readonly ProposedAssetParent[] | undefined;
}

export interface ProposedAssetParent {
  relativePath: string;
  /** SHA-256 of the file's bytes when it was used, hex. */
  sha256: string;
  role: 'parent' | 'reference';
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

function toEntryParent(parent: ProposedAssetParent): AssetEntryParent {
  const sha256 = parent.sha256.toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw invalid(`The hash of ${JSON.stringify(parent.relativePath)} is not a SHA-256 (64 hex digits).`);
  // The type says so, but the caller may be plain JavaScript reading a file's provenance.
  if (!(['parent', 'reference'] as unknown[]).includes(parent.role)) throw invalid(`A parent's role is "parent" or "reference", not ${JSON.stringify(parent.role)}.`);
  return { file: toAssetLink(parent.relativePath), sha256, role: parent.role };
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
  const parents = (asset.derivedFrom ?? []).map((parent) => toEntryParent(parent));
  if (parents.length > 0) fields.derivedFrom = parents;
  return { file: 'ASSETS.md', operation: 'append', body: renderAssetEntry(fields) };
}
