import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { solidPng } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import { AssetStoreError } from './asset-store-error.ts';
import { type AssetStoreFileSystem, nodeFileSystem } from './file-system.ts';
import { openAssetStore } from './open-asset-store.ts';
import { checkStoreFolders } from './store-place.ts';

let workDir: string;
let projectDir: string;
let outside: string;
let cacheDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-links-'));
  projectDir = path.join(workDir, 'project');
  outside = path.join(workDir, 'outside');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
  // What a `.forge -> ../../..` would reach: a folder holding images and a stale temporary.
  await mkdir(path.join(outside, 'generated'), { recursive: true });
  await writeFile(path.join(outside, 'generated', 'secret.png'), await solidPng(8, 8));
  await writeFile(path.join(outside, 'generated', '.secret.png.tmp-999999999-abc'), 'not ours to remove');
  await writeFile(path.join(outside, 'ASSETS.md'), '# Someone else’s file\n');
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Every entry below `folder`, hidden ones included, with its content: what "touched nothing" compares. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    result[path.relative(folder, full)] = entry.isFile() ? (await readFile(full)).toString('base64') : 'folder';
  }
  return result;
}

async function refusalOf(action: () => unknown): Promise<unknown> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return AssetStoreError.isInstance(error) ? { code: error.code, message: error.message } : error;
  }
}

const forgeIsLink = { code: 'linked_folder', message: '`.forge` in this project is a link to another place; Forge will not follow it' };
const generatedIsLink = { code: 'linked_folder', message: '`generated` in this project is a link to another place; Forge will not follow it' };

/** Every call of the store, each expected to refuse with `refusal`. */
async function expectEveryCallRefused(store: AssetStore, refusal: unknown): Promise<void> {
  const bytes = await solidPng();
  expect(await refusalOf(() => store.save(bytes, { prompt: 'would land outside' }))).toEqual(refusal);
  expect(await refusalOf(() => store.save(bytes, { kind: 'sprites' }))).toEqual(refusal);
  expect(await refusalOf(() => store.list())).toEqual(refusal);
  expect(await refusalOf(() => store.watch(() => undefined))).toEqual(refusal);
  expect(await refusalOf(() => store.get('.forge/generated/secret.png'))).toEqual(refusal);
  expect(await refusalOf(() => store.thumbnail('.forge/generated/secret.png'))).toEqual(refusal);
  expect(await refusalOf(() => store.resolve('.forge/generated/secret.png'))).toEqual(refusal);
}

describe('a .forge or generated folder that is a link', () => {
  it('refuses every call when .forge is a link out of the project, and reads or writes nothing there', async () => {
    await symlink(outside, path.join(projectDir, '.forge'));
    const before = await snapshot(outside);
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await expectEveryCallRefused(store, forgeIsLink);
    expect(await refusalOf(() => store.resolve('.forge/ASSETS.md'))).toEqual(forgeIsLink);
    await store.close();
    // Not even the dead writer's temporary was cleaned up through the link.
    expect(await snapshot(outside)).toEqual(before);
    expect(await refusalOf(() => checkStoreFolders({ mode: 'project', projectDir }))).toEqual(forgeIsLink);
  });

  it('refuses every call when generated is a link, naming generated', async () => {
    await mkdir(path.join(projectDir, '.forge'));
    await symlink(path.join(outside, 'generated'), path.join(projectDir, '.forge', 'generated'));
    const before = await snapshot(outside);
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await expectEveryCallRefused(store, generatedIsLink);
    // Only what lies below the link is refused.
    expect(store.resolve('.forge/ASSETS.md')).toBe(path.join(projectDir, '.forge', 'ASSETS.md'));
    await store.close();
    expect(await snapshot(outside)).toEqual(before);
    expect(await refusalOf(() => checkStoreFolders({ mode: 'project', projectDir }))).toEqual(generatedIsLink);
  });

  it('refuses a .forge link that points inside the project too (lstat, not where it leads)', async () => {
    await mkdir(path.join(projectDir, 'real-forge', 'generated'), { recursive: true });
    await symlink(path.join(projectDir, 'real-forge'), path.join(projectDir, '.forge'));
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect(await refusalOf(async () => store.save(await solidPng()))).toEqual(forgeIsLink);
    expect(await readdir(path.join(projectDir, 'real-forge', 'generated'))).toEqual([]);
    await store.close();
  });

  it('refuses a dangling .forge link and creates nothing where it points', async () => {
    await symlink(path.join(workDir, 'not-yet'), path.join(projectDir, '.forge'));
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    expect(await refusalOf(async () => store.save(await solidPng()))).toEqual(forgeIsLink);
    expect(await refusalOf(() => store.watch(() => undefined))).toEqual(forgeIsLink);
    expect(await readdir(workDir)).not.toContain('not-yet');
    await store.close();
  });

  it('refuses a kind folder that is a link, naming it, and still lists and saves elsewhere', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const saved = await store.save(await solidPng());
    await symlink(path.join(outside, 'generated'), path.join(store.generatedDir, 'sprites'));
    const before = await snapshot(outside);
    expect(await refusalOf(async () => store.save(await solidPng(), { kind: 'sprites' }))).toEqual({
      code: 'linked_folder',
      message: '`sprites` in this project is a link to another place; Forge will not follow it',
    });
    expect(await refusalOf(() => store.get('.forge/generated/sprites/secret.png'))).toMatchObject({ code: 'linked_folder' });
    expect(await refusalOf(() => store.resolve('.forge/generated/sprites'))).toMatchObject({ code: 'linked_folder' });
    expect((await store.list()).map((asset) => asset.relativePath)).toEqual([saved.relativePath]);
    expect(await snapshot(outside)).toEqual(before);
    await store.close();
  });

  it('refuses a .forge swapped for a link after the store opened, and after it saved there', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const saved = await store.save(await solidPng());
    await rename(path.join(projectDir, '.forge'), path.join(workDir, 'moved-away'));
    await symlink(outside, path.join(projectDir, '.forge'));
    const before = await snapshot(outside);
    await expectEveryCallRefused(store, forgeIsLink);
    expect(await refusalOf(() => store.get(saved.relativePath))).toEqual(forgeIsLink);
    expect(await snapshot(outside)).toEqual(before);
    await store.close();
  });

  it('takes no name through generated when it becomes a link while the bytes are written', async () => {
    const generatedDir = path.join(projectDir, '.forge', 'generated');
    let swapped = false;
    // The swap a `git checkout` could make mid-save: right before the temporary is created.
    const racing: AssetStoreFileSystem = {
      ...nodeFileSystem,
      open: async (...args: Parameters<typeof nodeFileSystem.open>) => {
        if (!swapped && String(args[0]).includes('.tmp-')) {
          swapped = true;
          await rename(generatedDir, path.join(workDir, 'moved-away'));
          await symlink(path.join(outside, 'generated'), generatedDir);
        }
        return nodeFileSystem.open(...args);
      },
    };
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: racing });
    await store.list();
    await mkdir(generatedDir, { recursive: true });
    const before = await snapshot(outside);
    expect(await refusalOf(async () => store.save(await solidPng()))).toEqual(generatedIsLink);
    expect(swapped).toBe(true);
    // The temporary that went through the link was removed again, and no name was taken there.
    expect(await snapshot(outside)).toEqual(before);
    await store.close();
  });

  it('keeps Open mode to real folders below the scratchpad', async () => {
    const homeDir = path.join(workDir, 'home');
    await mkdir(path.join(homeDir, '.forge', 'scratchpad'), { recursive: true });
    await symlink(path.join(outside, 'generated'), path.join(homeDir, '.forge', 'scratchpad', 'generated'));
    const before = await snapshot(outside);
    const store = await openAssetStore({ mode: 'open', homeDir, cacheDir });
    const refusal = { code: 'linked_folder', message: '`generated` in the scratchpad is a link to another place; Forge will not follow it' };
    expect(await refusalOf(async () => store.save(await solidPng()))).toEqual(refusal);
    expect(await refusalOf(() => store.list())).toEqual(refusal);
    expect(await refusalOf(() => store.get('generated/secret.png'))).toEqual(refusal);
    expect(await refusalOf(() => checkStoreFolders({ mode: 'open', homeDir }))).toEqual(refusal);
    expect(await snapshot(outside)).toEqual(before);
    await store.close();
  });

  it('says a project is fine to open when its folders are real or not there yet, and names a missing project', async () => {
    await expect(checkStoreFolders({ mode: 'project', projectDir })).resolves.toBeUndefined();
    expect(await readdir(projectDir)).toEqual([]);
    await mkdir(path.join(projectDir, '.forge', 'generated', 'sprites'), { recursive: true });
    await expect(checkStoreFolders({ mode: 'project', projectDir })).resolves.toBeUndefined();
    expect(await refusalOf(() => checkStoreFolders({ mode: 'project', projectDir: path.join(workDir, 'missing') }))).toMatchObject({ code: 'not_found' });
  });

  it('refuses a file where .forge should be a folder, saying so', async () => {
    await writeFile(path.join(projectDir, '.forge'), 'a file');
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const refusal = await refusalOf(async () => store.save(await solidPng()));
    expect(refusal).toMatchObject({ code: 'io' });
    expect((refusal as Error).message).toContain('`.forge` in this project is a file, not a folder');
    expect(await readFile(path.join(projectDir, '.forge'), 'utf8')).toBe('a file');
    await store.close();
    // Open mode's ~/.forge as a file: refused too, and left alone.
    const homeDir = path.join(workDir, 'home');
    await mkdir(homeDir);
    await writeFile(path.join(homeDir, '.forge'), 'a file');
    const open = await openAssetStore({ mode: 'open', homeDir, cacheDir });
    expect(await refusalOf(async () => open.save(await solidPng()))).toMatchObject({ code: 'not_found' });
    expect(await readFile(path.join(homeDir, '.forge'), 'utf8')).toBe('a file');
    await open.close();
  });

  it('says a folder it cannot create is read-only, naming it, and creates nothing', async () => {
    const readOnly: AssetStoreFileSystem = {
      ...nodeFileSystem,
      mkdir: ((target: string, options?: { recursive?: boolean }) =>
        options?.recursive === true ? nodeFileSystem.mkdir(target, options) : Promise.reject(Object.assign(new Error(`EROFS: read-only file system, mkdir '${target}'`), { code: 'EROFS' }))) as AssetStoreFileSystem['mkdir'],
    };
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs: readOnly });
    const refusal = await refusalOf(async () => store.save(await solidPng()));
    expect(refusal).toMatchObject({ code: 'read_only' });
    expect((refusal as Error).message).toContain('Could not save the image');
    expect((refusal as Error).message).toContain(projectDir);
    expect(await readdir(projectDir)).toEqual([]);
    await store.close();
  });

  it('refuses a project folder that is a file, or none at all', async () => {
    await writeFile(path.join(workDir, 'a-file'), 'x');
    expect(await refusalOf(() => checkStoreFolders({ mode: 'project', projectDir: path.join(workDir, 'a-file') }))).toMatchObject({ code: 'not_found' });
    await expect(checkStoreFolders({ mode: 'project', projectDir: ' ' })).rejects.toThrow(TypeError);
  });
});
