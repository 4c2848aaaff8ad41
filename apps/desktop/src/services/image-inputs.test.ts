import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readdir, readFile, readlink, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openAssetStore, type AssetStore } from '@forge/asset-store';
import { createOfflineImageModel, generateImage } from '@forge/image-gen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createLatestImageOffer, loadAttachments } from './image-inputs.ts';

/** How many of this process's open files are `file` (Linux's /proc: 0 elsewhere). */
async function openHandlesOn(file: string): Promise<number> {
  const descriptors = await readdir('/proc/self/fd').catch(() => []);
  const targets = await Promise.all(descriptors.map((fd) => readlink(join('/proc/self/fd', fd)).catch(() => '')));
  return targets.filter((target) => target === file).length;
}

describe('the latest image offered for a follow-up in words', () => {
  let projectDir: string;
  let store: AssetStore;
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };

  async function saved(prompt: string, size: '1024x1024' | '1536x1024' = '1024x1024'): Promise<string> {
    const image = await generateImage({ model: createOfflineImageModel({ delayMs: 0 }), prompt, size });
    return (await store.save(image.bytes, { createdAt: new Date(), prompt })).relativePath;
  }

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-latest-'));
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir: join(projectDir, 'cache') });
    warnings.length = 0;
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
  });

  it('is read and checked once when prepared, and Send is answered from it while the file is unchanged', async () => {
    const offer = createLatestImageOffer(logger);
    const relativePath = await saved('a lighthouse at dusk');
    offer.prepare(store, relativePath);
    const first = await offer.get(store, relativePath);
    expect(first).toMatchObject({ role: 'parent', relativePath, mediaType: 'image/png' });
    // The same checked image, not a second read.
    expect(await offer.get(store, relativePath)).toBe(first);
  });

  it('reads the file again when it changed, offers nothing once it is gone, and follows a newer image', async () => {
    const offer = createLatestImageOffer(logger);
    const relativePath = await saved('a lighthouse at dusk');
    const before = await offer.get(store, relativePath);
    const other = await generateImage({ model: createOfflineImageModel({ delayMs: 0 }), prompt: 'a harbour at night', size: '1536x1024' });
    await writeFile(store.resolve(relativePath), other.bytes);
    const after = await offer.get(store, relativePath);
    expect(after?.sha256).not.toBe(before?.sha256);
    expect(Buffer.from(after?.bytes ?? []).equals(Buffer.from(other.bytes))).toBe(true);

    await rm(store.resolve(relativePath));
    expect(await offer.get(store, relativePath)).toBeUndefined();
    expect(warnings).toEqual(['the latest image could not be offered for a follow-up']);

    const newer = await saved('a lighthouse at dawn');
    expect(await offer.get(store, newer)).toMatchObject({ relativePath: newer });
    expect(await offer.get(store, undefined)).toBeUndefined();
  });

  it('is checked when prepared: a later Send gets what was read then, while the file keeps its size and time', async () => {
    const offer = createLatestImageOffer(logger, { quietMs: 0 });
    const relativePath = await saved('a lighthouse at dusk');
    const file = store.resolve(relativePath);
    const time = new Date('2026-11-30T12:00:00Z');
    await utimes(file, time, time);
    const prepared = await readFile(file);
    offer.prepare(store, relativePath);
    // Let the preparation read the file, then change a byte without changing size or time.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const changed = Buffer.from(prepared);
    changed[changed.length - 20] = (changed[changed.length - 20] ?? 0) ^ 0xff;
    await writeFile(file, changed);
    await utimes(file, time, time);
    expect(Buffer.from((await offer.get(store, relativePath))?.bytes ?? []).equals(prepared)).toBe(true);
  });

  it('never takes another file of the same size and time for the one it kept', async () => {
    const offer = createLatestImageOffer(logger);
    const first = await saved('a lighthouse at dusk');
    const second = first.replace(/\.png$/, '-copy.png');
    await copyFile(store.resolve(first), store.resolve(second));
    const time = new Date('2026-11-30T12:00:00Z');
    await utimes(store.resolve(first), time, time);
    await utimes(store.resolve(second), time, time);
    await offer.get(store, first);
    expect(await offer.get(store, second)).toMatchObject({ relativePath: second });
  });

  it('sends an attached image whole, byte for byte, and refuses one grown past 20 MB before sending', async () => {
    const relativePath = await saved('a lighthouse at dusk', '1536x1024');
    const [image] = await loadAttachments(store, [{ relativePath }]);
    expect(Buffer.from(image?.bytes ?? []).equals(await readFile(store.resolve(relativePath)))).toBe(true);
    // Read into memory its own size (not the 20 MB cap: that cost a full garbage collection per turn), and the file closed.
    expect(image?.bytes.buffer.byteLength).toBeLessThan(2 * (image?.bytes.length ?? 0));
    expect(await openHandlesOn(store.resolve(relativePath))).toBe(0);
    // The same file grown huge after it was attached (its tail zeros): refused with its size, not read whole.
    await truncate(store.resolve(relativePath), 64 * 1024 * 1024);
    await expect(loadAttachments(store, [{ relativePath }])).rejects.toThrow(/is 20\.1 MB; Forge takes images up to 20 MB/);
  });

  it('sends an empty attached file as no image, with the reason', async () => {
    const relativePath = await saved('a lighthouse at dusk');
    await truncate(store.resolve(relativePath), 0);
    await expect(loadAttachments(store, [{ relativePath }])).rejects.toThrow(/is empty\. Attach a PNG, JPEG or WebP image/);
  });

  it('reads a file whose size is not known beforehand whole (a pipe: read as it grows)', { timeout: 20_000 }, async () => {
    const relativePath = await saved('a lighthouse at dusk', '1536x1024');
    const bytes = await readFile(store.resolve(relativePath));
    const piped = relativePath.replace(/\.png$/, '-piped.png');
    execFileSync('mkfifo', [store.resolve(piped)]);
    const writing = writeFile(store.resolve(piped), bytes);
    const [image] = await loadAttachments(store, [{ relativePath: piped }]);
    await writing;
    expect(Buffer.from(image?.bytes ?? []).equals(bytes)).toBe(true);
    // Grown as it was read, by doubling: never to the 20 MB cap.
    expect(image?.bytes.buffer.byteLength).toBeLessThan(4 * bytes.length);
  });
});
