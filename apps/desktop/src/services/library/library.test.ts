import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ForgeEvent, LibraryAsset } from '../../contract/index.ts';
import { createLogger } from '../logger.ts';
import { plainPng, withProvenance } from './__fixtures__/png-with-xmp.ts';
import type { ImageOriginLookup } from './image-origins.ts';
import { createLibrary, type Library } from './library.ts';

const logger = createLogger({ write: () => undefined });
const noOrigins: ImageOriginLookup = { find: () => Promise.resolve(undefined) };
const urls = {
  asset: (path: string) => `/files/${path}`,
  thumbnail: (path: string, height: number, version: string) => `/thumbnails/${path}?h=${height}&v=${version}`,
};

let workDir: string;
let projectDir: string;
let store: AssetStore;
let library: Library;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'forge-library-'));
  projectDir = join(workDir, 'project');
  await mkdir(projectDir);
  store = await openAssetStore({ mode: 'project', projectDir, cacheDir: join(workDir, 'cache'), watchDebounceMs: 30 });
  library = createLibrary({ store, urls, origins: noOrigins, logger, batchMs: 20 });
});

afterEach(async () => {
  await library.close();
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

const at = (iso: string) => new Date(iso);

async function waitFor<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The workspace of the end-to-end test, in Node: chat images, Asset studio sprites with and without provenance, a corrupt file, a mesh. */
async function prepareWorkspace(): Promise<void> {
  await store.save(await plainPng(), { createdAt: at('2026-11-20T10:00:00.000Z'), prompt: 'Concept art for a brass airship', revisedPrompt: 'A brass dirigible at dusk', model: 'gpt-image-2', source: 'forge-chat/offline' });
  await store.save(await plainPng(), { createdAt: at('2026-11-20T11:00:00.000Z'), prompt: 'A lighthouse in fog', model: 'forge-offline-1', source: 'forge-chat/offline' });
  await store.save(await plainPng(32, 32), { createdAt: at('2026-11-20T12:00:00.000Z'), kind: 'sprites', prompt: 'Knight walk cycle sprite sheet', model: 'gpt-image-2', source: 'asset-studio' });
  await writeFile(join(store.generatedDir, 'sprites', 'slime idle.png'), await plainPng(16, 16));
  await writeFile(join(store.generatedDir, '20261120-130000-000.png'), Buffer.from('this is not a PNG'));
  await mkdir(join(store.generatedDir, 'meshes'));
  await writeFile(join(store.generatedDir, 'meshes', '20261120-140000-000.glb'), Buffer.from('glTF\u0002\u0000\u0000\u0000 binary mesh'));
}

describe('listAssets', () => {
  it('lists every file of generated/ newest first, each as the tile it needs, with no absolute path', async () => {
    await prepareWorkspace();
    const page = await library.listAssets({});
    expect(page.assets.map((asset) => [asset.status, asset.relativePath])).toEqual([
      // Another tool's sprite without provenance: its time is the file's own (just now).
      ['image', '.forge/generated/sprites/slime idle.png'],
      ['file', '.forge/generated/meshes/20261120-140000-000.glb'],
      ['broken', '.forge/generated/20261120-130000-000.png'],
      ['image', '.forge/generated/sprites/20261120-120000-000.png'],
      ['image', '.forge/generated/20261120-110000-000.png'],
      ['image', '.forge/generated/20261120-100000-000.png'],
    ]);
    expect(page).toMatchObject({ total: 6, nextCursor: null });
    expect(page.kinds.sort((left, right) => left.kind.localeCompare(right.kind))).toEqual([
      { kind: '', count: 3 },
      { kind: 'meshes', count: 1 },
      { kind: 'sprites', count: 2 },
    ]);
    expect(JSON.stringify(page)).not.toContain(workDir);

    const byPath = new Map(page.assets.map((asset) => [asset.relativePath, asset]));
    expect(byPath.get('.forge/generated/meshes/20261120-140000-000.glb')).toEqual({
      status: 'file',
      relativePath: '.forge/generated/meshes/20261120-140000-000.glb',
      name: '20261120-140000-000.glb',
      kind: 'meshes',
      createdAt: '2026-11-20T14:00:00.000Z',
      size: 20,
      typeLabel: '3D model',
      extension: 'GLB',
    });
    expect(byPath.get('.forge/generated/20261120-130000-000.png')).toMatchObject({ status: 'broken', problem: 'Not a readable PNG image', size: 17 });
    const airship = byPath.get('.forge/generated/20261120-100000-000.png');
    expect(airship).toMatchObject({
      status: 'image',
      kind: '',
      prompt: 'Concept art for a brass airship',
      revisedPrompt: 'A brass dirigible at dusk',
      model: 'gpt-image-2',
      width: 48,
      height: 32,
      mediaType: 'image/png',
      url: '/files/.forge/generated/20261120-100000-000.png',
      fromChat: true,
    });
    if (airship?.status !== 'image') throw new Error('not an image');
    expect(airship.thumbnail.src).toMatch(/^\/thumbnails\/\.forge\/generated\/20261120-100000-000\.png\?h=192&v=[0-9a-z]+-[0-9a-z]+$/);
    expect(airship.thumbnail.src2x).toBe(airship.thumbnail.src.replace('h=192', 'h=384'));
    const slime = byPath.get('.forge/generated/sprites/slime idle.png');
    expect(slime).toMatchObject({ status: 'image', kind: 'sprites', name: 'slime idle.png', fromChat: false });
    expect(slime).not.toHaveProperty('prompt');
    expect(byPath.get('.forge/generated/sprites/20261120-120000-000.png')).toMatchObject({ fromChat: false, source: 'asset-studio' });
  });

  it('finds exactly the asset whose prompt, revised prompt, model, kind or name holds every word, in any case', async () => {
    await prepareWorkspace();
    const found = async (query: string) => (await library.listAssets({ query })).assets.map((asset) => asset.name);
    expect(await found('lighthouse')).toEqual(['20261120-110000-000.png']);
    expect(await found('AIRSHIP')).toEqual(['20261120-100000-000.png']);
    expect(await found('dirigible')).toEqual(['20261120-100000-000.png']);
    expect(await found('forge-offline-1')).toEqual(['20261120-110000-000.png']);
    expect(await found('gpt-image-2 knight')).toEqual(['20261120-120000-000.png']);
    expect(await found('slime')).toEqual(['slime idle.png']);
    expect(await found('meshes')).toEqual(['20261120-140000-000.glb']);
    expect(await found('  brass   airship ')).toEqual(['20261120-100000-000.png']);
    expect(await found('airship lighthouse')).toEqual([]);
    expect((await library.listAssets({ query: 'zeppelin' })).total).toBe(0);
  });

  it('filters by kind ("" for the chat\'s own) and counts kinds for the search', async () => {
    await prepareWorkspace();
    const sprites = await library.listAssets({ kind: 'sprites' });
    expect(sprites.assets.map((asset) => asset.name).sort()).toEqual(['20261120-120000-000.png', 'slime idle.png']);
    expect(sprites.total).toBe(2);
    expect((await library.listAssets({ kind: '' })).assets.map((asset) => asset.kind)).toEqual(['', '', '']);
    const searched = await library.listAssets({ query: 'gpt-image-2', kind: 'sprites' });
    expect(searched.total).toBe(1);
    expect(searched.kinds.sort((left, right) => left.kind.localeCompare(right.kind))).toEqual([
      { kind: '', count: 1 },
      { kind: 'sprites', count: 1 },
    ]);
  });

  it('pages with a cursor that keeps its place while newer assets arrive, and refuses a made-up cursor', async () => {
    const bytes = await plainPng(8, 8);
    for (let index = 0; index < 25; index += 1) {
      await store.save(bytes, { createdAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + index * 1000), prompt: `picture ${index}` });
    }
    const first = await library.listAssets({ limit: 10 });
    expect(first.assets).toHaveLength(10);
    expect(first.total).toBe(25);
    expect(first.nextCursor).not.toBeNull();
    // A newer one lands between two pages: the next page goes on where the first stopped.
    await store.save(bytes, { createdAt: at('2030-01-01T00:00:00.000Z'), prompt: 'newest' });
    const second = await library.listAssets({ limit: 10, cursor: first.nextCursor ?? '' });
    const third = await library.listAssets({ limit: 10, cursor: second.nextCursor ?? '' });
    expect(third.nextCursor).toBeNull();
    const prompts = [...first.assets, ...second.assets, ...third.assets].map((asset) => (asset.status === 'image' ? asset.prompt : ''));
    expect(prompts).toEqual(Array.from({ length: 25 }, (_, index) => `picture ${24 - index}`));
    await expect(library.listAssets({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(library.listAssets({ cursor: 'zzzzzzzzzzzzz.abc' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('shows provenance text only as visible characters, cuts a 100 kB prompt, and never follows a link', async () => {
    const hostilePrompt = `<img src=x onerror=alert(1)> brass\u0007 \u202Eairship\u202C ${'x'.repeat(100_000)}`;
    await mkdir(store.generatedDir, { recursive: true });
    await writeFile(join(store.generatedDir, 'hostile.png'), withProvenance(await plainPng(), { prompt: hostilePrompt, model: 'evil\u0000model' }));
    await writeFile(join(store.generatedDir, 'line\nbreak\u0085.png'), await plainPng());
    await writeFile(join(workDir, 'outside.png'), await plainPng());
    await symlink(join(workDir, 'outside.png'), join(store.generatedDir, 'link.png'));
    await writeFile(join(store.generatedDir, 'empty.webp'), '');
    const { assets } = await library.listAssets({});
    const byName = new Map(assets.map((asset) => [asset.name, asset]));
    expect([...byName.keys()].sort()).toEqual(['empty.webp', 'hostile.png', 'line break.png']);
    const hostile = byName.get('hostile.png');
    if (hostile?.status !== 'image') throw new Error('not an image');
    expect(hostile.prompt?.startsWith('<img src=x onerror=alert(1)> brass airship ')).toBe(true);
    expect(hostile.prompt).toHaveLength(32_001);
    expect(hostile.prompt?.endsWith('…')).toBe(true);
    expect(hostile.model).toBe('evilmodel');
    expect(byName.get('empty.webp')).toMatchObject({ status: 'broken', problem: 'Empty file' });
    expect((await library.listAssets({ query: 'airship' })).assets.map((asset) => asset.name)).toEqual(['hostile.png']);
  });
});

describe('live changes', () => {
  it('tells subscribers about a saved image, a mesh another tool wrote, and a deletion, in batches', async () => {
    const events: Extract<ForgeEvent, { type: 'assets-changed' }>[] = [];
    library.subscribe((event) => {
      if (event.type === 'assets-changed') events.push(event);
    });
    await library.listAssets({});
    // Let the watch start before the files come.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const saved = await store.save(await plainPng(), { prompt: 'a new chat image', source: 'forge-chat/offline' });
    const added = await waitFor(() => events.flatMap((event) => event.added).find((asset) => asset.relativePath === saved.relativePath));
    expect(added).toMatchObject({ status: 'image', prompt: 'a new chat image', fromChat: true });
    expect((await library.listAssets({ query: 'new chat' })).assets.map((asset) => asset.relativePath)).toEqual([saved.relativePath]);

    await mkdir(join(store.generatedDir, 'meshes'), { recursive: true });
    await writeFile(join(store.generatedDir, 'meshes', 'boat.glb'), 'glTF');
    const mesh = await waitFor(() => events.flatMap((event) => event.added).find((asset: LibraryAsset) => asset.name === 'boat.glb'));
    expect(mesh).toMatchObject({ status: 'file', kind: 'meshes', size: 4 });

    await rm(saved.path);
    await waitFor(() => (events.some((event) => event.removed.includes(saved.relativePath)) ? true : undefined));
    expect((await library.listAssets({})).assets.map((asset) => asset.name)).toEqual(['boat.glb']);
  });

  it('a listing redone later brings a file rewritten in place as removed and added again', async () => {
    let now = 0;
    await library.close();
    library = createLibrary({ store, urls, origins: noOrigins, logger, batchMs: 20, refreshAfterMs: 1000, clock: () => now });
    const events: Extract<ForgeEvent, { type: 'assets-changed' }>[] = [];
    library.subscribe((event) => {
      if (event.type === 'assets-changed') events.push(event);
    });
    await mkdir(store.generatedDir, { recursive: true });
    const target = join(store.generatedDir, 'sprite.png');
    await writeFile(target, await plainPng(10, 10));
    expect((await library.listAssets({})).assets).toMatchObject([{ width: 10 }]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    events.length = 0;
    await writeFile(target, await plainPng(20, 20));
    now = 5000;
    await library.listAssets({});
    const change = await waitFor(() => events.find((event) => event.added.some((asset) => asset.name === 'sprite.png')));
    expect(change.removed).toContain('.forge/generated/sprite.png');
    expect((await library.listAssets({})).assets).toMatchObject([{ width: 20 }]);
  });
});

describe('revealInChat', () => {
  it('answers where the lookup says the image was made, and says plainly when no chat has it', async () => {
    const origins: ImageOriginLookup = {
      find: (relativePath) => Promise.resolve(relativePath === '.forge/generated/a.png' ? { threadId: 't1', messageId: 'm1', imageId: 'i1' } : undefined),
    };
    const withOrigins = createLibrary({ store, urls, origins, logger });
    expect(await withOrigins.revealInChat({ relativePath: '.forge/generated/a.png' })).toEqual({ found: true, threadId: 't1', messageId: 'm1' });
    const missing = await withOrigins.revealInChat({ relativePath: '.forge/generated/b.png' });
    expect(missing).toMatchObject({ found: false });
    if (missing.found) throw new Error('found');
    expect(missing.message).toMatch(/no chat message for this image/);
    await withOrigins.close();
  });
});

describe('warm', () => {
  it('lists and watches in the background, so a file saved before the Library is first opened is announced and listed', { timeout: 60_000 }, async () => {
    const events: ForgeEvent[] = [];
    library.subscribe((event) => events.push(event));
    // A workspace without generated/ is left as it is (opening a project makes nothing in it).
    library.warm();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(readdir(projectDir)).resolves.toEqual([]);
    await mkdir(store.generatedDir, { recursive: true });
    library.warm();
    // The watch starts once the background listing is done: a file is saved now and then
    // until one is announced, without anyone calling listAssets.
    const written: string[] = [];
    const png = await plainPng(8, 8);
    let polls = 0;
    const announced = await waitFor(() => {
      const event = events.find((candidate) => candidate.type === 'assets-changed' && candidate.added.length > 0);
      polls += 1;
      if (event === undefined && polls % 10 === 1) {
        const name = `file-${String(written.length).padStart(3, '0')}.png`;
        written.push(`.forge/generated/${name}`);
        void writeFile(join(store.generatedDir, name), png);
      }
      return event;
    });
    const path = announced.type === 'assets-changed' ? (announced.added[0]?.relativePath ?? '') : '';
    expect(written).toContain(path);
    expect((await library.listAssets({})).assets.map((asset) => asset.relativePath)).toContain(path);
  });

  it('says nothing when the store closes under a background listing', async () => {
    const lines: string[] = [];
    const quiet = createLibrary({ store, urls, origins: noOrigins, logger: createLogger({ write: (line) => lines.push(line) }) });
    quiet.warm();
    await quiet.close();
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines).toEqual([]);
  });
});

describe('closing', () => {
  it('waits for a listing it started, and starts no watch after it', async () => {
    await mkdir(store.generatedDir, { recursive: true });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let watched = 0;
    const slow: AssetStore = {
      ...store,
      listFiles: async () => {
        await held;
        return store.listFiles();
      },
      watch: (listener) => {
        watched += 1;
        return store.watch(listener);
      },
    };
    const closing = createLibrary({ store: slow, urls, origins: noOrigins, logger, batchMs: 20 });
    closing.warm();
    let closed = false;
    const done = closing.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);
    release();
    await done;
    expect(watched).toBe(0);
  });
});

