import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Asset } from './asset-store-spec.ts';
import {
  appendSavedLines,
  type AssetIndexFileOptions,
  type IndexedEntry,
  readAssetIndex,
  removeTakenLogs,
  savedLine,
  savedLogFile,
  takeSavedLog,
  writeAssetIndex,
} from './asset-index-file.ts';
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
      asset('20261125-100002-000.png', { provenance: { prompt: 'an airship', credit: 'Silhouette "zeppelin" by Skoll from Game Icons (https://game-icons.net), CC BY 3.0' } }),
      asset('20261125-100003-000.png', { provenance: { prompt: 'bluer', derivedFrom: [{ relativePath: '.forge/generated/20261125-100002-000.png', sha256: 'b'.repeat(64), role: 'parent' }] } }),
      asset('20261125-100004-000.png', {
        provenance: {
          credit: 'CC BY',
          derivedFrom: [
            { relativePath: '.forge/generated/references/sketch.png', sha256: 'c'.repeat(64), role: 'reference' },
            { relativePath: '.forge/generated/20261125-100003-000.png', sha256: 'd'.repeat(64), role: 'parent' },
          ],
        },
      }),
    ]) {
      entries.set(entry.path, { mtimeMs: 1795616547496.3992, size: entry.size, asset: entry });
    }
    entries.set(path.join(options.generatedDir, 'notes.png'), { mtimeMs: 1, size: 12, asset: undefined });
    await writeAssetIndex(options, entries);
    expect(await readAssetIndex(options)).toEqual(entries);
  });

  it.runIf(process.platform !== 'win32')('is readable by its owner only, as the log of saves is: both hold every prompt', async () => {
    const entry = asset('20261125-100000-000.png');
    await writeAssetIndex(options, new Map([[entry.path, { mtimeMs: 5, size: entry.size, asset: entry }]]));
    await appendSavedLines(options, [savedLine(options, entry.path, { mtimeMs: 5, size: entry.size, asset: entry })]);
    expect((await stat(options.file)).mode & 0o777).toBe(0o600);
    expect((await stat(savedLogFile(options.file))).mode & 0o777).toBe(0o600);
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
      withId('bad-lineage.png', { 16: -1, 17: ['parent', 'a'.repeat(64)] }),
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

describe('the saved log', () => {
  const entry = (id: string, overrides: Partial<Asset> = {}): [string, IndexedEntry] => {
    const made = asset(id, overrides);
    return [made.path, { mtimeMs: 1795616547496.3992, size: made.size, asset: made }];
  };

  it('gives back every saved entry, the last line for a file saved twice, and skips torn or damaged lines', async () => {
    const [firstPath, first] = entry('20261125-100000-000.png');
    const [spritePath, sprite] = entry('sprites/20261125-100001-000.webp', { mediaType: 'image/webp', provenance: { kind: 'sprites' } });
    const [, replaced] = entry('20261125-100000-000.png', { size: 42, provenance: { prompt: 'saved again' } });
    await appendSavedLines(options, [savedLine(options, firstPath, first), savedLine(options, spritePath, sprite)]);
    // A writer killed mid-line, then another process's lines: the torn one is lost, the rest kept.
    await appendFile(savedLogFile(options.file), '[["20261125-1000');
    await appendSavedLines(options, [savedLine(options, firstPath, replaced), 'not json\n', '[["../outside.png",1,2],[]]\n']);
    const taken = await takeSavedLog(options);
    expect(taken.entries).toEqual(new Map([[firstPath, replaced], [spritePath, sprite]]));
  });

  it('is taken whole: a save appending meanwhile starts a new log, and removing the taken one leaves that', async () => {
    const [firstPath, first] = entry('20261125-100000-000.png');
    const [laterPath, later] = entry('20261125-100002-000.png');
    await appendSavedLines(options, [savedLine(options, firstPath, first)]);
    const taken = await takeSavedLog(options);
    await appendSavedLines(options, [savedLine(options, laterPath, later)]);
    expect([...taken.entries.keys()]).toEqual([firstPath]);
    await removeTakenLogs(options, taken.files);
    expect([...(await takeSavedLog(options)).entries.keys()]).toEqual([laterPath]);
  });

  it('folds a log taken by a process that died before writing the index, and leaves a live one\'s alone', async () => {
    const [deadPath, dead] = entry('20261125-100000-000.png');
    const [livePath, live] = entry('20261125-100001-000.png');
    const log = savedLogFile(options.file);
    // No process has a pid above the kernel's maximum (4,194,304); the parent of this one is alive.
    await writeFile(`${log}.99999999-0a1b2c3d.taken`, savedLine(options, deadPath, dead));
    await writeFile(`${log}.${process.ppid}-0a1b2c3d.taken`, savedLine(options, livePath, live));
    const taken = await takeSavedLog(options);
    expect([...taken.entries.keys()]).toEqual([deadPath]);
    await removeTakenLogs(options, taken.files);
    expect(await readdir(path.dirname(log))).toEqual([path.basename(`${log}.${process.ppid}-0a1b2c3d.taken`)]);
  });
});
