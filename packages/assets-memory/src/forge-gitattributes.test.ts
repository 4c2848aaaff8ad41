import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { applyProposal } from './apply-proposal.ts';
import { proposeAssetEntry, type ProposedAssetParent } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

const expectedAttributes = [
  '# Written by Forge when it created this folder; yours to edit, Forge never rewrites it.',
  '# Two branches that each approved an image merge ASSETS.md without a conflict (both entries kept).',
  'ASSETS.md merge=union',
  '# Generated assets are binary: no text diff, no line-by-line merge, no line-ending conversion.',
  'generated/** binary',
  '',
].join('\n');

const sameLineage: ProposedAssetParent[] = [
  { relativePath: '.forge/generated/first.png', sha256: 'a'.repeat(64), role: 'parent' },
  { relativePath: '.forge/generated/references/sketch.png', sha256: 'b'.repeat(64), role: 'reference' },
];

let second = 0;
function entryFor(name: string, prompt: string, revisedPrompt?: string, derivedFrom?: ProposedAssetParent[]) {
  second += 1;
  return proposeAssetEntry(
    { relativePath: `.forge/generated/${name}.png`, createdAt: new Date(Date.UTC(2026, 10, 23, 19, 51, second)), model: 'gpt-image-2', width: 1024, height: 1024, mediaType: 'image/png', derivedFrom },
    { prompt, ...(revisedPrompt === undefined ? {} : { revisedPrompt }) },
  );
}

/** Real git in `projectDir`, with no user or system configuration of this machine. */
function gitIn(projectDir: string): (...args: string[]) => string {
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ada',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_COMMITTER_NAME: 'Ada',
    GIT_COMMITTER_EMAIL: 'ada@example.com',
  };
  return (...args) => execFileSync('git', ['-C', projectDir, ...args], { encoding: 'utf8', env, timeout: 30_000 });
}

describe('.forge/.gitattributes and git', () => {
  it('is written when an approval creates .forge, never rewritten, and the project’s own git files stay as they are', async () => {
    const projectDir = await createMemoryFolder();
    const cacheDir = await createMemoryFolder();
    const forge = path.join(projectDir, '.forge');
    await writeFile(path.join(projectDir, '.gitattributes'), '* text=auto\n');
    await writeFile(path.join(projectDir, '.gitignore'), 'dist\n');
    await applyProposal(forge, entryFor('a', 'a red airship'), { cacheDir });
    expect(await readFile(path.join(forge, '.gitattributes'), 'utf8')).toBe(expectedAttributes);
    await writeFile(path.join(forge, '.gitattributes'), '# mine\n');
    await applyProposal(forge, entryFor('b', 'a blue castle'), { cacheDir });
    expect(await readFile(path.join(forge, '.gitattributes'), 'utf8')).toBe('# mine\n');
    expect(await readFile(path.join(projectDir, '.gitattributes'), 'utf8')).toBe('* text=auto\n');
    expect(await readFile(path.join(projectDir, '.gitignore'), 'utf8')).toBe('dist\n');
    // A memory folder that is no project's `.forge` (Open mode's scratchpad) gets none.
    const scratchpad = path.join(await createMemoryFolder(), 'scratchpad');
    await applyProposal(scratchpad, entryFor('c', 'a green dragon'), { cacheDir });
    expect(await readdir(scratchpad)).toEqual(['ASSETS.md']);
  });

  it.each([
    ['different prompts', ['a red airship over the harbour', undefined], ['a blue castle at dusk', 'A blue castle at dusk, oil on canvas']],
    ['the same prompt', ['a cat on a windowsill', undefined], ['a cat on a windowsill', undefined]],
    // Both branches refined the same image with the same reference: the lineage bullets are common to both.
    ['the same prompt refining the same image', ['make it bluer', undefined, sameLineage], ['make it bluer', undefined, sameLineage]],
  ] as const)(
    'merges two branches that each approved an entry (%s): both entries, each once, whole',
    { timeout: 120_000 },
    async (_case, [mainPrompt, mainRevised, mainLineage], [branchPrompt, branchRevised, branchLineage]) => {
      const projectDir = await createMemoryFolder();
      const cacheDir = await createMemoryFolder();
      const forge = path.join(projectDir, '.forge');
      const git = gitIn(projectDir);
      git('init', '-q', '-b', 'main');
      await applyProposal(forge, entryFor('first', 'the first image'), { cacheDir });
      await mkdir(path.join(forge, 'generated'));
      await writeFile(path.join(forge, 'generated', 'first.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 13, 10]));
      git('add', '.forge');
      git('commit', '-q', '-m', 'first image');
      // Everything Forge keeps for itself stays out of the project: git sees only what the user reads.
      expect(git('ls-files').trim().split('\n')).toEqual(['.forge/.gitattributes', '.forge/ASSETS.md', '.forge/generated/first.png']);

      git('checkout', '-q', '-b', 'studio');
      await applyProposal(forge, entryFor('from-studio', branchPrompt, branchRevised, branchLineage), { cacheDir });
      git('commit', '-q', '-am', 'approved on the branch');
      git('checkout', '-q', 'main');
      await applyProposal(forge, entryFor('from-main', mainPrompt, mainRevised, mainLineage), { cacheDir });
      git('commit', '-q', '-am', 'approved on main');
      git('merge', '-q', '--no-edit', 'studio');

      expect(git('status', '--porcelain')).toBe('');
      const entries = await readAssetEntries(forge);
      expect(entries.map(({ file, prompt, revisedPrompt, derivedFrom }) => ({ file, prompt, revisedPrompt, parents: derivedFrom?.length ?? 0 }))).toEqual([
        { file: 'generated/first.png', prompt: 'the first image', revisedPrompt: undefined, parents: 0 },
        { file: 'generated/from-main.png', prompt: mainPrompt, revisedPrompt: mainRevised, parents: mainLineage?.length ?? 0 },
        { file: 'generated/from-studio.png', prompt: branchPrompt, revisedPrompt: branchRevised, parents: branchLineage?.length ?? 0 },
      ]);
      // The merged file still takes the next approval, once.
      expect((await applyProposal(forge, entryFor('from-studio', branchPrompt), { cacheDir })).applied).toBe(false);
      expect((await applyProposal(forge, entryFor('after-merge', 'after the merge'), { cacheDir })).applied).toBe(true);
      expect((await readAssetEntries(forge)).map((entry) => entry.file)).toEqual(['generated/first.png', 'generated/from-main.png', 'generated/from-studio.png', 'generated/after-merge.png']);
    },
  );
});
