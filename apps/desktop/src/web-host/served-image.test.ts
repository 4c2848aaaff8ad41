import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openServedImage, servedImagePath, sniffImageType } from './served-image.ts';
import type { ImageSource } from './served-image.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('sniffImageType', () => {
  it('knows PNG, JPEG, WebP and GIF by their leading bytes, and nothing else', () => {
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xdb]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBP', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WAVE', 'latin1'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('GIF87a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('GIF88a'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('GIF89b'))).toBeUndefined();
    expect(sniffImageType(Buffer.from('RIFX\x00\x00\x00\x00WEBP', 'latin1'))).toBeUndefined();
    for (const text of ['<svg xmlns="http://www.w3.org/2000/svg">', '<!doctype html>', '', '\x89PN']) expect(sniffImageType(Buffer.from(text, 'latin1')), text).toBeUndefined();
  });
});

describe('openServedImage', () => {
  let root: string;
  let source: ImageSource;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'forge-served-'));
    const generatedDir = join(root, '.forge', 'generated');
    await mkdir(generatedDir, { recursive: true });
    source = {
      generatedDir,
      resolve: (relativePath) => {
        if (relativePath.includes('..')) throw new Error('outside');
        return join(root, relativePath);
      },
    };
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('opens an image under generated/ and says its type and size', async () => {
    await writeFile(join(source.generatedDir, 'a.png'), png);
    const image = await openServedImage(source, '.forge/generated/a.png');
    expect(image && { size: image.size, contentType: image.contentType }).toEqual({ size: png.length, contentType: 'image/png' });
    await image?.handle.close();
    expect(servedImagePath(source, '.forge/generated/a.png')).toBe(join(source.generatedDir, 'a.png'));
  });

  it('refuses what the store refuses, generated/ itself, hidden names, other extensions, links and folders', async () => {
    await writeFile(join(source.generatedDir, '.tmp-a.png'), png);
    await writeFile(join(source.generatedDir, 'a.svg'), png);
    await writeFile(join(root, 'outside.png'), png);
    await symlink(join(root, 'outside.png'), join(source.generatedDir, 'link.png'));
    await mkdir(join(source.generatedDir, 'folder.png'));
    for (const path of ['.forge/generated/../../x.png', '.forge/generated', '.forge/generated/.tmp-a.png', '.forge/generated/a.svg', '.forge/generated/link.png', '.forge/generated/folder.png', '.forge/generated/none.png', 'outside.png']) {
      expect(await openServedImage(source, path), path).toBeUndefined();
      expect(servedImagePath(source, path), path).toBeUndefined();
    }
  });

  it('stays inside generated/ even when the store would resolve a path outside it', async () => {
    await writeFile(join(root, 'outside.png'), png);
    await mkdir(join(source.generatedDir, 'sprites', '.cache'), { recursive: true });
    await writeFile(join(source.generatedDir, 'sprites', '.cache', 'a.png'), png);
    const trusting: ImageSource = { generatedDir: source.generatedDir, resolve: (relativePath) => join(root, relativePath) };
    for (const path of ['.forge/generated/../../outside.png', 'outside.png', '.forge/generated/sprites/.cache/a.png']) {
      expect(await openServedImage(trusting, path), path).toBeUndefined();
      expect(servedImagePath(trusting, path), path).toBeUndefined();
    }
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO named like an image at once, without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(source.generatedDir, 'pipe.png')]);
    expect(await openServedImage(source, '.forge/generated/pipe.png')).toBeUndefined();
    expect(servedImagePath(source, '.forge/generated/pipe.png')).toBeUndefined();
  });
});
