import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startWorker } from './__fixtures__/child-process.ts';
import { countingOpens } from './__fixtures__/counting-fs.ts';
import { noisePng, solidPng } from './__fixtures__/images.ts';
import { mountTmpfs, remountReadOnly, unmount } from './__fixtures__/tmpfs.ts';
import { AssetStoreError } from './asset-store-error.ts';
import { type AssetStoreFileSystem, nodeFileSystem } from './file-system.ts';
import { openAssetStore } from './open-asset-store.ts';

// These tests start, kill and wait on real Node processes (and mount tmpfs): 60 s holds a machine
// 4× slower than a busy two-core one (the slowest took ~5 s there).
const processTimeoutMs = 60_000;

let workDir: string;
let projectDir: string;
let cacheDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-atomic-'));
  projectDir = path.join(workDir, 'project');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Everything in generated/, hidden files included. */
async function allEntries(directory: string): Promise<string[]> {
  try {
    return (await readdir(directory, { recursive: true })).sort();
  } catch {
    return [];
  }
}

async function decodes(file: string): Promise<boolean> {
  try {
    await sharp(await readFile(file), { failOn: 'error' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

describe('save: collision-free names', () => {
  it('gives 200 concurrent saves with one createdAt 200 distinct, decodable files', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const bytes = await solidPng(32, 32);
    const createdAt = new Date('2026-11-23T19:51:30.042Z');
    const assets = await Promise.all(Array.from({ length: 200 }, (_unused, index) => store.save(bytes, { createdAt, prompt: `image ${index}` })));
    const names = assets.map((asset) => path.basename(asset.path));
    expect(new Set(names).size).toBe(200);
    expect(names).toContain('20261123-195130-042.png');
    const expected = ['20261123-195130-042.png', ...Array.from({ length: 199 }, (_unused, index) => `20261123-195130-042-${index + 2}.png`)];
    expect([...names].sort()).toEqual([...expected].sort());
    const onDisk = await allEntries(store.generatedDir);
    expect(onDisk.sort()).toEqual([...expected].sort());
    for (const asset of assets) expect(await decodes(asset.path)).toBe(true);
    // Each file holds the prompt of the save that made it.
    const listed = await store.list();
    expect(new Set(listed.map((asset) => asset.provenance.prompt)).size).toBe(200);
    await store.close();
  });

  it('never gives two processes saving at once the same name', async () => {
    const imageFile = path.join(workDir, 'image.png');
    await writeFile(imageFile, await solidPng(40, 30));
    const createdAt = '2026-11-23T19:51:30.042Z';
    const workers = [startWorker(['burst', projectDir, imageFile, '60', createdAt], cacheDir), startWorker(['burst', projectDir, imageFile, '60', createdAt], cacheDir)];
    await Promise.all(workers.map((worker) => worker.next((line) => line.ready === true)));
    for (const worker of workers) worker.child.stdin.write('go\n');
    const results = await Promise.all(workers.map((worker) => worker.next<{ saved: string[] }>((line) => Array.isArray(line.saved))));
    await Promise.all(workers.map((worker) => worker.exited));
    const all = results.flatMap((result) => result.saved);
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
    const counting = countingOpens();
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: counting.fs });
    const listed = await store.list();
    expect(listed).toHaveLength(120);
    // Both processes logged their saves into one log at once and neither line was lost: nothing was opened to list.
    expect(counting.opened()).toBe(0);
    // Both processes' prompts survive: neither clobbered the other's file.
    const prompts = new Set(listed.map((asset) => asset.provenance.prompt));
    expect(prompts.size).toBe(2);
    for (const asset of listed) expect(await decodes(asset.path)).toBe(true);
    expect((await allEntries(store.generatedDir)).filter((name) => name.startsWith('.'))).toEqual([]);
    await store.close();
  }, processTimeoutMs);
});

describe('save: a crash leaves nothing half-written', () => {
  it('leaves no partial file when killed mid-save, and the next open removes the temporary', async () => {
    const imageFile = path.join(workDir, 'image.png');
    await writeFile(imageFile, await noisePng(256, 256));
    const worker = startWorker(['hang', projectDir, imageFile], cacheDir);
    await worker.next((line) => line.linking === true);
    const generatedDir = path.join(projectDir, '.forge', 'generated');

    // While the writer is alive (even a while later, on a busy machine), its temporary is left alone and never listed.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(worker.child.exitCode).toBeNull();
    const during = await allEntries(generatedDir);
    expect(during).toHaveLength(1);
    expect(during[0]).toMatch(/^\.\d{8}-\d{6}-\d{3}\.png\.tmp-\d+-[0-9a-f]+$/);
    const reader = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect(await reader.list()).toEqual([]);
    expect(await allEntries(generatedDir)).toEqual(during);
    await reader.close();

    worker.child.kill('SIGKILL');
    await worker.exited;
    expect(await allEntries(generatedDir)).toEqual(during);
    const reopened = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect(await allEntries(generatedDir)).toEqual([]);
    expect(await reopened.list()).toEqual([]);
    await reopened.close();
  }, processTimeoutMs);

  it('shows only complete images after a writer is killed at a random moment', async () => {
    const imageFile = path.join(workDir, 'image.png');
    await writeFile(imageFile, await noisePng(400, 300));
    for (let round = 0; round < 3; round += 1) {
      const worker = startWorker(['loop', projectDir, imageFile], cacheDir);
      await worker.next((line) => typeof line.saved === 'string');
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 40));
      worker.child.kill('SIGKILL');
      await worker.exited;
    }
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const entries = await allEntries(store.generatedDir);
    expect(entries.filter((name) => name.startsWith('.'))).toEqual([]);
    const listed = await store.list();
    expect(listed.length).toBe(entries.length);
    expect(listed.length).toBeGreaterThanOrEqual(3);
    for (const asset of listed) expect(await decodes(asset.path)).toBe(true);
    await store.close();
  }, processTimeoutMs);
});

describe('save: disk failures', () => {
  let mountPoint: string | undefined;

  afterEach(() => {
    if (mountPoint !== undefined) unmount(mountPoint);
    mountPoint = undefined;
  });

  /** An fs that fails writes like `code` would, for machines that cannot mount. */
  function failingFs(code: string): AssetStoreFileSystem {
    const fail = (): never => {
      throw Object.assign(new Error(`${code}: simulated`), { code });
    };
    const failing: AssetStoreFileSystem = {
      ...nodeFileSystem,
      open: async (...args: Parameters<typeof nodeFileSystem.open>) => {
        const handle = await nodeFileSystem.open(...args);
        if (String(args[1]) !== 'wx') return handle;
        return new Proxy(handle, {
          get: (target, property) => (property === 'writeFile' ? () => Promise.reject(Object.assign(new Error(code), { code })) : Reflect.get(target, property, target) as unknown),
        });
      },
      mkdir: code === 'EROFS' ? fail : nodeFileSystem.mkdir,
    };
    return failing;
  }

  it('refuses to save into a read-only folder with read_only, naming the folder, leaving nothing behind', async () => {
    const readOnlyProject = path.join(workDir, 'read-only-project');
    await mkdir(readOnlyProject);
    const mount = mountTmpfs(readOnlyProject, '1m');
    let edges = {};
    if (mount.mounted) {
      mountPoint = readOnlyProject;
      await mkdir(path.join(readOnlyProject, '.forge', 'generated'), { recursive: true });
      remountReadOnly(readOnlyProject);
    } else {
      console.warn(`read-only test: using an injected file system (cannot mount a tmpfs: ${mount.reason})`);
      edges = { fs: failingFs('EROFS') };
    }
    const store = await openAssetStore({ mode: 'project', projectDir: readOnlyProject, cacheDir }, edges);
    const failure = await store.save(await solidPng()).catch((error: unknown) => error);
    expect(AssetStoreError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'read_only' });
    expect((failure as AssetStoreError).message).toContain(path.join(readOnlyProject, '.forge', 'generated'));
    expect(await allEntries(path.join(readOnlyProject, '.forge', 'generated'))).toEqual([]);
    // Listing a read-only project still works.
    expect(await store.list()).toEqual([]);
    await store.close();
  }, processTimeoutMs);

  it('reports a full disk as no_space, removes the partial temporary, and saves again once there is room', async () => {
    const smallProject = path.join(workDir, 'small-project');
    await mkdir(smallProject);
    const mount = mountTmpfs(smallProject, '64k');
    let edges = {};
    if (mount.mounted) {
      mountPoint = smallProject;
    } else {
      console.warn(`full-disk test: using an injected file system (cannot mount a tmpfs: ${mount.reason})`);
      edges = { fs: failingFs('ENOSPC') };
    }
    const store = await openAssetStore({ mode: 'project', projectDir: smallProject, cacheDir }, edges);
    const tooBig = await noisePng(256, 256);
    expect(tooBig.length).toBeGreaterThan(128 * 1024);
    const failure = await store.save(tooBig).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'no_space' });
    expect((failure as AssetStoreError).message).toContain(store.generatedDir);
    expect(await allEntries(store.generatedDir)).toEqual([]);
    if (mount.mounted) {
      const small = await store.save(await solidPng(16, 16));
      expect(await decodes(small.path)).toBe(true);
      expect(await allEntries(store.generatedDir)).toEqual([path.basename(small.path)]);
    }
    await store.close();
  }, processTimeoutMs);

  it('writes every byte even when the disk takes each write only in part', async () => {
    const fs: AssetStoreFileSystem = {
      ...nodeFileSystem,
      open: async (...args: Parameters<typeof nodeFileSystem.open>) => {
        const handle = await nodeFileSystem.open(...args);
        // Each writev lands at most 1,000 bytes, as a nearly full or slow device may do.
        const shortWritev = async (buffers: Uint8Array[]) => {
          let room = 1000;
          const taken: Uint8Array[] = [];
          for (const buffer of buffers) {
            if (room === 0) break;
            taken.push(buffer.subarray(0, Math.min(room, buffer.length)));
            room -= Math.min(room, buffer.length);
          }
          const result = await handle.writev(taken);
          return { bytesWritten: result.bytesWritten, buffers };
        };
        return new Proxy(handle, { get: (target, property) => (property === 'writev' ? shortWritev : (Reflect.get(target, property, target) as unknown)) });
      },
    };
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs });
    const original = await noisePng(120, 80);
    const asset = await store.save(original, { prompt: 'in pieces' });
    const written = await readFile(asset.path);
    expect(written.length).toBe(asset.size);
    expect(await decodes(asset.path)).toBe(true);
    const [before, after] = await Promise.all([sharp(original).raw().toBuffer(), sharp(written).raw().toBuffer()]);
    expect(after.equals(before)).toBe(true);
    expect((await store.get(asset.relativePath)).provenance.prompt).toBe('in pieces');
    await store.close();
  });

  it('still saves where the file system has no hard links (reserve the name, then rename)', async () => {
    const fs: AssetStoreFileSystem = {
      ...nodeFileSystem,
      link: () => Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })),
    };
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs });
    const createdAt = new Date('2026-01-02T03:04:05.006Z');
    const bytes = await solidPng();
    const assets = await Promise.all([store.save(bytes, { createdAt }), store.save(bytes, { createdAt }), store.save(bytes, { createdAt })]);
    expect(assets.map((asset) => path.basename(asset.path)).sort()).toEqual(['20260102-030405-006-2.png', '20260102-030405-006-3.png', '20260102-030405-006.png']);
    expect(await allEntries(store.generatedDir)).toHaveLength(3);
    for (const asset of assets) expect(await decodes(asset.path)).toBe(true);
    await store.close();
  });
});
