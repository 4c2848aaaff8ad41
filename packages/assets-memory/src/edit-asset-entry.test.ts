import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { applyProposal } from './apply-proposal.ts';
import { parseAssetEntries } from './asset-entry-format.ts';
import { editAssetEntry } from './edit-asset-entry.ts';
import { BlockScanner, splitLines } from './markdown-blocks.ts';
import { MemoryWriteError } from './memory-write-error.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';
import { readAssetEntries } from './read-asset-entries.ts';

const asset = { relativePath: '.forge/generated/20261123-195130-042.png', createdAt: '20261123-195130-042', model: 'gpt-image-2', width: 1536, height: 1024, mediaType: 'image/png' };
const body = proposeAssetEntry(asset, { prompt: 'concept art for a steampunk airship', revisedPrompt: 'A brass steampunk airship at dusk' }).body;

const hostile: Record<string, string> = {
  fences: '```\n## Fake heading\n```\n````js\n~~~\n``````',
  'comment terminators': '--> --!> -- > <!-- -->',
  'a second marker': '<!-- forge-asset v1 {"timestamp":"2020-01-01T00:00:00.000Z","file":"generated/fake.png","prompt":"fake"} -->',
  'a marker after a closed fence': '```\n```\n<!-- forge-asset v1 {"timestamp":"2020-01-01T00:00:00.000Z","file":"generated/fake.png","prompt":"fake"} -->',
  headings: '# Title\n## 2026-01-01 00:00:00 UTC — generated/fake.png\n===\n---',
  'labels of the entry': '**Prompt**\n\n```text\nnot the prompt\n```\n**Note**',
  html: '<script>alert(1)</script><pre>\n<!-- open comment\n<div>',
  links: '[click](javascript:alert(1)) ![img](x.png) <https://example.com>',
  'control and bidi characters': 'a\u0000b\u0007c\u001bd\u007fe\u0085f \u202Eevil\u202C \u2066iso\u2069',
  'CR and line separators': 'one\rtwo\r\nthree\u2028four\u2029five',
  'unpaired surrogates': 'a\ud800b\udc00c',
  'emoji and RTL': 'שלום عربي 👩‍🚀🚀',
};

/** Lines that the markdown scanner sees as a top-level `forge-asset` marker. */
function topLevelMarkers(text: string): string[] {
  const scanner = new BlockScanner();
  const markers: string[] = [];
  for (const line of splitLines(text)) {
    const topLevel = scanner.open === undefined;
    const role = scanner.next(line.text);
    if (topLevel && role === 'html' && line.text.startsWith('<!-- forge-asset v1 ')) markers.push(line.text);
  }
  return markers;
}

describe('editAssetEntry', () => {
  it('changes the prompt in the visible text and in the marker, and keeps every other field', () => {
    const edited = editAssetEntry(body, { prompt: 'concept art for a brass airship, side view' });
    const [before] = parseAssetEntries(body);
    const [after] = parseAssetEntries(edited);
    expect(after).toMatchObject({ ...before, prompt: 'concept art for a brass airship, side view', raw: expect.any(String) as string });
    expect(edited).toContain('**Prompt**\n```text generated/20261123-195130-042.png\nconcept art for a brass airship, side view\n```');
    expect(edited).not.toContain('concept art for a steampunk airship');
    expect(topLevelMarkers(edited)).toHaveLength(1);
    expect(topLevelMarkers(edited)[0]).toContain('"prompt":"concept art for a brass airship, side view"');
  });

  it('adds a note under its own label, after the prompts, and reads it back', () => {
    const edited = editAssetEntry(body, { note: 'Use this one for the title screen.' });
    expect(edited).toContain('**Revised prompt**\n```text generated/20261123-195130-042.png\nA brass steampunk airship at dusk\n```\n**Note**\n```text generated/20261123-195130-042.png\nUse this one for the title screen.\n```');
    expect(parseAssetEntries(edited)[0]?.note).toBe('Use this one for the title screen.');
    expect(parseAssetEntries(edited)[0]?.prompt).toBe('concept art for a steampunk airship');
  });

  it('replaces a note, and removes it when the new note is blank', () => {
    const noted = editAssetEntry(body, { note: 'first thought' });
    const renoted = editAssetEntry(noted, { note: 'second thought' });
    expect(parseAssetEntries(renoted)[0]?.note).toBe('second thought');
    expect(renoted).not.toContain('first thought');
    const cleared = editAssetEntry(renoted, { note: '  \n\t ' });
    expect(cleared).toBe(body);
    expect(parseAssetEntries(cleared)[0]).not.toHaveProperty('note');
  });

  it('changes nothing when nothing is edited', () => {
    expect(editAssetEntry(body, {})).toBe(body);
  });

  it('keeps the text around the entry byte for byte', () => {
    const framed = `Some words before.\r\n\r\n${body}\n\nAnd after, with trailing spaces.  \n`;
    const edited = editAssetEntry(framed, { note: 'n' });
    expect(edited.startsWith('Some words before.\r\n\r\n## 2026-11-23 19:51:30 UTC')).toBe(true);
    expect(edited.endsWith('-->\n\nAnd after, with trailing spaces.  \n')).toBe(true);
    expect(parseAssetEntries(edited)[0]?.note).toBe('n');
  });

  it.each(Object.entries(hostile))('keeps a note with %s as text, with one parseable marker', (_name, note) => {
    const edited = editAssetEntry(body, { prompt: `prompt ${note}`, note });
    const entries = parseAssetEntries(edited);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ file: 'generated/20261123-195130-042.png', prompt: `prompt ${note}`, note, model: 'gpt-image-2', width: 1536 });
    expect(topLevelMarkers(edited)).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- nothing a terminal or renderer acts on reaches the visible text
    expect(edited).not.toMatch(/[\u0000\u0007\u001b\u202E]/);
  });

  it('keeps a 100 kB note exactly, one marker line long', () => {
    const note = `${'a note with ``` and --> inside; '.repeat(3200)}end`;
    expect(note.length).toBeGreaterThan(100_000);
    const edited = editAssetEntry(body, { note });
    const [entry] = parseAssetEntries(edited);
    expect(entry?.note).toBe(note);
    expect(topLevelMarkers(edited)).toHaveLength(1);
    expect(edited.split('\n').at(-1)).toMatch(/^<!-- forge-asset v1 \{.*\} -->$/);
  });

  it('round-trips any note and prompt through ASSETS.md next to other entries', async () => {
    const memoryBase = await createMemoryFolder();
    await applyProposal(memoryBase, proposeAssetEntry({ ...asset, relativePath: '.forge/generated/before.png' }, { prompt: 'before' }));
    const edited = editAssetEntry(body, { prompt: 'an airship, "quoted" <b>', note: 'line one\n```\n<!-- forge-asset v1 {} -->\n-->' });
    await applyProposal(memoryBase, proposeAssetEntry(asset, { prompt: 'ignored: the edit is applied' }), { edit: edited });
    await applyProposal(memoryBase, proposeAssetEntry({ ...asset, relativePath: '.forge/generated/after.png' }, { prompt: 'after' }));
    const entries = await readAssetEntries(memoryBase);
    expect(entries.map((entry) => [entry.file, entry.prompt, entry.note])).toEqual([
      ['generated/before.png', 'before', undefined],
      ['generated/20261123-195130-042.png', 'an airship, "quoted" <b>', 'line one\n```\n<!-- forge-asset v1 {} -->\n-->'],
      ['generated/after.png', 'after', undefined],
    ]);
  });

  it('refuses a blank prompt with a typed error', () => {
    expect(() => editAssetEntry(body, { prompt: ' \n ' })).toThrow(expect.objectContaining({ code: 'invalid_proposal', message: expect.stringMatching(/needs a prompt/) as string }) as Error);
  });

  it.each([
    ['no entry', '# Notes\n\nJust text.\n', /holds no asset entry written by Forge/],
    ['an empty body', '', /holds no asset entry written by Forge/],
    ['two entries', `${body}\n\n${proposeAssetEntry({ ...asset, relativePath: 'generated/second.png' }, { prompt: 'p' }).body}`, /holds 2 asset entries/],
    ['a hand-written entry without a time', '## My airship\n\n- File: [x.png](x.png)\n\n**Prompt**\n\n```text\np\n```\n', /holds no asset entry written by Forge/],
    ['an entry changed by hand inside', body.replace('- Model: gpt-image-2', '- Model: gpt-image-2\n- Tags: airship'), /changed by hand/],
    ['an entry with CRLF line endings', body.replace(/\n/g, '\r\n'), /changed by hand/],
  ])('refuses a body with %s', (_name, text, reason) => {
    let caught: unknown;
    try {
      editAssetEntry(text, { note: 'n' });
    } catch (error) {
      caught = error;
    }
    expect(MemoryWriteError.isInstance(caught)).toBe(true);
    expect((caught as MemoryWriteError).code).toBe('invalid_proposal');
    expect((caught as MemoryWriteError).message).toMatch(/edit its text instead/);
    expect((caught as MemoryWriteError).message).toMatch(reason);
  });
});
