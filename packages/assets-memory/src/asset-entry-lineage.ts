// The part of an ASSETS.md entry that says where a refined image came from: one bullet naming each
// parent ("Refined from" the image it edits, "Reference" for an image the request was shown), each a
// link relative to ASSETS.md with the start of the file's SHA-256, and in the marker the exact
// list. Lineage is written by Forge from the image's provenance, never typed: it is read back from
// the marker only, and an Edit keeps it as it was.
import { toInlineDisplay } from './display-text.ts';

/** One file an asset was made from, as the entry names it. */
export interface AssetEntryParent {
  /** Relative to ASSETS.md, like the entry's own file: `generated/20261123-195130-042.png`. */
  file: string;
  /** SHA-256 of the file's bytes when it was used, lower-case hex. */
  sha256: string;
  /** `parent`: the image this one refines; `reference`: an image the request was shown. */
  role: 'parent' | 'reference';
}

const hashPattern = /^[0-9a-f]{64}$/;
/** As many as a request can send (OpenAI takes 16 input images). */
const maxParents = 16;

/**
 * The one bullet for `parents`, parents first (none when there are none); `link` makes a file's
 * link destination. One line, right after the entry's own file link: two branches that each
 * refined the same image merge ASSETS.md by union, which keeps both entries whole only while no
 * more than three lines in a row are common to them (see `renderAssetEntry`).
 */
export function lineageLines(parents: readonly AssetEntryParent[] | undefined, link: (file: string) => string): string[] {
  if (parents === undefined || parents.length === 0) return [];
  const ordered = [...parents.filter((parent) => parent.role === 'parent'), ...parents.filter((parent) => parent.role === 'reference')];
  const named = ordered.map((parent) => {
    const label = parent.role === 'parent' ? 'Refined from' : 'Reference';
    return `${label}: [${toInlineDisplay(parent.file)}](${link(parent.file)}) (sha256 ${parent.sha256.slice(0, 12)}…)`;
  });
  return [`- ${named.join(' · ')}`];
}

/** The marker's `derivedFrom`, when it is a list of well-formed parents; anything else reads as none. */
export function readLineage(value: unknown): AssetEntryParent[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > maxParents) return undefined;
  const parents: AssetEntryParent[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { file, sha256, role } = item as Record<string, unknown>;
    if (typeof file !== 'string' || file === '' || typeof sha256 !== 'string' || !hashPattern.test(sha256) || (role !== 'parent' && role !== 'reference')) return undefined;
    parents.push({ file, sha256, role });
  }
  return parents;
}
