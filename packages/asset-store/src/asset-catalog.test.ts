import { constants } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { countingOpens } from './__fixtures__/counting-fs.ts';
import { solidJpeg, solidPng, solidWebp } from './__fixtures__/images.ts';
import { AssetCatalog } from './asset-catalog.ts';
import { AssetStoreError } from './asset-store-error.ts';
import { type AssetStoreFileSystem, nodeFileSystem } from './file-system.ts';
import { formatTimestamp } from './format-timestamp.ts';
import { openAssetStore } from './open-asset-store.ts';

// Listings that start a worker thread: 60 s holds a machine 4× slower than a
// busy two-core one (~2 s there).
const processTimeoutMs = 60_000;

let workDir: string;
let projectDir: string;
let cacheDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-list-'));
  projectDir = path.join(workDir, 'project');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const at = (iso: string): Date => new Date(iso);

describe('list', () => {
  it('lists the whole generated/ tree newest first: both layouts, any image extension, files others wrote', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const chat = await store.save(await solidPng(), { createdAt: at('2026-01-01T10:00:00.000Z'), prompt: 'chat' });
    const sprite = await store.save(await solidWebp(), { createdAt: at('2026-01-01T12:00:00.000Z'), kind: 'sprites', prompt: 'sprite' });
    const photo = await store.save(await solidJpeg(), { createdAt: at('2026-01-01T11:00:00.000Z'), prompt: 'photo' });
    // Written by another tool: no provenance, upper-case extension, time from the name.
    await writeFile(path.join(store.generatedDir, '20260101-113000-000.PNG'), await solidPng(10, 10));
    // Not assets: a mesh, a temporary, a hidden file, an empty folder.
    await mkdir(path.join(store.generatedDir, 'meshes'));
    await writeFile(path.join(store.generatedDir, 'meshes', '20260101-130000-000.glb'), 'glTF binary');
    await writeFile(path.join(store.generatedDir, '.20260101-140000-000.png.tmp-1-abcd'), await solidPng());
    await writeFile(path.join(store.generatedDir, '.DS_Store'), 'junk');
    await mkdir(path.join(store.generatedDir, 'audio'));

    const listed = await store.list();
    expect(listed.map((asset) => asset.relativePath)).toEqual([
      sprite.relativePath,
      '.forge/generated/20260101-113000-000.PNG',
      photo.relativePath,
      chat.relativePath,
    ]);
    expect(sprite.relativePath).toMatch(/^\.forge\/generated\/sprites\/20260101-120000-000\.webp$/);
    const foreign = listed[1];
    expect(foreign).toMatchObject({ mediaType: 'image/png', width: 10, height: 10, provenance: {} });
    expect(foreign?.createdAt.toISOString()).toBe('2026-01-01T11:30:00.000Z');
    expect(listed[0]).toMatchObject({ id: 'sprites/20260101-120000-000.webp', mediaType: 'image/webp', width: 64, height: 48 });
    expect(listed[0]?.size).toBe((await readFile(sprite.path)).length);
    await store.close();
  });

  it('filters by kind, pages with limit and before (a date or the last asset seen)', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const bytes = await solidPng();
    const burst = at('2026-03-01T00:00:00.000Z');
    for (let index = 0; index < 5; index += 1) await store.save(bytes, { createdAt: burst });
    await store.save(bytes, { createdAt: at('2026-02-01T00:00:00.000Z'), kind: 'sprites' });
    await store.save(bytes, { createdAt: at('2026-04-01T00:00:00.000Z'), kind: 'sprites' });

    expect((await store.list({ kind: 'sprites' })).map((asset) => asset.id)).toEqual(['sprites/20260401-000000-000.png', 'sprites/20260201-000000-000.png']);
    const firstPage = await store.list({ limit: 3 });
    expect(firstPage.map((asset) => asset.id)).toEqual(['sprites/20260401-000000-000.png', '20260301-000000-000-5.png', '20260301-000000-000-4.png']);
    // Paging by the last asset seen does not skip the rest of a same-millisecond burst.
    const secondPage = await store.list({ limit: 3, before: firstPage.at(-1)!.relativePath });
    expect(secondPage.map((asset) => asset.id)).toEqual(['20260301-000000-000-3.png', '20260301-000000-000-2.png', '20260301-000000-000.png']);
    expect((await store.list({ before: burst })).map((asset) => asset.id)).toEqual(['sprites/20260201-000000-000.png']);
    expect((await store.list({ before: '2026-03-01T00:00:00.001Z' })).length).toBe(6);
    const missing = await store.list({ before: '.forge/generated/nope.png' }).catch((error: unknown) => error);
    expect(AssetStoreError.isInstance(missing) && missing.code).toBe('not_found');
    await store.close();
  });

  it('lists an empty store (no generated/ yet) without creating anything', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect(await store.list()).toEqual([]);
    await expect(readFile(path.join(projectDir, '.forge'))).rejects.toMatchObject({ code: 'ENOENT' });
    await store.close();
  });

  it('notices a file changed in place and one removed, and does not re-read unchanged files after a restart', async () => {
    const first = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const kept = await first.save(await solidPng(), { prompt: 'kept', createdAt: at('2026-01-01T00:00:00.000Z') });
    const edited = await first.save(await solidPng(), { prompt: 'before edit', createdAt: at('2026-01-02T00:00:00.000Z') });
    const removed = await first.save(await solidPng(), { prompt: 'removed', createdAt: at('2026-01-03T00:00:00.000Z') });
    expect(await first.list()).toHaveLength(3);
    await first.close();

    // Edit in place (same name, new bytes and mtime) and delete one, while no store is open.
    await mkdir(path.join(workDir, 'scratch-project'));
    const scratch = await openAssetStore({ mode: 'project', projectDir: path.join(workDir, 'scratch-project'), cacheDir });
    const newBytes = await readFile((await scratch.save(await solidPng(80, 60), { prompt: 'after edit' })).path);
    await scratch.close();
    await writeFile(edited.path, newBytes);
    await utimes(edited.path, new Date(), new Date(Date.now() + 5000));
    await rm(removed.path);

    const counting = countingOpens();
    const second = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: counting.fs });
    const listed = await second.list();
    expect(listed.map((asset) => asset.provenance.prompt)).toEqual(['after edit', 'kept']);
    expect(listed[0]).toMatchObject({ relativePath: edited.relativePath, width: 80, height: 60 });
    expect(listed[1]?.relativePath).toBe(kept.relativePath);
    // Only the edited file was opened: the unchanged one came from the index.
    expect(counting.opened()).toBe(1);
    await second.close();
  });

  it('lists a folder filled by saves (a chat that never lists) without opening a file, as reading the files would', async () => {
    const chat = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const saved = [
      await chat.save(await solidPng(), { prompt: 'a harbour at dawn', model: 'gpt-image-2', credit: 'Silhouette "galleon" by Lorc, CC BY 3.0', createdAt: at('2026-01-01T00:00:00.000Z') }),
      await chat.save(await solidWebp(), { prompt: 'half a pair \ud83d and "quotes" & <tags>', kind: 'sprites', createdAt: at('2026-01-02T00:00:00.000Z') }),
      await chat.save(await solidJpeg(), { prompt: 'a lighthouse', revisedPrompt: 'A lighthouse — in a storm', createdAt: at('2026-01-03T00:00:00.000Z') }),
    ];
    await chat.close();

    const counting = countingOpens();
    const gallery = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: counting.fs });
    const listed = await gallery.list();
    expect(counting.opened()).toBe(0);
    // What save() returned is exactly what reading each file gives.
    expect(listed).toEqual([...saved].reverse());
    expect(listed).toEqual(await new AssetCatalog({ fs: nodeFileSystem, generatedDir: gallery.generatedDir, base: projectDir }).all());
    await gallery.close();
    // The listing folded the log into the index: the log is gone and the next process still opens nothing.
    expect((await readdir(path.join(cacheDir, 'index'))).filter((name) => !name.endsWith('.json'))).toEqual([]);
    const again = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: counting.fs });
    expect(await again.list()).toEqual(listed);
    expect(counting.opened()).toBe(0);
    await again.close();
  });

  it('saves and lists as usual when its cache folder cannot be written (the log of saves is only a cache)', async () => {
    // A file where the cache folder should be: nothing can be created inside it.
    const blocked = path.join(workDir, 'not-a-folder');
    await writeFile(blocked, 'in the way');
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir: blocked });
    const saved = await store.save(await solidPng(), { prompt: 'kept anyway', createdAt: at('2026-01-01T00:00:00.000Z') });
    await store.close();
    const reopened = await openAssetStore({ mode: 'project', projectDir, cacheDir: blocked });
    expect(await reopened.list()).toEqual([saved]);
    await reopened.close();
    expect(await readFile(blocked, 'utf8')).toBe('in the way');
  });

  it('ignores a damaged index and lists from the files', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await store.save(await solidPng(), { prompt: 'real' });
    await store.list();
    await store.close();
    const indexDir = path.join(cacheDir, 'index');
    for (const name of await readdir(indexDir)) await writeFile(path.join(indexDir, name), '{"version":1,"generatedDir":');
    const reopened = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect((await reopened.list()).map((asset) => asset.provenance.prompt)).toEqual(['real']);
    await reopened.close();
  });

  it('lists a big folder no store has listed before exactly as reading every file here', async () => {
    const generatedDir = path.join(projectDir, '.forge', 'generated');
    await mkdir(path.join(generatedDir, 'sprites'), { recursive: true });
    const png = await solidPng(8, 8);
    // 1,200 files: enough that the first listing shares its reads with the worker.
    for (let index = 0; index < 1200; index += 1) {
      const name = `${formatTimestamp(new Date(Date.UTC(2026, 0, 1) + index * 1000))}.png`;
      await writeFile(path.join(generatedDir, index % 4 === 0 ? 'sprites' : '', name), png);
    }
    const here = await new AssetCatalog({ fs: nodeFileSystem, generatedDir, base: projectDir }).all();
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const listed = await store.list();
    expect(listed).toHaveLength(1200);
    expect(listed).toEqual(here);
    await store.close();
  }, processTimeoutMs);

  it('reads headers without touching the files\' access times where the platform allows it', async (context) => {
    const generatedDir = path.join(projectDir, '.forge', 'generated');
    await mkdir(generatedDir, { recursive: true });
    const png = await solidPng(8, 8);
    const lastRead = new Date('2024-01-01T00:00:00.000Z');
    const lastWritten = new Date('2025-01-01T00:00:00.000Z');
    // The control lies outside generated/: the listing never opens it.
    const files = [path.join(generatedDir, '20250101-000000-000.png'), path.join(projectDir, 'control.png')];
    for (const file of files) {
      await writeFile(file, png);
      await utimes(file, lastRead, lastWritten);
    }
    const [asset = '', control = ''] = files;
    // A plain read of the control must move its access time, or
    // this file system does not keep access times and there is nothing to check.
    await readFile(control);
    if ((await stat(control)).atimeMs === lastRead.getTime()) {
      console.log('Access times are not kept on this file system (noatime): nothing to check.');
      context.skip();
    }
    expect(await new AssetCatalog({ fs: nodeFileSystem, generatedDir, base: projectDir }).all()).toHaveLength(1);
    expect((await stat(asset)).atimeMs).toBe(lastRead.getTime());
  });

  it('still reads files it may not keep the access time of (another owner\'s)', async () => {
    const generatedDir = path.join(projectDir, '.forge', 'generated');
    await mkdir(generatedDir, { recursive: true });
    for (const name of ['20250101-000000-000.png', '20250101-000001-000.png']) await writeFile(path.join(generatedDir, name), await solidPng(8, 8));
    const flagsTried: number[] = [];
    const notOwner: AssetStoreFileSystem = {
      ...nodeFileSystem,
      openSync: (file: Parameters<typeof nodeFileSystem.openSync>[0], flags: Parameters<typeof nodeFileSystem.openSync>[1]) => {
        flagsTried.push(Number(flags));
        // What Linux answers O_NOATIME on a file the process does not own.
        if (process.platform === 'linux' && (Number(flags) & constants.O_NOATIME) !== 0) throw Object.assign(new Error('EPERM: operation not permitted'), { code: 'EPERM' });
        return nodeFileSystem.openSync(file, flags);
      },
    };
    const assets = await new AssetCatalog({ fs: notOwner, generatedDir, base: projectDir }).all();
    expect(assets.map((listed) => listed.id)).toEqual(['20250101-000001-000.png', '20250101-000000-000.png']);
    // After the first refusal it stops asking: one refused open, then two plain ones.
    expect(flagsTried).toHaveLength(process.platform === 'linux' ? 3 : 2);
  });

  it('lists the same with the first listing shared with a worker thread as read all here', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const saved = [
      await store.save(await solidPng(), { prompt: 'short', createdAt: at('2026-01-01T00:00:00.000Z') }),
      // A packet far past the first block read: the file is read again here.
      await store.save(await solidPng(), { prompt: `long ${'é…'.repeat(4000)}`, createdAt: at('2026-01-02T00:00:00.000Z') }),
      await store.save(await solidJpeg(), { prompt: 'photo', kind: 'photos', createdAt: at('2026-01-03T00:00:00.000Z') }),
      await store.save(await solidWebp(), { prompt: 'sprite', kind: 'sprites', createdAt: at('2026-01-04T00:00:00.000Z') }),
    ];
    await writeFile(path.join(store.generatedDir, '20260105-000000-000.png'), await solidPng(10, 10));
    await writeFile(path.join(store.generatedDir, 'notes.png'), 'not an image');
    await writeFile(path.join(store.generatedDir, 'empty.png'), '');
    await store.close();

    const options = { generatedDir: store.generatedDir, base: projectDir };
    const here = await new AssetCatalog({ ...options, fs: nodeFileSystem }).all();
    // Each open on this thread takes 1.5 s, so the worker starts before this thread runs out of
    // files even where starting a thread takes seconds (a busy machine, 4× slower): the worker
    // then claims the rest at once, so where it starts quickly this costs one open, not seven.
    const openedHere = new Set<string>();
    const slowFs: AssetStoreFileSystem = {
      ...nodeFileSystem,
      openSync: (...args: Parameters<typeof nodeFileSystem.openSync>) => {
        openedHere.add(String(args[0]));
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1_500);
        return nodeFileSystem.openSync(...args);
      },
    };
    const shared = await new AssetCatalog({ ...options, fs: slowFs, parallelReads: { from: 1, chunkSize: 1 } }).all();
    expect(shared).toEqual(here);
    // The worker read some of the 7 files (this thread never opened them).
    expect(openedHere.size).toBeLessThan(7);
    expect(shared.map((asset) => asset.id)).toEqual(['20260105-000000-000.png', ...saved.map((asset) => asset.id).reverse()]);
    for (const asset of saved) expect(shared.find((listed) => listed.id === asset.id)).toEqual(asset);
  }, processTimeoutMs);

  it('reads no header through a file that became a link after it was listed or checked', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const asset = await store.save(await solidPng());
    await store.close();
    const outsideImage = path.join(workDir, 'outside.png');
    await writeFile(outsideImage, await solidPng(12, 12));
    const linked = path.join(path.dirname(asset.path), 'linked.png');
    await symlink(outsideImage, linked);
    const catalog = new AssetCatalog({ fs: nodeFileSystem, generatedDir: path.dirname(asset.path), base: projectDir });
    expect(catalog.read(linked)).toBeUndefined();
    expect(catalog.read(asset.path)?.width).toBe(asset.width);
  });
});
