import { describe, expect, it } from 'vitest';

import { parseAssetEntries } from './asset-entry-format.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';

const asset = { relativePath: '.forge/generated/20261123-195130-042.png', createdAt: '20261123-195130-042', model: 'gpt-image-2', width: 1024, height: 1536, mediaType: 'image/png' };

describe('proposeAssetEntry', () => {
  it('proposes an append to ASSETS.md that a person can read', () => {
    const proposal = proposeAssetEntry(asset, { prompt: 'concept art for a steampunk airship', revisedPrompt: 'A brass steampunk airship at dusk' });
    expect(proposal.file).toBe('ASSETS.md');
    expect(proposal.operation).toBe('append');
    const lines = proposal.body.split('\n');
    expect(lines[0]).toBe('## 2026-11-23 19:51:30 UTC — generated/20261123-195130-042.png');
    // The file link closes the bullets, and each prompt fence names the file: see the union-merge test.
    expect(lines.slice(1, 5)).toEqual([
      '',
      '- Model: gpt-image-2',
      '- Size: 1024 × 1536 (image/png)',
      '- File: [generated/20261123-195130-042.png](generated/20261123-195130-042.png)',
    ]);
    expect(proposal.body).toContain('**Prompt**\n```text generated/20261123-195130-042.png\nconcept art for a steampunk airship\n```');
    expect(proposal.body).toContain('**Revised prompt**\n```text generated/20261123-195130-042.png\nA brass steampunk airship at dusk\n```');
  });

  it.each([
    ['.forge/generated/x.png'],
    ['generated/x.png'],
    ['./generated/x.png'],
    ['.forge\\generated\\x.png'],
    ['.forge/scratchpad/generated/x.png'],
  ])('links %j relative to ASSETS.md', (relativePath) => {
    const [entry] = parseAssetEntries(proposeAssetEntry({ ...asset, relativePath }, { prompt: 'p' }).body);
    expect(entry?.file).toBe('generated/x.png');
    expect(entry?.raw).toContain('](generated/x.png)');
  });

  it('keeps asset-studio subfolders in the link', () => {
    const [entry] = parseAssetEntries(proposeAssetEntry({ ...asset, relativePath: '.forge/generated/sprites/walk (1).png' }, { prompt: 'p' }).body);
    expect(entry?.file).toBe('generated/sprites/walk (1).png');
    expect(entry?.raw).toContain('](generated/sprites/walk%20%281%29.png)');
  });

  it('leaves out the revised prompt when it says the same thing', () => {
    const proposal = proposeAssetEntry(asset, { prompt: 'same', revisedPrompt: 'same' });
    expect(proposal.body).not.toContain('Revised prompt');
    expect(parseAssetEntries(proposal.body)[0]?.revisedPrompt).toBeUndefined();
  });

  it('accepts a Date, an ISO string or a Forge file timestamp', () => {
    const iso = (createdAt: Date | string): string | undefined => parseAssetEntries(proposeAssetEntry({ ...asset, createdAt }, { prompt: 'p' }).body)[0]?.timestamp;
    expect(iso(new Date(Date.UTC(2026, 10, 23, 19, 51, 30, 42)))).toBe('2026-11-23T19:51:30.042Z');
    expect(iso('2026-11-23T19:51:30.042Z')).toBe('2026-11-23T19:51:30.042Z');
    expect(iso('20261123-195130-042')).toBe('2026-11-23T19:51:30.042Z');
  });

  it('rejects an unreadable date and an asset path outside the project', () => {
    expect(() => proposeAssetEntry({ ...asset, createdAt: 'yesterday' }, { prompt: 'p' })).toThrow(expect.objectContaining({ code: 'invalid_proposal' }));
    expect(() => proposeAssetEntry({ ...asset, relativePath: '/home/me/x.png' }, { prompt: 'p' })).toThrow(expect.objectContaining({ code: 'path_traversal' }));
    expect(() => proposeAssetEntry({ ...asset, relativePath: '../x.png' }, { prompt: 'p' })).toThrow(expect.objectContaining({ code: 'path_traversal' }));
  });

  it('lays an entry out line by line as documented', () => {
    const proposal = proposeAssetEntry(asset, { prompt: 'concept art', revisedPrompt: 'A brass airship' });
    const marker = proposal.body.split('\n').at(-1) ?? '';
    expect(marker.startsWith('<!-- forge-asset v1 {')).toBe(true);
    expect(proposal.body).toBe(
      [
        '## 2026-11-23 19:51:30 UTC — generated/20261123-195130-042.png',
        '',
        '- Model: gpt-image-2',
        '- Size: 1024 × 1536 (image/png)',
        '- File: [generated/20261123-195130-042.png](generated/20261123-195130-042.png)',
        '',
        '**Prompt**',
        '```text generated/20261123-195130-042.png',
        'concept art',
        '```',
        '**Revised prompt**',
        '```text generated/20261123-195130-042.png',
        'A brass airship',
        '```',
        '',
        marker,
      ].join('\n'),
    );
  });

  it('leaves out what it does not know, and names an odd file in its fences with safe characters only', () => {
    const lines = proposeAssetEntry({ relativePath: '.forge/generated/sprites/walk (1)`é.png', createdAt: '20261123-195130-042', width: 64 }, { prompt: '' }).body.split('\n');
    expect(lines.filter((line) => line.startsWith('- '))).toEqual(['- File: [generated/sprites/walk (1)\\`é.png](generated/sprites/walk%20%281%29%60%C3%A9.png)']);
    expect(lines.slice(lines.indexOf('**Prompt**'), lines.indexOf('**Prompt**') + 3)).toEqual(['**Prompt**', '```text generated/sprites/walk--1---.png', '```']);
    const { mediaType: _mediaType, ...withoutType } = asset;
    const noType = proposeAssetEntry(withoutType, { prompt: 'p' }).body.split('\n');
    expect(noType).toContain('- Size: 1024 × 1536');
  });
});
