// `.forge/.gitattributes`, written once when Forge creates `.forge/` in a project, so the folder
// can be committed as it is: ASSETS.md merges by union (two branches that each approved an image
// merge without a conflict, both entries kept) and everything in `generated/` is binary. All of
// `generated/`, not a list of image extensions: the Asset studio also writes meshes, audio and
// whatever a new kind brings, and a generated file must never be diffed as text, merged line by
// line or have its line endings converted. The project's own `.gitattributes` and `.gitignore`
// are never touched, and an existing `.forge/.gitattributes` (the user's) is never rewritten.
import path from 'node:path';

import type { AssetStoreFileSystem } from './file-system.ts';

export const forgeGitattributes = [
  '# Written by Forge when it created this folder; yours to edit, Forge never rewrites it.',
  '# Two branches that each approved an image merge ASSETS.md without a conflict (both entries kept).',
  'ASSETS.md merge=union',
  '# Generated assets are binary: no text diff, no line-by-line merge, no line-ending conversion.',
  'generated/** binary',
  '',
].join('\n');

/** Writes `<forgeDir>/.gitattributes` unless a file of that name is there; a failure costs only the attributes. */
export async function writeForgeGitattributes(fs: Pick<AssetStoreFileSystem, 'open' | 'unlink'>, forgeDir: string): Promise<void> {
  const target = path.join(forgeDir, '.gitattributes');
  let handle;
  try {
    // `wx`: never over anything already there, and never through a link put in its place.
    handle = await fs.open(target, 'wx', 0o644);
  } catch {
    return;
  }
  try {
    await handle.writeFile(forgeGitattributes);
    await handle.close();
  } catch {
    // A full disk: leave no half-written attributes that would then never be rewritten.
    await handle.close().catch(() => undefined);
    await fs.unlink(target).catch(() => undefined);
  }
}
