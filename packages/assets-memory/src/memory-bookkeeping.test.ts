import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, symlink, utimes, writeFile } from 'node:fs/promises';
import os, { hostname } from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { applyProposal } from './apply-proposal.ts';
import { defaultMemoryCacheDir, memoryBookkeeping } from './memory-bookkeeping.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

function entryFor(name: string) {
  return proposeAssetEntry({ relativePath: `.forge/generated/${name}.png`, createdAt: '20261123-195130-042', model: 'gpt-image-2' }, { prompt: `prompt for ${name}` });
}

/** A project folder with nothing in it yet, and a cache folder of its own. */
async function project(): Promise<{ projectDir: string; forge: string; cacheDir: string }> {
  const projectDir = await createMemoryFolder();
  return { projectDir, forge: path.join(projectDir, '.forge'), cacheDir: await createMemoryFolder() };
}

const bookkeepingOf = (forge: string, cacheDir: string) => memoryBookkeeping(path.join(realpathSync(forge), 'ASSETS.md'), cacheDir);

describe('where the memory writer keeps its lock and index', () => {
  it('keeps them in the cache folder: .forge holds only ASSETS.md and .gitattributes', async () => {
    const { forge, cacheDir } = await project();
    expect((await applyProposal(forge, entryFor('a'), { cacheDir })).applied).toBe(true);
    expect((await applyProposal(forge, entryFor('b'), { cacheDir })).applied).toBe(true);
    expect((await applyProposal(forge, entryFor('a'), { cacheDir })).applied).toBe(false);
    expect((await readdir(forge)).sort()).toEqual(['.gitattributes', 'ASSETS.md']);
    const { indexPath, lockPath } = bookkeepingOf(forge, cacheDir);
    expect(await readdir(path.dirname(indexPath))).toEqual([path.basename(indexPath)]);
    expect(path.dirname(lockPath)).toBe(path.join(cacheDir, 'memory'));
    expect((await readAssetEntries(forge)).map((entry) => entry.file)).toEqual(['generated/a.png', 'generated/b.png']);
  });

  it('defaults to Forge’s OS cache folder in the home (the one the asset store uses)', async () => {
    const { forge } = await project();
    await applyProposal(forge, entryFor('a'));
    const { indexPath } = bookkeepingOf(forge, defaultMemoryCacheDir());
    expect(await readFile(indexPath)).toHaveLength(64 + 64 * 16);
    expect(path.relative(os.homedir(), indexPath).split(path.sep).slice(0, 4)).toEqual(['.cache', 'forge', 'thumbnails', 'memory']);
    // The tests' own home (see isolated-home.ts), never the user's.
    expect(indexPath.startsWith(os.tmpdir())).toBe(true);
  });

  it('puts the default where each OS keeps caches, as the asset store does', () => {
    expect(defaultMemoryCacheDir('linux', '/home/ada')).toBe(path.join('/home/ada', '.cache', 'forge', 'thumbnails'));
    expect(defaultMemoryCacheDir('darwin', '/Users/ada')).toBe(path.join('/Users/ada', 'Library', 'Caches', 'forge', 'thumbnails'));
    expect(defaultMemoryCacheDir('win32', 'C:/Users/ada')).toBe(path.join('C:/Users/ada', 'AppData', 'Local', 'forge', 'thumbnails'));
  });

  it('shares one lock between writers that reach the project through different paths', async () => {
    const { projectDir, forge, cacheDir } = await project();
    await mkdir(forge);
    const alias = path.join(await createMemoryFolder(), 'same-project');
    await symlink(projectDir, alias);
    const { lockPath } = bookkeepingOf(forge, cacheDir);
    await mkdir(path.dirname(lockPath), { recursive: true });
    await writeFile(lockPath, JSON.stringify({ token: 'other-window', pid: process.pid, host: hostname() }));
    await expect(applyProposal(path.join(alias, '.forge'), entryFor('a'), { cacheDir, lockTimeoutMs: 300 })).rejects.toMatchObject({ code: 'locked' });
    expect(await readdir(forge)).toEqual([]);
  });
});

describe('moving from the bookkeeping older versions kept beside ASSETS.md', () => {
  it('removes the old index and still appends each asset once', async () => {
    const { forge, cacheDir } = await project();
    await applyProposal(forge, entryFor('a'), { cacheDir });
    // An older Forge's index, claiming nothing (or anything): it is neither read nor kept.
    await writeFile(path.join(forge, '.ASSETS.md.index'), Buffer.alloc(64 + 64 * 16));
    expect((await applyProposal(forge, entryFor('a'), { cacheDir })).applied).toBe(false);
    expect((await applyProposal(forge, entryFor('b'), { cacheDir })).applied).toBe(true);
    expect((await readdir(forge)).sort()).toEqual(['.gitattributes', 'ASSETS.md']);
  });

  it('waits while an older Forge holds its lock beside ASSETS.md, then writes and leaves only ASSETS.md', async () => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const legacyLock = path.join(memoryBase, '.ASSETS.md.lock');
    await writeFile(legacyLock, JSON.stringify({ token: 'older-forge', pid: process.pid, host: hostname() }));
    let settled = false;
    const approval = applyProposal(memoryBase, entryFor('a'), { cacheDir, lockTimeoutMs: 30_000, staleLockMs: 600_000 }).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    expect(await readdir(memoryBase)).toEqual(['.ASSETS.md.lock']);
    // The older Forge finishes and releases its lock.
    await import('node:fs/promises').then((fs) => fs.unlink(legacyLock));
    expect((await approval).applied).toBe(true);
    expect(await readdir(memoryBase)).toEqual(['ASSETS.md']);
  }, 60_000);

  it('clears an empty lock a full disk left beside ASSETS.md', async () => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const legacyLock = path.join(memoryBase, '.ASSETS.md.lock');
    await writeFile(legacyLock, '');
    const old = new Date(Date.now() - 60_000);
    await utimes(legacyLock, old, old);
    expect((await applyProposal(memoryBase, entryFor('a'), { cacheDir, lockTimeoutMs: 20_000 })).applied).toBe(true);
    expect(await readdir(memoryBase)).toEqual(['ASSETS.md']);
  });

  it('never reads through an old lock that a cloned repo made a link (to a FIFO that would block forever), or a FIFO', async () => {
    for (const kind of ['link to a FIFO', 'FIFO'] as const) {
      const memoryBase = await createMemoryFolder();
      const cacheDir = await createMemoryFolder();
      const fifo = kind === 'FIFO' ? path.join(memoryBase, '.ASSETS.md.lock') : path.join(await createMemoryFolder(), 'blocks');
      execFileSync('mkfifo', [fifo], { timeout: 10_000 });
      if (kind !== 'FIFO') await symlink(fifo, path.join(memoryBase, '.ASSETS.md.lock'));
      expect((await applyProposal(memoryBase, entryFor('a'), { cacheDir, lockTimeoutMs: 20_000, staleLockMs: 600_000 })).applied, kind).toBe(true);
      expect(await readdir(memoryBase), kind).toEqual(['ASSETS.md']);
    }
  }, 60_000);

  it('refuses to write when the cache folder cannot hold a lock, writing nothing in the project', async () => {
    const { forge } = await project();
    const cacheDir = path.join(await createMemoryFolder(), 'a-file');
    await writeFile(cacheDir, 'not a folder');
    const failure = await applyProposal(forge, entryFor('a'), { cacheDir }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'io' });
    expect((failure as Error).message).toContain(path.join(forge, 'ASSETS.md'));
    expect(await readdir(forge)).toEqual(['.gitattributes']);
  });

  it('still appends each asset once when the cache folder cannot hold the index', async () => {
    const { forge, cacheDir } = await project();
    await mkdir(forge);
    const { indexPath } = bookkeepingOf(forge, cacheDir);
    // A folder (not empty) where the index would go: it can be neither written nor replaced.
    await mkdir(path.join(indexPath, 'in-the-way'), { recursive: true });
    expect((await applyProposal(forge, entryFor('a'), { cacheDir })).applied).toBe(true);
    expect((await applyProposal(forge, entryFor('a'), { cacheDir })).applied).toBe(false);
    expect((await applyProposal(forge, entryFor('b'), { cacheDir })).applied).toBe(true);
    expect((await readAssetEntries(forge)).map((entry) => entry.file)).toEqual(['generated/a.png', 'generated/b.png']);
    expect((await readdir(path.dirname(indexPath))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect((await readdir(forge)).sort()).toEqual(['ASSETS.md']);
  });
});
