import { mkdir, readFile, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { createReadOnlyFolder, readOnlyFileSystem } from './__fixtures__/read-only-folder.ts';
import { applyProposal, assetsHeader } from './apply-proposal.ts';
import type { MemoryFileSystem } from './memory-file-system.ts';
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
    const edit = `${proposal.body.replace('```text\na red airship\n```', '```text\na red airship over the harbour\n```')}\n\nMy own remark.`;
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
      { numRuns: 1000 },
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
  const lockPath = (memoryBase: string): string => path.join(memoryBase, '.ASSETS.md.lock');

  it('fails with locked, saying how long it waited, while another live process holds the lock', async () => {
    const memoryBase = await createMemoryFolder();
    await mkdir(memoryBase, { recursive: true });
    const { hostname } = await import('node:os');
    await writeFile(lockPath(memoryBase), JSON.stringify({ token: 'other-writer', pid: process.pid, host: hostname() }));
    const attempt = applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 300 });
    await expect(attempt).rejects.toSatisfy((error: unknown) => MemoryWriteError.isInstance(error) && error.code === 'locked' && (error.waitedMs ?? 0) >= 300);
    await expect(readFile(path.join(memoryBase, 'ASSETS.md'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('recovers a lock left by a process that died', async () => {
    const memoryBase = await createMemoryFolder();
    const { hostname } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    await writeFile(lockPath(memoryBase), JSON.stringify({ token: 'crashed', pid: Number(dead.stdout), host: hostname() }));
    const started = performance.now();
    expect((await applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 2000 })).applied).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(readFile(lockPath(memoryBase))).rejects.toMatchObject({ code: 'ENOENT' });
  }, processTimeoutMs);

  it('recovers a lock older than the stale limit even when its holder looks alive', async () => {
    const memoryBase = await createMemoryFolder();
    const { hostname } = await import('node:os');
    await writeFile(lockPath(memoryBase), JSON.stringify({ token: 'hung', pid: process.pid, host: hostname() }));
    const old = new Date(Date.now() - 60_000);
    await utimes(lockPath(memoryBase), old, old);
    expect((await applyProposal(memoryBase, entryFor('a'), { lockTimeoutMs: 2000 })).applied).toBe(true);
  });
});

describe('applyProposal: concurrent writers in several processes', () => {
  const worker = path.join(import.meta.dirname, '__fixtures__', 'approve-worker.ts');

  async function runWorkers(memoryBase: string, mode: 'own' | 'shared'): Promise<{ worker: string; applied: number }[]> {
    const { execFile } = await import('node:child_process');
    const startAt = String(Date.now() + 500);
    const run = (name: string) =>
      new Promise<{ worker: string; applied: number }>((resolve, reject) => {
        execFile(process.execPath, [worker, memoryBase, name, '25', startAt, mode], { timeout: 60_000 }, (error, stdout, stderr) => {
          if (error) reject(new Error(`${name} failed: ${stderr}`, { cause: error }));
          else resolve(JSON.parse(stdout) as { worker: string; applied: number });
        });
      });
    return Promise.all([run('first'), run('second')]);
  }

  it('keeps all 50 approvals from 2 processes at once, each entry whole', async () => {
    const memoryBase = await createMemoryFolder();
    const results = await runWorkers(memoryBase, 'own');
    expect(results.map((result) => result.applied)).toEqual([25, 25]);
    const entries = await readAssetEntries(memoryBase);
    expect(entries).toHaveLength(50);
    expect(new Set(entries.map((entry) => entry.file)).size).toBe(50);
    for (const entry of entries) expect(entry.prompt).toBe(`prompt ${path.basename(entry.file, '.png')}\n\`\`\`\n## not a heading\n`);
    const text = await assetsFile(memoryBase);
    expect(text.match(/^## 2026-/gm)).toHaveLength(50);
    expect(text).not.toMatch(/\n{3}/);
    expect((await readdir(memoryBase)).sort()).toEqual(['.ASSETS.md.index', 'ASSETS.md']);
  }, 60_000);

  it('appends each asset once when 2 processes approve the same 25 assets at once', async () => {
    const memoryBase = await createMemoryFolder();
    const results = await runWorkers(memoryBase, 'shared');
    expect(results.reduce((sum, result) => sum + result.applied, 0)).toBe(25);
    expect(await readAssetEntries(memoryBase)).toHaveLength(25);
  }, 60_000);
});
