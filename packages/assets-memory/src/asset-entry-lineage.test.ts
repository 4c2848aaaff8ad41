import { describe, expect, it } from 'vitest';

import { parseAssetEntries } from './asset-entry-format.ts';
import { readLineage } from './asset-entry-lineage.ts';
import { editAssetEntry } from './edit-asset-entry.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';

const parentHash = '0123456789abcdef'.repeat(4);
const referenceHash = 'f'.repeat(64);
const child = {
  relativePath: '.forge/generated/20261123-195230-001.png',
  createdAt: '20261123-195230-001',
  model: 'gpt-image-2',
  width: 1024,
  height: 1024,
  mediaType: 'image/png',
  derivedFrom: [
    { relativePath: '.forge/generated/references/20261123-195100-000.png', sha256: referenceHash, role: 'reference' as const },
    { relativePath: '.forge/generated/20261123-195130-042.png', sha256: parentHash.toUpperCase(), role: 'parent' as const },
  ],
};

describe('the entry of a refined image', () => {
  it('names its parent and its references, parent first, as links relative to ASSETS.md', () => {
    const { body } = proposeAssetEntry(child, { prompt: 'make it bluer' });
    const lines = body.split('\n');
    const file = lines.findIndex((line) => line.startsWith('- File:'));
    expect(lines[file + 1]).toBe(
      '- Refined from: [generated/20261123-195130-042.png](generated/20261123-195130-042.png) (sha256 0123456789ab…)' +
        ' · Reference: [generated/references/20261123-195100-000.png](generated/references/20261123-195100-000.png) (sha256 ffffffffffff…)',
    );
  });

  it('keeps the exact lineage in the marker, read back by parseAssetEntries', () => {
    const [entry] = parseAssetEntries(proposeAssetEntry(child, { prompt: 'make it bluer' }).body);
    expect(entry?.derivedFrom).toEqual([
      { file: 'generated/references/20261123-195100-000.png', sha256: referenceHash, role: 'reference' },
      { file: 'generated/20261123-195130-042.png', sha256: parentHash, role: 'parent' },
    ]);
  });

  it('survives an Edit of the prompt and note unchanged', () => {
    const { body } = proposeAssetEntry(child, { prompt: 'make it bluer' });
    const edited = editAssetEntry(body, { prompt: 'bluer, please', note: 'the keeper' });
    expect(edited).toContain('- Refined from: [generated/20261123-195130-042.png]');
    expect(parseAssetEntries(edited)[0]?.derivedFrom).toEqual(parseAssetEntries(body)[0]?.derivedFrom);
    expect(parseAssetEntries(edited)[0]?.prompt).toBe('bluer, please');
  });

  it('has no lineage lines for an image made from words alone', () => {
    const { body } = proposeAssetEntry({ ...child, derivedFrom: [] }, { prompt: 'an airship' });
    expect(body).not.toMatch(/Refined from|Reference:/);
    expect(parseAssetEntries(body)[0]).not.toHaveProperty('derivedFrom');
  });

  it('escapes a parent path that could break the markdown', () => {
    const { body } = proposeAssetEntry(
      { ...child, derivedFrom: [{ relativePath: '.forge/generated/a](javascript:x) *b*.png', sha256: parentHash, role: 'parent' }] },
      { prompt: 'p' },
    );
    expect(body).toContain('- Refined from: [generated/a\\](javascript:x) \\*b\\*.png](generated/a%5D%28javascript:x%29%20*b*.png) (sha256 0123456789ab…)');
    expect(parseAssetEntries(body)[0]?.derivedFrom?.[0]?.file).toBe('generated/a](javascript:x) *b*.png');
  });

  it('refuses a parent outside the project, a bad hash or role', () => {
    const with_ = (parent: Record<string, unknown>) => () => proposeAssetEntry({ ...child, derivedFrom: [parent as never] }, { prompt: 'p' });
    expect(with_({ relativePath: '../x.png', sha256: parentHash, role: 'parent' })).toThrow(expect.objectContaining({ code: 'path_traversal' }));
    expect(with_({ relativePath: 'generated/x.png', sha256: 'abc', role: 'parent' })).toThrow(/not a SHA-256/);
    expect(with_({ relativePath: 'generated/x.png', sha256: parentHash, role: 'child' })).toThrow(/"parent" or "reference"/);
  });

  it('reads only a well-formed list from a marker', () => {
    const good = { file: 'generated/x.png', sha256: parentHash, role: 'parent' };
    expect(readLineage([good])).toEqual([good]);
    expect(readLineage([])).toBeUndefined();
    expect(readLineage('generated/x.png')).toBeUndefined();
    expect(readLineage([good, null])).toBeUndefined();
    expect(readLineage([{ ...good, file: '' }])).toBeUndefined();
    expect(readLineage([{ ...good, file: 7 }])).toBeUndefined();
    expect(readLineage([{ ...good, sha256: parentHash.toUpperCase() }])).toBeUndefined();
    expect(readLineage([{ ...good, sha256: 42 }])).toBeUndefined();
    expect(readLineage([{ ...good, role: 'other' }])).toBeUndefined();
    expect(readLineage([{ ...good, role: 'reference' }])).toEqual([{ ...good, role: 'reference' }]);
    expect(readLineage(Array.from({ length: 17 }, () => good))).toBeUndefined();
    expect(readLineage(Array.from({ length: 16 }, () => good))).toHaveLength(16);
  });
});
