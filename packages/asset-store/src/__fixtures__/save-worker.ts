// A second process using the store, for the cross-process tests. Modes:
//   burst <projectDir> <imageFile> <count> <createdAtIso>  waits for "go" on stdin, saves `count` images at once
//   hang <projectDir> <imageFile>                          saves once, printing "linking" and hanging before the name is taken
//   loop <projectDir> <imageFile>                          saves forever, printing each relativePath
// Each line it prints is JSON.
import { readFile } from 'node:fs/promises';

import { nodeFileSystem } from '../file-system.ts';
import { openAssetStore } from '../open-asset-store.ts';

const [mode, projectDir, imageFile, ...rest] = process.argv.slice(2);
if (mode === undefined || projectDir === undefined || imageFile === undefined) throw new Error('usage: save-worker <mode> <projectDir> <imageFile> …');
const bytes = new Uint8Array(await readFile(imageFile));
// The test's own cache folder, never the user's.
const cacheDir = process.env.FORGE_TEST_CACHE_DIR;
if (cacheDir === undefined) throw new Error('save-worker needs FORGE_TEST_CACHE_DIR');
const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

if (mode === 'burst') {
  const count = Number(rest[0]);
  const createdAt = new Date(rest[1] ?? '');
  const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
  print({ ready: true });
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const assets = await Promise.all(Array.from({ length: count }, () => store.save(bytes, { createdAt, prompt: `from ${process.pid}` })));
  print({ saved: assets.map((asset) => asset.relativePath) });
  await store.close();
  process.exit(0);
} else if (mode === 'hang') {
  const fs = {
    ...nodeFileSystem,
    link: async (): Promise<void> => {
      print({ linking: true });
      // Alive until killed: a promise that never settles does not keep Node running by itself
      // (the process would exit, and its temporary would rightly count as a dead writer's).
      setInterval(() => undefined, 60_000);
      await new Promise(() => undefined);
    },
  };
  const store = await openAssetStore({ mode: 'project', projectDir, cacheDir }, { fs });
  await store.save(bytes, { prompt: 'never finished' });
} else if (mode === 'loop') {
  const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
  for (let index = 0; ; index += 1) {
    const asset = await store.save(bytes, { prompt: `loop ${index}` });
    print({ saved: asset.relativePath });
  }
}
