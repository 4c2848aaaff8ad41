import { truncate } from 'node:fs/promises';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { createMemoryFolder } from './__fixtures__/memory-folder.ts';
import { AppliedKeyIndex, type FileState } from './applied-key-index.ts';
import { nodeFileSystem } from './memory-file-system.ts';

const state: FileState = { size: 10n, mtimeNs: 20n, ctimeNs: 30n, ino: 40n };

describe('AppliedKeyIndex', () => {
  it('remembers every key it was given as it grows, and nothing else', async () => {
    const indexPath = path.join(await createMemoryFolder(), '.ASSETS.md.index');
    const index = await AppliedKeyIndex.build(nodeFileSystem, indexPath, ['generated/seed.png'], state);
    for (let batch = 0; batch < 10; batch += 1) {
      await index.add(Array.from({ length: 50 }, (_, item) => `generated/${batch}-${item}.png`), state);
    }
    await index.close();
    const reopened = await AppliedKeyIndex.load(nodeFileSystem, indexPath, state);
    expect(reopened).toBeDefined();
    const missing: string[] = [];
    for (const key of ['generated/seed.png', ...Array.from({ length: 500 }, (_, item) => `generated/${Math.floor(item / 50)}-${item % 50}.png`)]) {
      if (!(await reopened?.has(key))) missing.push(key);
    }
    expect(missing).toEqual([]);
    expect(await reopened?.has('generated/never.png')).toBe(false);
    await reopened?.close();
  });

  it('is not trusted once the memory file changed outside Forge, or when torn', async () => {
    const indexPath = path.join(await createMemoryFolder(), '.ASSETS.md.index');
    await (await AppliedKeyIndex.build(nodeFileSystem, indexPath, ['a'], state)).close();
    expect(await AppliedKeyIndex.load(nodeFileSystem, indexPath, { ...state, size: 11n })).toBeUndefined();
    expect(await AppliedKeyIndex.load(nodeFileSystem, indexPath, { ...state, mtimeNs: 21n })).toBeUndefined();
    expect(await AppliedKeyIndex.load(nodeFileSystem, indexPath, { ...state, ino: 41n })).toBeUndefined();
    await truncate(indexPath, 100);
    expect(await AppliedKeyIndex.load(nodeFileSystem, indexPath, state)).toBeUndefined();
  });
});
