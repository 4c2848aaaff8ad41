// `.forge/.gitattributes`, written once when an approval creates a project's `.forge/` (the
// asset store writes the same file when a save creates it): ASSETS.md merges by union, so two
// branches that each approved an image merge without a conflict and keep both entries, and all
// of `generated/` is binary. The project's own `.gitattributes` and `.gitignore` are never
// touched, and an existing `.forge/.gitattributes` is never rewritten.
import path from 'node:path';

import type { MemoryFileSystem } from './memory-file-system.ts';

export const forgeGitattributes = [
  '# Written by Forge when it created this folder; yours to edit, Forge never rewrites it.',
  '# Two branches that each approved an image merge ASSETS.md without a conflict (both entries kept).',
  'ASSETS.md merge=union',
  '# Generated assets are binary: no text diff, no line-by-line merge, no line-ending conversion.',
  'generated/** binary',
  '',
].join('\n');

/** Writes `<forgeDir>/.gitattributes` unless a file of that name is there; a failure costs only the attributes. */
export async function writeForgeGitattributes(fileSystem: Pick<MemoryFileSystem, 'open' | 'unlink'>, forgeDir: string): Promise<void> {
  const target = path.join(forgeDir, '.gitattributes');
  let handle;
  try {
    // `wx`: never over anything already there, and never through a link put in its place.
    handle = await fileSystem.open(target, 'wx', 0o644);
  } catch {
    return;
  }
  try {
    await handle.writeFile(forgeGitattributes);
    await handle.close();
  } catch {
    // A full disk: leave no half-written attributes that would then never be rewritten.
    await handle.close().catch(() => undefined);
    await fileSystem.unlink(target).catch(() => undefined);
  }
}
