import { realpathSync } from 'node:fs';
import * as fileSystemModule from 'node:fs/promises';
import { mkdir, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

import { propertyRuns } from './__fixtures__/property-runs.ts';
import { createFullDisk, entriesOf } from './__fixtures__/full-disk.ts';
import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { createReadOnlyFolder, readOnlyFileSystem } from './__fixtures__/read-only-folder.ts';
import { AppliedKeyIndex } from './applied-key-index.ts';
import { applyProposal, assetsHeader } from './apply-proposal.ts';
import { memoryBookkeeping } from './memory-bookkeeping.ts';
import type { MemoryFileSystem } from './memory-file-system.ts';
import type { MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError } from './memory-write-error.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

// Tests that start processes (or mount a tmpfs): 60 s holds a machine 4× slower than a busy
// two-core one.
const processTimeoutMs = 60_000;

function entryFor(name: string, prompt = `prompt for ${name}`) {
  return proposeAssetEntry({ relativePath: `.forge/generated/${name}.png`, createdAt: '20261123-195130-042', model: 'gpt-image-2' }, { prompt });
}

async function assetsFile(memoryBase: string): Promise<string> {
  return readFile(path.join(memoryBase, 'ASSETS.md'), 'utf8');
}

describe('applyProposal: append', () => {
  it('creates ASSETS.md with a short header and the entry', async () => {
    const memoryBase = await createMemoryFolder();
    const proposal = entryFor('a');
    const result = await applyProposal(memoryBase, proposal);
    expect(result).toEqual({ path: path.join(memoryBase, 'ASSETS.md'), applied: true, entry: proposal.body });
    expect(await assetsFile(memoryBase)).toBe(`${assetsHeader}\n\n${proposal.body}\n`);
  });

  it('creates a missing memory folder (first image in the scratchpad)', async () => {
    const memoryBase = path.join(await createMemoryFolder(), 'scratchpad');
    await applyProposal(memoryBase, entryFor('a'));
    expect(await readAssetEntries(memoryBase)).toHaveLength(1);
  });

  it.each([
    ['no final newline', 'notes', 'notes\n\n'],
    ['one final newline', 'notes\n', 'notes\n\n'],
    ['a blank line already', 'notes\n\n', 'notes\n\n'],
    ['several blank lines', 'notes\n\n\n', 'notes\n\n\n'],
    ['an empty file', '', ''],
  ])('appends after %s with one separating blank line', async (_name, existing, expectedPrefix) => {
    const memoryBase = await createMemoryFolder();
    await writeFile(path.join(memoryBase, 'ASSETS.md'), existing);
    const proposal = entryFor('a');
    await applyProposal(memoryBase, proposal);
    expect(await assetsFile(memoryBase)).toBe(`${expectedPrefix}${proposal.body}\n`);
  });

  it('keeps a BOM, CRLF line endings and trailing whitespace, and writes the new entry in CRLF', async () => {
    const memoryBase = await createMemoryFolder();
    const existing = '\uFEFF# Assets  \r\n\r\nMy note with trailing spaces   \r\n\t\r\n';
    await writeFile(path.join(memoryBase, 'ASSETS.md'), existing);
    const proposal = entryFor('a', 'line one\nline two');
    await applyProposal(memoryBase, proposal);
    const text = await assetsFile(memoryBase);
    expect(text.startsWith(existing)).toBe(true);
    expect(text.slice(existing.length)).toBe(`\r\n${proposal.body.replace(/\n/g, '\r\n')}\r\n`);
    expect((await readAssetEntries(memoryBase))[0]?.prompt).toBe('line one\nline two');
  });

  it('appends the same asset once, however often it is approved', async () => {
    const memoryBase = await createMemoryFolder();
    const first = await applyProposal(memoryBase, entryFor('a'));
    const again = await applyProposal(memoryBase, entryFor('a', 'a different wording'));
    expect([first.applied, again.applied]).toEqual([true, false]);
    for (let index = 0; index < 150; index += 1) await applyProposal(memoryBase, entryFor(`other-${index}`));
    expect((await applyProposal(memoryBase, entryFor('a'))).applied).toBe(false);
    expect((await applyProposal(memoryBase, entryFor('other-7'))).applied).toBe(false);
    const entries = await readAssetEntries(memoryBase);
    expect(entries).toHaveLength(151);
    expect(entries.filter((entry) => entry.file === 'generated/a.png')).toHaveLength(1);
  });

  it('stays idempotent after a hand edit, and appends again once the entry was deleted by hand', async () => {
    const memoryBase = await createMemoryFolder();
    const file = path.join(memoryBase, 'ASSETS.md');
    await applyProposal(memoryBase, entryFor('keep'));
    await applyProposal(memoryBase, entryFor('drop'));
    await writeFile(file, `${await assetsFile(memoryBase)}\nA note typed by hand.\n`);
    expect((await applyProposal(memoryBase, entryFor('keep'))).applied).toBe(false);
    const text = await assetsFile(memoryBase);
    const start = text.indexOf('## ', text.indexOf('generated/drop.png') - 80);
    await writeFile(file, text.slice(0, start) + text.slice(text.indexOf('A note typed by hand.')));
    expect((await applyProposal(memoryBase, entryFor('drop'))).applied).toBe(true);
    expect((await readAssetEntries(memoryBase)).map((entry) => entry.file)).toEqual(['generated/keep.png', 'generated/drop.png']);
  });

  it('appends again when an editor saves over ASSETS.md (by rename) in the middle of the append', async () => {
    const memoryBase = await createMemoryFolder();
    const file = path.join(memoryBase, 'ASSETS.md');
    await writeFile(file, '# Assets\n');
    const fileSystem = await import('node:fs/promises');
    let saved = false;
    const editorSaves: MemoryFileSystem = {
      ...fileSystem,
      stat: (async (target: string, options?: { bigint?: boolean }) => {
        if (!saved && target === file && options?.bigint === true) {
          saved = true;
          await fileSystem.writeFile(`${file}.editor`, '# Assets\n\nSaved from my editor.\n');
          await fileSystem.rename(`${file}.editor`, file);
        }
        return fileSystem.stat(target, options);
      }) as MemoryFileSystem['stat'],
    };
    await applyProposal(memoryBase, entryFor('a', 'the prompt'), { fileSystem: editorSaves });
    expect(saved).toBe(true);
    expect((await assetsFile(memoryBase)).startsWith('# Assets\n\nSaved from my editor.\n\n## ')).toBe(true);
    expect((await readAssetEntries(memoryBase)).map((entry) => entry.prompt)).toEqual(['the prompt']);
  });

  it('applies an edited body as edited', async () => {
    const memoryBase = await createMemoryFolder();
    const proposal = entryFor('a', 'a red airship');
    const edit = `${proposal.body.replace('\na red airship\n```', '\na red airship over the harbour\n```')}\n\nMy own remark.`;
    const result = await applyProposal(memoryBase, proposal, { edit });
    expect(result.entry).toBe(edit);
    expect(await assetsFile(memoryBase)).toBe(`${assetsHeader}\n\n${edit}\n`);
    expect((await readAssetEntries(memoryBase))[0]?.prompt).toBe('a red airship over the harbour');
  });

  it('appends an agent-written note to another memory file, creating its folder', async () => {
    const memoryBase = await createMemoryFolder();
    await applyProposal(memoryBase, { file: 'notes/style.md', operation: 'append', body: '- Prefer warm palettes.' });
    await applyProposal(memoryBase, { file: 'notes/style.md', operation: 'append', body: '- No text in images.\n\n' });
    expect(await readFile(path.join(memoryBase, 'notes/style.md'), 'utf8')).toBe('- Prefer warm palettes.\n\n- No text in images.\n');
  });

  it('closes a code fence or comment the file left open, so the new entry is not swallowed', async () => {
    for (const existing of ['notes\n```js\nconst a = 1;\n', 'notes\n<!-- draft, unfinished\n', '<pre>\nascii art']) {
      const memoryBase = await createMemoryFolder();
      await writeFile(path.join(memoryBase, 'ASSETS.md'), existing);
      await applyProposal(memoryBase, entryFor('a', 'the prompt'));
      expect((await assetsFile(memoryBase)).startsWith(existing)).toBe(true);
      expect((await readAssetEntries(memoryBase)).map((entry) => entry.prompt)).toEqual(['the prompt']);
      await applyProposal(memoryBase, entryFor('b', 'next'));
      expect((await readAssetEntries(memoryBase)).map((entry) => entry.prompt)).toEqual(['the prompt', 'next']);
    }
  });

  it('leaves every byte of any existing file unchanged before the appended region (property)', async () => {
    const content = fc.oneof(
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
      fc.string({ unit: 'binary', maxLength: 400 }).map((text) => Buffer.from(text, 'utf8')),
      fc
        .array(fc.constantFrom('\uFEFF', '# Assets', '```', '~~~~', '<!--', '-->', '<pre>', '\r\n', '\n', '\r', '   ', '\t', 'note', '## 2026', '- File: [x](generated/x.png)'), { maxLength: 30 })
        .map((parts) => Buffer.from(parts.join(''), 'utf8')),
    );
    await fc.assert(
      fc.asyncProperty(content, async (existing) => {
        const memoryBase = await createMemoryFolder();
        await writeFile(path.join(memoryBase, 'ASSETS.md'), existing);
        const result = await applyProposal(memoryBase, entryFor('new-asset', 'exact prompt'));
        const after = await readFile(path.join(memoryBase, 'ASSETS.md'));
        expect(after.subarray(0, existing.length).equals(existing)).toBe(true);
        expect(after.subarray(existing.length).toString('utf8').endsWith(`${result.entry}${result.entry.includes('\r\n') ? '\r\n' : result.entry.includes('\r') ? '\r' : '\n'}`)).toBe(true);
        const entries = await readAssetEntries(memoryBase);
        expect(entries.at(-1)).toMatchObject({ file: 'generated/new-asset.png', prompt: 'exact prompt' });
        await rm(memoryBase, { recursive: true });
      }),
      { numRuns: propertyRuns(1_000) },
    );
  }, 120_000);
});

describe('applyProposal: overwrite', () => {
  it('replaces the whole file, keeping its BOM and line ending', async () => {
    const memoryBase = await createMemoryFolder();
    await writeFile(path.join(memoryBase, 'STYLE.md'), '\uFEFFold\r\ntext\r\n');
    const result = await applyProposal(memoryBase, { file: 'STYLE.md', operation: 'overwrite', body: '# Style\n\nWarm palettes.' });
    expect(result.applied).toBe(true);
    expect(await readFile(path.join(memoryBase, 'STYLE.md'), 'utf8')).toBe('\uFEFF# Style\r\n\r\nWarm palettes.\r\n');
    const again = await applyProposal(memoryBase, { file: 'STYLE.md', operation: 'overwrite', body: '# Style\n\nWarm palettes.' });
    expect(again.applied).toBe(false);
    expect((await readdir(memoryBase)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('applyProposal: refusals', () => {
  it.each([
    ['../outside.md', 'path_traversal'],
    ['/tmp/outside.md', 'path_traversal'],
    ['generated/x.png', 'invalid_proposal'],
  ])('refuses file %j with %s', async (file, code) => {
    const memoryBase = await createMemoryFolder();
    const attempt = applyProposal(memoryBase, { file, operation: 'overwrite', body: 'x' });
    await expect(attempt).rejects.toSatisfy((error: unknown) => MemoryWriteError.isInstance(error) && error.code === code);
  });

  it('refuses a path that leaves the memory folder through a symlink, writing nothing outside', async () => {
    const outside = await createMemoryFolder();
    const memoryBase = await createMemoryFolder();
    await symlink(outside, path.join(memoryBase, 'linked'));
    await symlink(path.join(outside, 'target.md'), path.join(memoryBase, 'dangling.md'));
    await writeFile(path.join(outside, 'ASSETS.md'), 'theirs');
    await symlink(path.join(outside, 'ASSETS.md'), path.join(memoryBase, 'escape.md'));
    for (const file of ['linked/ASSETS.md', 'linked/new/ASSETS.md', 'dangling.md', 'escape.md']) {
      await expect(applyProposal(memoryBase, { file, operation: 'append', body: 'x' })).rejects.toMatchObject({ code: 'path_traversal' });
    }
    expect(await readdir(outside)).toEqual(['ASSETS.md']);
    expect(await readFile(path.join(outside, 'ASSETS.md'), 'utf8')).toBe('theirs');
  });

  it('refuses an empty append as invalid_proposal', async () => {
    await expect(applyProposal(await createMemoryFolder(), { file: 'ASSETS.md', operation: 'append', body: ' \n' })).rejects.toMatchObject({ code: 'invalid_proposal' });
  });

  it('fails with read_only on a read-only disk and changes nothing', async () => {
    const folder = await createReadOnlyFolder({ 'ASSETS.md': '# Assets\n' });
    try {
      const attempt = applyProposal(folder.memoryBase, entryFor('a'), { fileSystem: folder.fileSystem });
      await expect(attempt, folder.kind).rejects.toSatisfy(
        (error: unknown) => MemoryWriteError.isInstance(error) && error.code === 'read_only' && error.message.includes('read-only'),
      );
      expect(await readFile(path.join(folder.memoryBase, 'ASSETS.md'), 'utf8')).toBe('# Assets\n');
    } finally {
      await folder.dispose();
    }
  }, processTimeoutMs);

  it('fails with read_only through an injected read-only file system too (the fallback where mounting is not allowed)', async () => {
    const memoryBase = await createMemoryFolder();
    await writeFile(path.join(memoryBase, 'ASSETS.md'), '# Assets\n');
    await expect(applyProposal(memoryBase, entryFor('a'), { fileSystem: readOnlyFileSystem })).rejects.toMatchObject({ code: 'read_only' });
    expect(await readFile(path.join(memoryBase, 'ASSETS.md'), 'utf8')).toBe('# Assets\n');
  });
});

describe('applyProposal: the lock', () => {
  /** The lock in the cache folder, and the one older versions kept beside ASSETS.md (still honoured). */
  const places = [
    ['in the cache folder', (memoryBase: string, cacheDir: string) => memoryBookkeeping(path.join(realpathSync(memoryBase), 'ASSETS.md'), cacheDir).lockPath],
    ['beside ASSETS.md (an older Forge)', (memoryBase: string) => path.join(memoryBase, '.ASSETS.md.lock')],
  ] as const;

  it.each(places)('fails with locked, saying how long it waited, while another live process holds the lock %s', async (_place, lockPath) => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const { hostname } = await import('node:os');
    const lock = lockPath(memoryBase, cacheDir);
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ token: 'other-writer', pid: process.pid, host: hostname() }));
    const attempt = applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 300, cacheDir });
    await expect(attempt).rejects.toSatisfy((error: unknown) => MemoryWriteError.isInstance(error) && error.code === 'locked' && (error.waitedMs ?? 0) >= 300);
    await expect(readFile(path.join(memoryBase, 'ASSETS.md'))).rejects.toMatchObject({ code: 'ENOENT' });
    // The holder's lock is never taken from it.
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ token: 'other-writer' });
  });

  it.each(places)('recovers a lock %s left by a process that died', async (_place, lockPath) => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const { hostname } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8', timeout: 30_000 });
    const lock = lockPath(memoryBase, cacheDir);
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ token: 'crashed', pid: Number(dead.stdout), host: hostname() }));
    // Never stale by age here: only seeing that its holder is gone can free it.
    expect((await applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 20_000, staleLockMs: 600_000, cacheDir })).applied).toBe(true);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  }, processTimeoutMs);

  it.each(places)('recovers a lock %s older than the stale limit even when its holder looks alive', async (_place, lockPath) => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const { hostname } = await import('node:os');
    const lock = lockPath(memoryBase, cacheDir);
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, JSON.stringify({ token: 'hung', pid: process.pid, host: hostname() }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lock, old, old);
    expect((await applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 20_000, cacheDir })).applied).toBe(true);
    await expect(readFile(lock)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('applyProposal: concurrent writers in several processes', () => {
  const worker = path.join(import.meta.dirname, '__fixtures__', 'approve-worker.ts');

  async function runWorkers(memoryBase: string, cacheDir: string, mode: 'own' | 'shared'): Promise<{ worker: string; applied: number }[]> {
    const { execFile } = await import('node:child_process');
    const startAt = String(Date.now() + 500);
    const run = (name: string) =>
      new Promise<{ worker: string; applied: number }>((resolve, reject) => {
        execFile(process.execPath, [worker, memoryBase, name, '25', startAt, mode, cacheDir], { timeout: 60_000 }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${name} failed: ${stderr}`, { cause: error }));
          else resolve(JSON.parse(stdout) as { worker: string; applied: number });
        });
      });
    return Promise.all([run('first'), run('second')]);
  }

  it('keeps all 50 approvals from 2 processes at once, each entry whole', async () => {
    const memoryBase = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const results = await runWorkers(memoryBase, cacheDir, 'own');
    expect(results.map((result) => result.applied)).toEqual([25, 25]);
    const entries = await readAssetEntries(memoryBase);
    expect(entries).toHaveLength(50);
    expect(new Set(entries.map((entry) => entry.file)).size).toBe(50);
    for (const entry of entries) expect(entry.prompt).toBe(`prompt ${path.basename(entry.file, '.png')}\n\`\`\`\n## not a heading\n`);
    const text = await assetsFile(memoryBase);
    expect(text.match(/^## 2026-/gm)).toHaveLength(50);
    expect(text).not.toMatch(/\n{3}/);
    // The writers' lock and index stay in the cache folder: the memory folder holds only what the user reads.
    expect(await readdir(memoryBase)).toEqual(['ASSETS.md']);
    expect(await readdir(path.join(cacheDir, 'memory'))).toEqual([path.basename(memoryBookkeeping(path.join(realpathSync(memoryBase), 'ASSETS.md'), cacheDir).indexPath)]);
  }, 120_000);

  it('appends each asset once when 2 processes approve the same 25 assets at once', async () => {
    const memoryBase = await createMemoryFolder();
    const results = await runWorkers(memoryBase, await createMemoryFolder(), 'shared');
    expect(results.reduce((sum, result) => sum + result.applied, 0)).toBe(25);
    expect(await readAssetEntries(memoryBase)).toHaveLength(25);
  }, 120_000);
});

describe('applyProposal: a full disk', () => {
  const assetsText = (size: number): string => `# Assets\n\n${'Notes typed by hand. '.repeat(Math.ceil(size / 21)).slice(0, size - 12)}\n`;

  it('fails with no_space in a save’s wording, keeps ASSETS.md byte for byte, and leaves no lock or temporary', async () => {
    // 4,096 bytes minus 100: an entry starts in the last page's slack and runs out part way.
    const disk = await createFullDisk({ '.forge/ASSETS.md': assetsText(3996) });
    const cacheDir = await createMemoryFolder();
    try {
      const memoryBase = path.join(disk.folder, '.forge');
      const target = path.join(memoryBase, 'ASSETS.md');
      const before = await readFile(target);
      const failure = await applyProposal(memoryBase, entryFor('a'), { cacheDir, fileSystem: disk.fileSystem }).catch((error: unknown) => error);
      expect(MemoryWriteError.isInstance(failure), disk.kind).toBe(true);
      expect(failure).toMatchObject({
        code: 'no_space',
        retryable: false,
        message: `Could not write ${target}: the disk holding ${memoryBase} is full (ENOSPC). Free some space and try again.`,
      });
      expect((await readFile(target)).equals(before)).toBe(true);
      expect(await entriesOf(disk.folder)).toEqual(['.forge', '.forge/ASSETS.md']);
      expect((await readdir(path.join(cacheDir, 'memory'))).filter((name) => name.endsWith('.lock'))).toEqual([]);
      await disk.makeRoom();
      expect((await applyProposal(memoryBase, entryFor('a'), { cacheDir, fileSystem: disk.fileSystem })).applied).toBe(true);
      expect((await readAssetEntries(memoryBase)).map((entry) => entry.file)).toEqual(['generated/a.png']);
      expect((await readFile(target)).subarray(0, before.length).equals(before)).toBe(true);
    } finally {
      await disk.dispose();
    }
  });

  it('creates no ASSETS.md, no half-written .gitattributes and no temporary when the disk is full before the first entry', async () => {
    const disk = await createFullDisk({ 'notes.md': 'x' });
    const cacheDir = await createMemoryFolder();
    try {
      const memoryBase = path.join(disk.folder, '.forge');
      const failure = await applyProposal(memoryBase, entryFor('a'), { cacheDir, fileSystem: disk.fileSystem }).catch((error: unknown) => error);
      expect(failure, disk.kind).toMatchObject({ code: 'no_space' });
      expect(await entriesOf(disk.folder)).toEqual(['.forge', 'notes.md']);
    } finally {
      await disk.dispose();
    }
  });

  it('leaves no lock behind when the cache folder is on the full disk too, naming that folder', async () => {
    const disk = await createFullDisk({ '.forge/ASSETS.md': '# Assets\n', 'cache/.keep': '' });
    try {
      const memoryBase = path.join(disk.folder, '.forge');
      const cacheDir = path.join(disk.folder, 'cache');
      const failure = await applyProposal(memoryBase, entryFor('a'), { cacheDir, fileSystem: disk.fileSystem }).catch((error: unknown) => error);
      expect(failure, disk.kind).toMatchObject({
        code: 'no_space',
        message: `Could not write ${path.join(memoryBase, 'ASSETS.md')}: the disk holding ${path.join(cacheDir, 'memory')} is full (ENOSPC). Free some space and try again.`,
      });
      expect(await entriesOf(disk.folder)).toEqual(['.forge', '.forge/ASSETS.md', 'cache', 'cache/.keep', 'cache/memory']);
      expect(await readFile(path.join(memoryBase, 'ASSETS.md'), 'utf8')).toBe('# Assets\n');
    } finally {
      await disk.dispose();
    }
  });
});

describe('applyProposal: the details of a write', () => {
  async function base(existing?: string | Buffer): Promise<{ memoryBase: string; cacheDir: string; file: string }> {
    const memoryBase = await createMemoryFolder();
    const file = path.join(memoryBase, 'ASSETS.md');
    if (existing !== undefined) await writeFile(file, existing);
    return { memoryBase, cacheDir: await createMemoryFolder(), file };
  }

  it('reads the whole file only when it changed outside Forge', async () => {
    const { memoryBase, cacheDir, file } = await base();
    const build = vi.spyOn(AppliedKeyIndex, 'build');
    try {
      await applyProposal(memoryBase, entryFor('a'), { cacheDir });
      await applyProposal(memoryBase, entryFor('b'), { cacheDir });
      await applyProposal(memoryBase, entryFor('b'), { cacheDir });
      expect(build).toHaveBeenCalledTimes(1);
      await writeFile(file, `${await readFile(file, 'utf8')}\nA note typed by hand.\n`);
      expect((await applyProposal(memoryBase, entryFor('b'), { cacheDir })).applied).toBe(false);
      expect(build).toHaveBeenCalledTimes(2);
    } finally {
      build.mockRestore();
    }
  });

  it('takes the line ending from before the last 64 kB when the tail has none', async () => {
    const existing = `# Notes\r\n${'x'.repeat(70 * 1024)}`;
    const { memoryBase, cacheDir, file } = await base(existing);
    const proposal = entryFor('a');
    await applyProposal(memoryBase, proposal, { cacheDir });
    expect((await readFile(file, 'utf8')).slice(existing.length)).toBe(`\r\n\r\n${proposal.body.replace(/\n/g, '\r\n')}\r\n`);
  });

  it.each([
    ['a lone CR', 'notes\rmore\r', '\r'],
    ['two CRs', 'notes\r\r', ''],
    ['a BOM only', '\uFEFF', ''],
    ['a single LF', '\n', '\n'],
  ])('appends after %s with the file’s own line ending and one blank line', async (_name, existing, separator) => {
    const { memoryBase, cacheDir, file } = await base(existing);
    const proposal = entryFor('a');
    await applyProposal(memoryBase, proposal, { cacheDir });
    const ending = existing.includes('\r') ? '\r' : '\n';
    expect(await readFile(file, 'utf8')).toBe(`${existing}${separator}${proposal.body.replace(/\n/g, ending)}${ending}`);
  });

  it.each([
    ['a fence', 'notes\n```js\nconst a = 1;\n', '```\n\n'],
    ['a <pre> with no final newline', '<pre>\nascii art', '\n</pre>\n\n'],
    ['a fence after a BOM', '\uFEFF```js\ncode\n', '```\n\n'],
  ])('closes %s the file left open, byte for byte', async (_name, existing, closing) => {
    const { memoryBase, cacheDir, file } = await base(existing);
    const proposal = entryFor('a');
    await applyProposal(memoryBase, proposal, { cacheDir });
    expect(await readFile(file, 'utf8')).toBe(`${existing}${closing}${proposal.body}\n`);
  });

  it('appends an edit holding several entries unless every one is already there', async () => {
    const { memoryBase, cacheDir } = await base();
    await applyProposal(memoryBase, entryFor('a'), { cacheDir });
    const both = `${entryFor('c').body}\n\n${entryFor('a').body}`;
    expect((await applyProposal(memoryBase, entryFor('c'), { cacheDir, edit: both })).applied).toBe(true);
    expect((await applyProposal(memoryBase, entryFor('c'), { cacheDir, edit: both })).applied).toBe(false);
    expect((await readAssetEntries(memoryBase)).map((entry) => entry.file)).toEqual(['generated/a.png', 'generated/c.png', 'generated/a.png']);
  });

  it('writes every byte of a new file when the disk takes each write only in part', async () => {
    const { memoryBase, cacheDir, file } = await base();
    const tenAtATime: MemoryFileSystem = {
      ...fileSystemModule,
      open: (async (target: string, flags?: string | number, mode?: number) => {
        const handle = await fileSystemModule.open(target, flags, mode);
        if (!target.endsWith('.tmp')) return handle;
        const write = (buffer: Buffer, offset: number, length: number, position: number | null) => handle.write(buffer, offset, Math.min(10, length), position);
        return new Proxy(handle, { get: (object, property) => (property === 'write' ? write : (Reflect.get(object, property, object) as unknown)) });
      }) as MemoryFileSystem['open'],
    };
    const proposal = entryFor('a');
    await applyProposal(memoryBase, proposal, { cacheDir, fileSystem: tenAtATime });
    expect(await readFile(file, 'utf8')).toBe(`${assetsHeader}\n\n${proposal.body}\n`);
  });

  it('does not cut back a failed append when another program appended meanwhile', async () => {
    const { memoryBase, cacheDir, file } = await base('# Assets\n');
    const othersAppend: MemoryFileSystem = {
      ...fileSystemModule,
      open: (async (target: string, flags?: string | number, mode?: number) => {
        const handle = await fileSystemModule.open(target, flags, mode);
        if (target !== file || typeof flags !== 'number') return handle;
        let calls = 0;
        const write = async (buffer: Buffer, offset: number, length: number, position: number | null) => {
          calls += 1;
          if (calls > 1) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          const result = await handle.write(buffer, offset, 20, position);
          await fileSystemModule.appendFile(file, 'OTHER\n');
          return result;
        };
        return new Proxy(handle, { get: (object, property) => (property === 'write' ? write : (Reflect.get(object, property, object) as unknown)) });
      }) as MemoryFileSystem['open'],
    };
    await expect(applyProposal(memoryBase, entryFor('a'), { cacheDir, fileSystem: othersAppend })).rejects.toMatchObject({ code: 'no_space' });
    expect((await readFile(file, 'utf8')).endsWith('OTHER\n')).toBe(true);
  });

  it.each([
    ['no BOM, LF', 'old\n', '# Style', '# Style\n'],
    ['a BOM, and a body with its own', '\uFEFFold\n', '\uFEFF# Style', '\uFEFF# Style\n'],
    ['CRLF', 'old\r\ntext\r\n', '# Style\nWarm.', '# Style\r\nWarm.\r\n'],
    ['an empty body', 'old\n', '', ''],
  ])('overwrites a file with %s in its own encoding', async (_name, existing, body, expected) => {
    const { memoryBase, cacheDir } = await base();
    await writeFile(path.join(memoryBase, 'STYLE.md'), existing);
    expect((await applyProposal(memoryBase, { file: 'STYLE.md', operation: 'overwrite', body }, { cacheDir })).applied).toBe(true);
    expect(await readFile(path.join(memoryBase, 'STYLE.md'), 'utf8')).toBe(expected);
  });

  it('overwrites nothing when the file is replaced while Forge reads it', async () => {
    const { memoryBase, cacheDir } = await base();
    const style = path.join(memoryBase, 'STYLE.md');
    await writeFile(style, 'old\n');
    const replacing: MemoryFileSystem = {
      ...fileSystemModule,
      open: (async (target: string, flags?: string | number, mode?: number) => {
        const handle = await fileSystemModule.open(target, flags, mode);
        if (target === style && typeof flags === 'number') {
          await fileSystemModule.writeFile(`${style}.editor`, 'saved by an editor\n');
          await fileSystemModule.rename(`${style}.editor`, style);
        }
        return handle;
      }) as MemoryFileSystem['open'],
    };
    const failure = await applyProposal(memoryBase, { file: 'STYLE.md', operation: 'overwrite', body: '# Style' }, { cacheDir, fileSystem: replacing }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'io' });
    expect((failure as Error).message).toContain('replaced');
    expect(await readFile(style, 'utf8')).toBe('saved by an editor\n');
  });

  it.each([
    [{ file: 1, operation: 'append', body: 'x' }, 'The memory proposal has no file.'],
    [{ file: 'ASSETS.md', operation: 'delete', body: 'x' }, 'The memory proposal has operation "delete"; use append or overwrite.'],
    [{ file: 'ASSETS.md', operation: 'append' }, 'The memory proposal has no body.'],
    [{ file: 'ASSETS.md', operation: 'append', body: ' \n\t' }, 'The memory proposal has nothing to append.'],
  ])('refuses a malformed proposal %j, saying what is wrong', async (proposal, message) => {
    const { memoryBase, cacheDir } = await base();
    await expect(applyProposal(memoryBase, proposal as unknown as MemoryProposal, { cacheDir })).rejects.toMatchObject({ code: 'invalid_proposal', message });
    expect(await readdir(memoryBase)).toEqual([]);
  });

  it('gives up on a held lock after 5 s by default', { timeout: 60_000 }, async () => {
    const { memoryBase, cacheDir } = await base();
    const { lockPath } = memoryBookkeeping(path.join(realpathSync(memoryBase), 'ASSETS.md'), cacheDir);
    await mkdir(path.dirname(lockPath), { recursive: true });
    const { hostname } = await import('node:os');
    await writeFile(lockPath, JSON.stringify({ token: 'other', pid: process.pid, host: hostname() }));
    const failure = await applyProposal(memoryBase, entryFor('a'), { cacheDir, staleLockMs: 600_000 }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'locked' });
    expect((failure as MemoryWriteError).waitedMs).toBeGreaterThanOrEqual(5000);
  });
});
