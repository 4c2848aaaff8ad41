import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Asset } from './asset-store-spec.ts';
import { type AssetIndexFileOptions, type IndexedEntry, readAssetIndex, writeAssetIndex } from './asset-index-file.ts';
import { nodeFileSystem } from './file-system.ts';

let workDir: string;
let options: AssetIndexFileOptions;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-index-'));
  const base = path.join(workDir, 'project');
  options = { fs: nodeFileSystem, file: path.join(workDir, 'index.json'), generatedDir: path.join(base, '.forge', 'generated'), base };
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function asset(id: string, overrides: Partial<Asset> = {}): Asset {
  const absolute = path.join(options.generatedDir, ...id.split('/'));
  return {
    id,
    path: absolute,
    relativePath: `.forge/generated/${id}`,
    createdAt: new Date('2026-11-25T10:00:00.000Z'),
    mediaType: 'image/png',
    width: 1536,
    height: 1024,
    size: 3_100_000,
    provenance: { prompt: 'a lighthouse in a storm, "quoted" & café', model: 'gpt-image-2', createdAt: '2026-11-25T10:00:00.000Z', source: 'chat', generator: 'Forge', width: 1536, height: 1024 },
    ...overrides,
  };
}

describe('the listing index', () => {
  it('reads back every entry it wrote: assets with any provenance, and files that are not images', async () => {
    const entries = new Map<string, IndexedEntry>();
    for (const entry of [
      asset('20261125-100000-000.png'),
      asset('sprites/20261125-100001-000.webp', { mediaType: 'image/webp', provenance: { kind: 'sprites', revisedPrompt: 'rewritten' } }),
      asset('photo.jpg', { mediaType: 'image/jpeg', provenance: {} }),
    ]) {
      entries.set(entry.path, { mtimeMs: 1795616547496.3992, size: entry.size, asset: entry });
    }
    entries.set(path.join(options.generatedDir, 'notes.png'), { mtimeMs: 1, size: 12, asset: undefined });
    await writeAssetIndex(options, entries);
    expect(await readAssetIndex(options)).toEqual(entries);
  });

  it('skips rows that are damaged or lead outside the folder, and keeps the rest', async () => {
    await writeAssetIndex(options, new Map([[asset('kept.png').path, { mtimeMs: 5, size: 3_100_000, asset: asset('kept.png') }]]));
    const stored = JSON.parse(await readFile(options.file, 'utf8')) as { rows: unknown[]; strings: string[] };
    const good = stored.rows[0] as unknown[];
    const withId = (id: unknown, changes: Record<number, unknown> = {}): unknown[] => Object.assign([...good], { 0: id }, changes);
    stored.rows.push(
      withId('../outside.png'),
      withId('sprites/../../outside.png'),
      withId('.hidden.png'),
      withId('C:\\windows.png'),
      withId(42),
      withId('bad-type.png', { 4: stored.strings.push('text/html') - 1 }),
      withId('bad-ref.png', { 9: 999 }),
      withId('bad-width.png', { 5: -1 }),
      withId('bad-prompt.png', { 7: { toString: 'evil' } }),
      'not a row',
    );
    await writeFile(options.file, JSON.stringify(stored));
    expect([...(await readAssetIndex(options)).keys()]).toEqual([asset('kept.png').path]);
  });

  it('is ignored when it belongs to another folder or an older version', async () => {
    const entries = new Map([[asset('kept.png').path, { mtimeMs: 5, size: 3_100_000, asset: asset('kept.png') }]]);
    await writeAssetIndex(options, entries);
    expect((await readAssetIndex({ ...options, generatedDir: path.join(workDir, 'other') })).size).toBe(0);
    const stored = JSON.parse(await readFile(options.file, 'utf8')) as Record<string, unknown>;
    await writeFile(options.file, JSON.stringify({ ...stored, version: 1 }));
    expect((await readAssetIndex(options)).size).toBe(0);
  });
});
