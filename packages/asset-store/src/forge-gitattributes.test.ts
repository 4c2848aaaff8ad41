import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { solidPng } from './__fixtures__/images.ts';
import { type AssetStoreFileSystem, nodeFileSystem } from './file-system.ts';
import { forgeGitattributes } from './forge-gitattributes.ts';
import { openAssetStore } from './open-asset-store.ts';

let workDir: string;
let projectDir: string;
let cacheDir: string;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-git-'));
  projectDir = path.join(workDir, 'project');
  cacheDir = path.join(workDir, 'cache');
  await mkdir(projectDir);
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const attributesFile = (): string => path.join(projectDir, '.forge', '.gitattributes');

/** git with no user or system configuration, so only the repository's attributes count. */
function git(...args: string[]): string {
  return execFileSync('git', ['-C', projectDir, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}

describe('.forge/.gitattributes', () => {
  it('is written when the first save creates .forge, and leaves the project’s own git files alone', async () => {
    await writeFile(path.join(projectDir, '.gitattributes'), '*.txt text eol=crlf\n');
    await writeFile(path.join(projectDir, '.gitignore'), 'node_modules\n');
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await store.save(await solidPng());
    await store.close();
    const written = await readFile(attributesFile(), 'utf8');
    expect(written).toBe(forgeGitattributes);
    expect(written.split('\n')).toEqual(expect.arrayContaining(['ASSETS.md merge=union', 'generated/** binary']));
    expect(await readFile(path.join(projectDir, '.gitattributes'), 'utf8')).toBe('*.txt text eol=crlf\n');
    expect(await readFile(path.join(projectDir, '.gitignore'), 'utf8')).toBe('node_modules\n');
    expect((await readdir(path.join(projectDir, '.forge'))).sort()).toEqual(['.gitattributes', 'generated']);
    // Open mode's scratchpad is no project: no attributes there.
    const homeDir = path.join(workDir, 'home');
    await mkdir(homeDir);
    const open = await openAssetStore({ mode: 'open', homeDir, cacheDir });
    await open.save(await solidPng());
    await open.close();
    expect(await readdir(path.join(homeDir, '.forge', 'scratchpad'))).toEqual(['generated']);
    // A disk that refuses the attributes: none half-written is left (it would never be rewritten), and the save still lands.
    // Only the attributes are written with writeFile; a save writes its bytes with writev.
    const failing: AssetStoreFileSystem = {
      ...nodeFileSystem,
      open: async (...args: Parameters<typeof nodeFileSystem.open>) => {
        const handle = await nodeFileSystem.open(...args);
        const refuse = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        return new Proxy(handle, { get: (target, property) => (property === 'writeFile' ? refuse : (Reflect.get(target, property, target) as unknown)) });
      },
    };
    const failed = path.join(workDir, 'disk-full');
    await mkdir(failed);
    const refusing = await openAssetStore({ mode: 'project', projectDir: failed, cacheDir }, { fs: failing });
    const asset = await refusing.save(await solidPng());
    await refusing.close();
    expect((await readdir(path.join(failed, '.forge'))).sort()).toEqual(['generated']);
    expect(await readdir(path.dirname(asset.path))).toEqual([path.basename(asset.path)]);
  });

  it('is written when watch() creates .forge', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const stop = store.watch(() => undefined);
    for (let waited = 0; waited < 5000; waited += 20) {
      if ((await readdir(path.join(projectDir, '.forge')).catch((): string[] => [])).includes('generated')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    stop();
    await store.close();
    expect(await readFile(attributesFile(), 'utf8')).toBe(forgeGitattributes);
  });

  it('is never rewritten, and never added again to a .forge that already exists', async () => {
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await store.save(await solidPng());
    expect(await readFile(attributesFile(), 'utf8')).toBe(forgeGitattributes);
    await writeFile(attributesFile(), '# mine\n');
    const again = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await again.save(await solidPng());
    await again.save(await solidPng(), { kind: 'sprites' });
    expect(await readFile(attributesFile(), 'utf8')).toBe('# mine\n');
    await rm(attributesFile());
    const third = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    await third.save(await solidPng());
    expect(await readdir(path.join(projectDir, '.forge'))).toEqual(['generated']);
    await Promise.all([store.close(), again.close(), third.close()]);
  });

  it('makes git merge ASSETS.md by union and treat every generated file as binary', { timeout: 60_000 }, async () => {
    git('init', '-q');
    const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
    const asset = await store.save(await solidPng());
    await store.close();
    const attributes = git('check-attr', 'merge', 'diff', 'text', '--', '.forge/ASSETS.md', asset.relativePath, '.forge/generated/meshes/ship.gltf');
    expect(attributes.trim().split('\n')).toEqual([
      '.forge/ASSETS.md: merge: union',
      '.forge/ASSETS.md: diff: unspecified',
      '.forge/ASSETS.md: text: unspecified',
      `${asset.relativePath}: merge: unset`,
      `${asset.relativePath}: diff: unset`,
      `${asset.relativePath}: text: unset`,
      '.forge/generated/meshes/ship.gltf: merge: unset',
      '.forge/generated/meshes/ship.gltf: diff: unset',
      '.forge/generated/meshes/ship.gltf: text: unset',
    ]);
  });
});
