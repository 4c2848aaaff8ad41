import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { propertyRuns } from './__fixtures__/property-runs.ts';
import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { applyProposal } from './apply-proposal.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

const hostile: Record<string, string> = {
  fences: '```\n## Fake heading\n```\n````js\n~~~\n``````',
  headings: '# Title\n## 2026-01-01 00:00:00 UTC — generated/fake.png\n===\n---',
  html: '<script>alert(1)</script><pre>\n<!-- open comment\n<div>',
  'comment close': '--> --!> <!-- forge-asset v1 {"timestamp":"x","file":"generated/fake.png","prompt":"fake"} -->',
  links: '[click](javascript:alert(1)) ![img](x.png) <https://example.com> [ref]: /x',
  'control characters': 'a\u0000b\u0007c\u001bd\u007fe\u0085f\u000bg\u000ch\tj',
  'RTL and emoji': 'שלום \u202Eevil\u202C عربي 👩‍🚀🚀 \u2066iso\u2069',
  CR: 'line one\rline two\r\nline three\n\rline four\r',
  'unpaired surrogates': 'a\ud800b\udc00c',
  'line separators': 'a\u2028b\u2029c',
  BOM: '\ufeffstarts with a BOM',
  'only whitespace': '   \n\t\n   ',
  empty: '',
  '100 kB': 'x`y'.repeat(34_000),
};

async function approve(memoryBase: string, name: string, prompt: string, revisedPrompt?: string, model?: string): Promise<void> {
  const proposal = proposeAssetEntry(
    { relativePath: `.forge/generated/${name}.png`, createdAt: new Date(Date.UTC(2026, 10, 23, 19, 51, 30)), ...(model === undefined ? {} : { model }) },
    { prompt, ...(revisedPrompt === undefined ? {} : { revisedPrompt }) },
  );
  await applyProposal(memoryBase, proposal);
}

describe('readAssetEntries', () => {
  it('returns nothing when ASSETS.md does not exist yet', async () => {
    expect(await readAssetEntries(await createMemoryFolder())).toEqual([]);
  });

  it('returns the entries in order with their fields, skipping hand-written notes', async () => {
    const memoryBase = await createMemoryFolder();
    await approve(memoryBase, 'one', 'first prompt', 'first revised', 'gpt-image-2');
    await writeFile(path.join(memoryBase, 'ASSETS.md'), '\n## My notes\n\nKeep the palette warm.\n', { flag: 'a' });
    await approve(memoryBase, 'two', 'second prompt');
    const entries = await readAssetEntries(memoryBase);
    expect(entries.map(({ file, prompt, revisedPrompt, model, timestamp }) => ({ file, prompt, revisedPrompt, model, timestamp }))).toEqual([
      { file: 'generated/one.png', prompt: 'first prompt', revisedPrompt: 'first revised', model: 'gpt-image-2', timestamp: '2026-11-23T19:51:30.000Z' },
      { file: 'generated/two.png', prompt: 'second prompt', revisedPrompt: undefined, model: undefined, timestamp: '2026-11-23T19:51:30.000Z' },
    ]);
    expect(entries[0]?.heading).toBe('2026-11-23 19:51:30 UTC — generated/one.png');
    expect(entries[0]?.raw).not.toContain('My notes');
  });

  it.each(Object.entries(hostile))('keeps a prompt with %s inside its own entry and reads it back exactly', async (_name, text) => {
    const memoryBase = await createMemoryFolder();
    await approve(memoryBase, 'before', 'calm prompt');
    await approve(memoryBase, 'hostile', text, `${text} (revised)`, `model ${text.slice(0, 300)}`);
    await approve(memoryBase, 'after', 'next prompt', 'next revised', 'gpt-image-2');
    const entries = await readAssetEntries(memoryBase);
    expect(entries.map((entry) => entry.file)).toEqual(['generated/before.png', 'generated/hostile.png', 'generated/after.png']);
    expect(entries[1]?.prompt).toBe(text);
    expect(entries[1]?.revisedPrompt).toBe(`${text} (revised)`);
    expect(entries[1]?.model).toBe(`model ${text.slice(0, 300)}`);
    expect(entries[2]).toMatchObject({ prompt: 'next prompt', revisedPrompt: 'next revised', model: 'gpt-image-2' });
  });

  it('shows a person hostile text neutralised: no raw control or bidi characters, no live HTML', async () => {
    const memoryBase = await createMemoryFolder();
    await approve(memoryBase, 'x', 'a\u0000b', undefined, '<img src=x onerror=alert(1)>\u202E');
    const [entry] = await readAssetEntries(memoryBase);
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(entry?.raw).not.toMatch(/[\u0000\u202E]/);
    expect(entry?.raw).toContain('- Model: \\<img src=x onerror=alert(1)\\>');
  });

  it('reads back the visible text once a person has edited it in the file', async () => {
    const memoryBase = await createMemoryFolder();
    await approve(memoryBase, 'x', 'a red airship', undefined, 'gpt-image-2');
    const file = path.join(memoryBase, 'ASSETS.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('\na red airship\n```', '\na blue airship\n```').replace('- Model: gpt-image-2', '- Model: gpt\\-image\\-1'));
    const [entry] = await readAssetEntries(memoryBase);
    expect(entry).toMatchObject({ prompt: 'a blue airship', model: 'gpt-image-1', file: 'generated/x.png' });
  });

  it('returns any prompt, revised prompt and model exactly as approved (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.option(fc.string({ unit: 'grapheme', maxLength: 100 }), { nil: undefined }),
        fc.option(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 40 }), { nil: undefined }),
        async (prompt, revisedPrompt, model) => {
          const memoryBase = await createMemoryFolder();
          await approve(memoryBase, 'before', 'calm');
          await approve(memoryBase, 'asset', prompt, revisedPrompt, model);
          await approve(memoryBase, 'after', 'next');
          const entries = await readAssetEntries(memoryBase);
          expect(entries.map((entry) => entry.file)).toEqual(['generated/before.png', 'generated/asset.png', 'generated/after.png']);
          expect(entries[1]?.prompt).toBe(prompt);
          expect(entries[1]?.revisedPrompt).toBe(revisedPrompt === '' || revisedPrompt === prompt ? undefined : revisedPrompt);
          expect(entries[1]?.model).toBe(model === '' ? undefined : model);
          await rm(memoryBase, { recursive: true });
        },
      ),
      { numRuns: propertyRuns(1_000) },
    );
  }, 120_000);
});
