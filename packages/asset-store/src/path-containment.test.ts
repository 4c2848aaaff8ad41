import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { propertyRuns } from './__fixtures__/property-runs.ts';
import { solidPng } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import { AssetStoreError } from './asset-store-error.ts';
import { openAssetStore } from './open-asset-store.ts';
import { isInside } from './path-containment.ts';

let workDir: string;
let projectDir: string;
let store: AssetStore;
let savedPath: string;
let outsideFile: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-paths-'));
  projectDir = path.join(workDir, 'project');
  await mkdir(projectDir);
  outsideFile = path.join(workDir, 'secret.png');
  await writeFile(outsideFile, await solidPng(8, 8));
  await writeFile(path.join(projectDir, 'in-project-but-not-in-forge.png'), await solidPng(8, 8));
  store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
  savedPath = (await store.save(await solidPng(), { prompt: 'inside' })).relativePath;
});

afterEach(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

/** The real path of `target` as far as it exists (links followed), the rest as written. */
function realPathSoFar(target: string): string {
  const missing: string[] = [];
  for (let current = target; ; current = path.dirname(current)) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      missing.push(path.basename(current));
    }
  }
}

async function codeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
    return undefined;
  } catch (error) {
    return AssetStoreError.isInstance(error) ? error.code : `not an AssetStoreError: ${String(error)}`;
  }
}

const traversals = [
  '../secret.png',
  '.forge/../../secret.png',
  '.forge/generated/../../../secret.png',
  'in-project-but-not-in-forge.png',
  '.forge/generated/%2e%2e/%2e%2e/%2e%2e/secret.png',
  '.forge/generated/%2E%2E%2F%2E%2E%2F%2E%2E%2Fsecret.png',
  '.forge/generated/%252e%252e/%252e%252e/%252e%252e/secret.png',
  '..%2fsecret.png',
  '..\\secret.png',
  '.forge\\generated\\..\\..\\..\\secret.png',
  'C:\\Windows\\win.ini',
  'c:/secret.png',
  '\\\\server\\share\\secret.png',
  '//server/share/secret.png',
  '/etc/passwd',
  '.FORGE/generated/x.png',
  '.forge/generated/x.png\0.txt',
  '',
];

describe('containment', () => {
  it.each(traversals)('refuses %j in get, resolve and thumbnail with outside_root', async (attempt) => {
    expect(await codeOf(() => store.get(attempt))).toBe('outside_root');
    expect(await codeOf(() => store.thumbnail(attempt))).toBe('outside_root');
    expect(await codeOf(() => Promise.resolve().then(() => store.resolve(attempt)))).toBe('outside_root');
  });

  it('refuses an absolute path or file URL outside the root, and accepts one inside', async () => {
    expect(await codeOf(() => store.get(outsideFile))).toBe('outside_root');
    expect(await codeOf(() => store.get(pathToFileURL(outsideFile).href))).toBe('outside_root');
    const absolute = store.resolve(savedPath);
    expect((await store.get(absolute)).relativePath).toBe(savedPath);
    expect((await store.get(pathToFileURL(absolute).href)).relativePath).toBe(savedPath);
  });

  it('resolves the store’s own paths, `..` that stays inside, and URL-encoded names', async () => {
    expect(store.resolve(savedPath)).toBe(path.join(projectDir, savedPath));
    const name = path.basename(savedPath);
    expect((await store.get(`.forge/generated/sprites/../${name}`)).relativePath).toBe(savedPath);
    expect((await store.get(`.forge%2Fgenerated%2F${name}`)).relativePath).toBe(savedPath);
    expect((await store.get(`.forge\\generated\\${name}`)).relativePath).toBe(savedPath);
    expect(store.resolve('.forge/ASSETS.md')).toBe(path.join(projectDir, '.forge', 'ASSETS.md'));
  });

  it('refuses a symlinked file or folder inside generated/ that leads out, and never lists it', async () => {
    await symlink(outsideFile, path.join(store.generatedDir, 'link.png'));
    await mkdir(path.join(workDir, 'elsewhere'));
    await writeFile(path.join(workDir, 'elsewhere', 'other.png'), await solidPng(8, 8));
    await symlink(path.join(workDir, 'elsewhere'), path.join(store.generatedDir, 'sprites'));
    expect(await codeOf(() => store.get('.forge/generated/link.png'))).toBe('outside_root');
    expect(await codeOf(() => store.thumbnail('.forge/generated/link.png'))).toBe('outside_root');
    // A kind folder that is a link is refused as a linked folder, whatever the call.
    expect(await codeOf(() => store.get('.forge/generated/sprites/other.png'))).toBe('linked_folder');
    expect(await codeOf(() => Promise.resolve().then(() => store.resolve('.forge/generated/sprites/other.png')))).toBe('linked_folder');
    expect((await store.list()).map((asset) => asset.relativePath)).toEqual([savedPath]);
    const bytes = await solidPng();
    expect(await codeOf(() => store.save(bytes, { kind: 'sprites' }))).toBe('linked_folder');
  });

  it('refuses a symlinked file even when it points at an asset inside the store', async () => {
    const inside = store.resolve(savedPath);
    await symlink(inside, path.join(store.generatedDir, 'alias.png'));
    expect(await codeOf(() => store.get('.forge/generated/alias.png'))).toBe('outside_root');
    expect(await codeOf(() => store.thumbnail('.forge/generated/alias.png'))).toBe('outside_root');
    expect(await codeOf(() => Promise.resolve().then(() => store.resolve('.forge/generated/alias.png')))).toBe('outside_root');
    expect((await store.get(savedPath)).relativePath).toBe(savedPath);
    // A path that goes on through a file is simply not there.
    expect(await codeOf(() => store.get(`${savedPath}/inner.png`))).toBe('not_found');
    expect(store.resolve(`${savedPath}/inner.png`)).toBe(path.join(projectDir, savedPath, 'inner.png'));
  });

  it('refuses kinds that are not one plain folder name', async () => {
    const bytes = await solidPng();
    for (const kind of ['../escape', 'a/b', '..', '.hidden', 'a\\b', '', '%2e%2e']) {
      expect(await codeOf(() => store.save(bytes, { kind }))).toBe('outside_root');
    }
    expect((await store.list()).length).toBe(1);
  });

  it('never resolves any string to a path outside the real root (property)', () => {
    const realRoot = realPathSoFar(store.root);
    const segment = fc.constantFrom('..', '.', '.forge', 'generated', '%2e%2e', '%252e', 'a', '\\', 'x.png', '', '%2f', 'C:', '~');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.constantFrom('/', '\\', ''), (segments, separator) => {
        const attempt = segments.join(separator === '' ? '/' : separator);
        try {
          const resolved = store.resolve(attempt);
          expect(isInside(store.root, resolved)).toBe(true);
          expect(isInside(realRoot, realPathSoFar(resolved))).toBe(true);
        } catch (error) {
          expect(AssetStoreError.isInstance(error) && error.code === 'outside_root').toBe(true);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
