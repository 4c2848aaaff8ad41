import { realpathSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as fileSystem from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { applyProposal } from './apply-proposal.ts';
import { normalizeMemoryFile } from './memory-path.ts';
import { memoryBookkeeping } from './memory-bookkeeping.ts';
import type { MemoryFileSystem } from './memory-file-system.ts';
import { MemoryWriteError } from './memory-write-error.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

function entryFor(name: string) {
  return proposeAssetEntry({ relativePath: `.forge/generated/${name}.png`, createdAt: '20261123-195130-042', model: 'gpt-image-2' }, { prompt: `prompt for ${name}` });
}

const forgeIsLink = { code: 'linked_folder', message: '`.forge` in this project is a link to another place; Forge will not follow it' };

async function refusalOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return MemoryWriteError.isInstance(error) ? { code: error.code, message: error.message } : error;
  }
}

/** A project folder and, beside it, what a `.forge -> ../elsewhere` would reach: someone else's ASSETS.md. */
async function projectAndOutside(): Promise<{ projectDir: string; forge: string; outside: string; cacheDir: string }> {
  const projectDir = await createMemoryFolder();
  const outside = await createMemoryFolder();
  await writeFile(path.join(outside, 'ASSETS.md'), 'theirs\n');
  return { projectDir, forge: path.join(projectDir, '.forge'), outside, cacheDir: await createMemoryFolder() };
}

describe('a memory folder or file that is a link', () => {
  it('refuses every write and read when .forge is a link out of the project, and touches nothing there', async () => {
    const { forge, outside, cacheDir } = await projectAndOutside();
    await symlink(outside, forge);
    expect(await refusalOf(() => applyProposal(forge, entryFor('a'), { cacheDir }))).toEqual(forgeIsLink);
    expect(await refusalOf(() => applyProposal(forge, { file: 'ASSETS.md', operation: 'overwrite', body: '# Mine now' }, { cacheDir }))).toEqual(forgeIsLink);
    expect(await refusalOf(() => applyProposal(forge, { file: 'notes/style.md', operation: 'append', body: '- warm' }, { cacheDir }))).toEqual(forgeIsLink);
    expect(await refusalOf(() => readAssetEntries(forge))).toEqual(forgeIsLink);
    expect(await readdir(outside)).toEqual(['ASSETS.md']);
    expect(await readFile(path.join(outside, 'ASSETS.md'), 'utf8')).toBe('theirs\n');
  });

  it('refuses a .forge link that points inside the project too, and a dangling one', async () => {
    const { projectDir, forge, cacheDir } = await projectAndOutside();
    await mkdir(path.join(projectDir, 'real-forge'));
    await symlink(path.join(projectDir, 'real-forge'), forge);
    expect(await refusalOf(() => applyProposal(forge, entryFor('a'), { cacheDir }))).toEqual(forgeIsLink);
    expect(await readdir(path.join(projectDir, 'real-forge'))).toEqual([]);
    const dangling = await projectAndOutside();
    await symlink(path.join(dangling.projectDir, 'not-yet'), dangling.forge);
    expect(await refusalOf(() => applyProposal(dangling.forge, entryFor('a'), { cacheDir }))).toEqual(forgeIsLink);
    expect(await readdir(dangling.projectDir)).toEqual(['.forge']);
  });

  it('refuses an ASSETS.md that is a symbolic link, even to a file inside the memory folder', async () => {
    const memoryBase = await createMemoryFolder();
    await writeFile(path.join(memoryBase, 'other.md'), 'other\n');
    await symlink(path.join(memoryBase, 'other.md'), path.join(memoryBase, 'ASSETS.md'));
    const cacheDir = await createMemoryFolder();
    const refusal = await refusalOf(() => applyProposal(memoryBase, entryFor('a'), { cacheDir }));
    expect(refusal).toEqual({ code: 'path_traversal', message: '`ASSETS.md` in the memory folder is a link to another file; Forge will not write through it.' });
    expect(await readFile(path.join(memoryBase, 'other.md'), 'utf8')).toBe('other\n');
  });

  it('refuses an ASSETS.md that is a hard link, for append and overwrite, and leaves the other file alone', async () => {
    const { forge, outside, cacheDir } = await projectAndOutside();
    await mkdir(forge);
    // A build script linked ASSETS.md to a file the user cares about (a shell profile, say).
    await link(path.join(outside, 'ASSETS.md'), path.join(forge, 'ASSETS.md'));
    const hardLink = {
      code: 'linked_file',
      message: '`ASSETS.md` in this project is a hard link shared with another file; Forge will not write to it, as that would change the other file too.',
    };
    expect(await refusalOf(() => applyProposal(forge, entryFor('a'), { cacheDir }))).toEqual(hardLink);
    expect(await refusalOf(() => applyProposal(forge, { file: 'ASSETS.md', operation: 'overwrite', body: '# Mine now' }, { cacheDir }))).toEqual(hardLink);
    expect(await readFile(path.join(outside, 'ASSETS.md'), 'utf8')).toBe('theirs\n');
    expect(await readdir(forge)).toEqual(['ASSETS.md']);
  });

  it('writes nothing through a .forge swapped for a link while the approval runs', async () => {
    const { forge, outside, cacheDir } = await projectAndOutside();
    await applyProposal(forge, entryFor('a'), { cacheDir });
    const target = path.join(forge, 'ASSETS.md');
    let swapped = false;
    // The swap a `git checkout` could make at the worst moment: right before ASSETS.md is opened to append.
    const racing: MemoryFileSystem = {
      ...fileSystem,
      open: (async (file: string, flags?: string | number, mode?: number) => {
        if (!swapped && file === target && typeof flags === 'number') {
          swapped = true;
          await rename(forge, `${forge}-moved`);
          await symlink(outside, forge);
        }
        return fileSystem.open(file, flags, mode);
      }) as MemoryFileSystem['open'],
    };
    expect(await refusalOf(() => applyProposal(forge, entryFor('b'), { cacheDir, fileSystem: racing }))).toEqual(forgeIsLink);
    expect(swapped).toBe(true);
    expect(await readFile(path.join(outside, 'ASSETS.md'), 'utf8')).toBe('theirs\n');
    expect(await readdir(outside)).toEqual(['ASSETS.md']);
  });

  it('writes nothing through a .forge swapped for a link while the approval waited for the lock', async () => {
    const { forge, outside, cacheDir } = await projectAndOutside();
    await applyProposal(forge, entryFor('a'), { cacheDir });
    // What an older Forge left beside someone else's ASSETS.md: not ours to remove.
    await writeFile(path.join(outside, '.ASSETS.md.index'), 'theirs');
    const { lockPath } = memoryBookkeeping(path.join(realpathSync(forge), 'ASSETS.md'), cacheDir);
    await writeFile(lockPath, JSON.stringify({ token: 'other-window', pid: process.pid, host: hostname() }));
    const approval = refusalOf(() => applyProposal(forge, entryFor('b'), { cacheDir, lockTimeoutMs: 30_000, staleLockMs: 600_000 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await rename(forge, `${forge}-moved`);
    await symlink(outside, forge);
    await unlink(lockPath);
    expect(await approval).toEqual(forgeIsLink);
    expect((await readdir(outside)).sort()).toEqual(['.ASSETS.md.index', 'ASSETS.md']);
    expect(await readFile(path.join(outside, 'ASSETS.md'), 'utf8')).toBe('theirs\n');
  }, 60_000);

  it('refuses a .forge that is a file, saying so, and leaves the file alone', async () => {
    const { forge, cacheDir } = await projectAndOutside();
    await writeFile(forge, 'a file');
    const refusal = await refusalOf(() => applyProposal(forge, entryFor('a'), { cacheDir }));
    expect(refusal).toMatchObject({ code: 'io' });
    expect((refusal as Error).message).toContain('is a file, not a folder');
    expect(await readFile(forge, 'utf8')).toBe('a file');
  });

  it('refuses to overwrite a memory file that is not a regular file', async () => {
    const memoryBase = await createMemoryFolder();
    await mkdir(path.join(memoryBase, 'STYLE.md'));
    const cacheDir = await createMemoryFolder();
    expect(await refusalOf(() => applyProposal(memoryBase, { file: 'STYLE.md', operation: 'overwrite', body: '# Style' }, { cacheDir }))).toMatchObject({ code: 'invalid_proposal' });
    expect(await readdir(path.join(memoryBase, 'STYLE.md'))).toEqual([]);
  });

  it('reads nothing through a linked ASSETS.md, and nothing from a project without .forge', async () => {
    const memoryBase = await createMemoryFolder();
    await writeFile(path.join(memoryBase, 'other.md'), '## 2026-11-23 19:51:30 UTC — generated/x.png\n');
    await symlink(path.join(memoryBase, 'other.md'), path.join(memoryBase, 'ASSETS.md'));
    expect(await refusalOf(() => readAssetEntries(memoryBase))).toMatchObject({ code: 'path_traversal' });
    expect(await readAssetEntries(path.join(await createMemoryFolder(), '.forge'))).toEqual([]);
  });

  it('refuses a folder below the memory folder that is a link, even to a folder inside it', async () => {
    const memoryBase = await createMemoryFolder();
    await mkdir(path.join(memoryBase, 'real-notes'));
    await symlink(path.join(memoryBase, 'real-notes'), path.join(memoryBase, 'notes'));
    const cacheDir = await createMemoryFolder();
    const refusal = await refusalOf(() => applyProposal(memoryBase, { file: 'notes/style.md', operation: 'append', body: '- warm' }, { cacheDir }));
    expect(refusal).toEqual({ code: 'path_traversal', message: 'Memory file "notes/style.md" leads elsewhere through a symbolic link; Forge will not write there.' });
    expect(await readdir(path.join(memoryBase, 'real-notes'))).toEqual([]);
  });
});

describe('normalizeMemoryFile', () => {
  it.each([
    ['ASSETS.md', 'ASSETS.md'],
    ['./notes/./style.md', 'notes/style.md'],
    ['notes\\sub//style.MD', 'notes/sub/style.MD'],
    ['  ASSETS.md  ', 'ASSETS.md'],
  ])('keeps %j as %j', (file, normalized) => {
    expect(normalizeMemoryFile(file)).toBe(normalized);
  });

  it.each([
    ['../ASSETS.md', 'path_traversal', 'Memory file "../ASSETS.md" contains ".."; it must be a path inside the memory folder, like ASSETS.md.'],
    ['/etc/x.md', 'path_traversal', 'Memory file "/etc/x.md" is absolute; it must be a path inside the memory folder, like ASSETS.md.'],
    ['\\server\\x.md', 'path_traversal', 'Memory file "\\\\server\\\\x.md" is absolute; it must be a path inside the memory folder, like ASSETS.md.'],
    ['C:x.md', 'path_traversal', 'Memory file "C:x.md" is absolute; it must be a path inside the memory folder, like ASSETS.md.'],
    ['~/x.md', 'path_traversal', 'Memory file "~/x.md" is absolute; it must be a path inside the memory folder, like ASSETS.md.'],
    ['.', 'path_traversal', 'Memory file "." leaves the memory folder; it must be a path inside the memory folder, like ASSETS.md.'],
    ['   ', 'invalid_proposal', 'Memory file "   " is empty.'],
    ['a\u0007.md', 'invalid_proposal', 'Memory file "a\\u0007.md" contains control characters.'],
    ['notes/.hidden.md', 'invalid_proposal', 'Memory file "notes/.hidden.md" names a hidden file or folder (the path is relative to the memory folder itself, so write ASSETS.md, not .forge/ASSETS.md).'],
    ['notes.txt', 'invalid_proposal', 'Memory file "notes.txt" is not a markdown (.md) file.'],
    ['notes.md.txt', 'invalid_proposal', 'Memory file "notes.md.txt" is not a markdown (.md) file.'],
  ])('refuses %j with %s, saying why', (file, code, message) => {
    expect(() => normalizeMemoryFile(file)).toThrow(expect.objectContaining({ code, message, path: file }) as Error);
  });

  it('clips a long name in its message', () => {
    const file = `${'n'.repeat(200)}.txt`;
    expect(() => normalizeMemoryFile(file)).toThrow(expect.objectContaining({ message: `Memory file "${'n'.repeat(120)}…" is not a markdown (.md) file.` }) as Error);
    const exactly = `${'n'.repeat(117)}.tx`;
    expect(() => normalizeMemoryFile(exactly)).toThrow(expect.objectContaining({ message: `Memory file "${exactly}" is not a markdown (.md) file.` }) as Error);
  });
});

describe('where a memory file goes', () => {
  it('creates the folders on the way one at a time, with no .gitattributes below .forge', async () => {
    const { forge, cacheDir } = await projectAndOutside();
    await mkdir(path.join(forge, 'notes'), { recursive: true });
    await applyProposal(forge, { file: 'notes/sub/deeper/style.md', operation: 'append', body: '- warm' }, { cacheDir });
    expect(await readFile(path.join(forge, 'notes', 'sub', 'deeper', 'style.md'), 'utf8')).toBe('- warm\n');
    expect(await readdir(path.join(forge, 'notes'))).toEqual(['sub']);
    expect(await readdir(path.join(forge, 'notes', 'sub'))).toEqual(['deeper']);
    const fresh = await projectAndOutside();
    await applyProposal(fresh.forge, { file: 'notes/style.md', operation: 'append', body: '- warm' }, { cacheDir });
    expect((await readdir(fresh.forge)).sort()).toEqual(['.gitattributes', 'notes']);
    expect(await readdir(path.join(fresh.forge, 'notes'))).toEqual(['style.md']);
  });

  it('trusts a memory folder that is not a project’s .forge as it is, link included (a scratchpad kept in dotfiles)', async () => {
    const real = await createMemoryFolder();
    const linked = path.join(await createMemoryFolder(), 'scratchpad');
    await symlink(real, linked);
    await applyProposal(linked, entryFor('a'), { cacheDir: await createMemoryFolder() });
    expect(await readdir(real)).toEqual(['ASSETS.md']);
    expect((await readAssetEntries(linked)).map((entry) => entry.file)).toEqual(['generated/a.png']);
  });

  it('says a .forge it cannot create is read-only, and creates nothing', async () => {
    const { projectDir, forge, cacheDir } = await projectAndOutside();
    const readOnly: MemoryFileSystem = {
      ...fileSystem,
      mkdir: ((target: string, options?: { recursive?: boolean }) =>
        options?.recursive === true ? fileSystem.mkdir(target, options) : Promise.reject(Object.assign(new Error(`EROFS: read-only file system, mkdir '${target}'`), { code: 'EROFS' }))) as MemoryFileSystem['mkdir'],
    };
    expect(await refusalOf(() => applyProposal(forge, entryFor('a'), { cacheDir, fileSystem: readOnly }))).toMatchObject({ code: 'read_only' });
    expect(await readdir(projectDir)).toEqual([]);
  });
});
