import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { solidJpeg, solidPng, solidWebp } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import { readProvenance } from './image-header.ts';
import { openAssetStore } from './open-asset-store.ts';
import { buildProvenance } from './provenance.ts';
import { copyParents, decodeParents, encodeParents, maxParents, normaliseParents, type ProvenanceParent } from './provenance-lineage.ts';
import { decodeXmpPacket, encodeXmpPacket } from './xmp-packet.ts';

const hashA = 'a'.repeat(64);
const hashB = '0123456789abcdef'.repeat(4);

let workDir: string;
let projectDir: string;
let store: AssetStore;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-lineage-'));
  projectDir = path.join(workDir, 'project');
  await mkdir(projectDir);
  store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
});

afterAll(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('lineage in the provenance', () => {
  it.each([
    ['PNG', () => solidPng(32, 32)],
    ['JPEG', () => solidJpeg(32, 32)],
    ['WebP', () => solidWebp(32, 32, { lossless: true, alpha: true })],
  ])('names each parent by path and hash in a %s, and list(), get(), a new process and an exported copy read it back', async (_format, make) => {
    const parent = await store.save(await solidPng(32, 32), { prompt: 'an airship' });
    const reference = await store.save(await solidPng(16, 16), { kind: 'references', source: 'reference' });
    const parentHash = sha256Of(await readFile(parent.path));
    const referenceHash = sha256Of(await readFile(reference.path));
    const derivedFrom: ProvenanceParent[] = [
      { relativePath: parent.relativePath, sha256: parentHash, role: 'parent' },
      { relativePath: reference.relativePath, sha256: referenceHash.toUpperCase(), role: 'reference' },
    ];
    const child = await store.save(await make(), { prompt: 'make it bluer', derivedFrom });
    const expected = [
      { relativePath: '.forge/generated/' + parent.id, sha256: parentHash, role: 'parent' },
      { relativePath: '.forge/generated/' + reference.id, sha256: referenceHash, role: 'reference' },
    ];
    expect(child.provenance.derivedFrom).toEqual(expected);
    expect((await store.get(child.relativePath)).provenance.derivedFrom).toEqual(expected);
    expect((await store.list()).find((asset) => asset.id === child.id)?.provenance.derivedFrom).toEqual(expected);

    // A new process lists from the index and the log of saves, not the files: the lineage is in both.
    await store.close();
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
    expect((await store.list()).find((asset) => asset.id === child.id)?.provenance.derivedFrom).toEqual(expected);
    await store.close();
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir: path.join(workDir, 'cache') });
    expect((await store.list()).find((asset) => asset.id === child.id)?.provenance.derivedFrom).toEqual(expected);

    const exported = path.join(workDir, `exported-${path.basename(child.path)}`);
    await copyFile(child.path, exported);
    const bytes = await readFile(exported);
    expect(readProvenance(bytes).derivedFrom).toEqual(expected);
    // Any metadata viewer shows it as text: role, hash, path.
    expect((await sharp(bytes).metadata()).xmp?.toString('utf8')).toContain(`parent sha256:${parentHash} .forge/generated/${parent.id}`);
  });

  it('leaves the field out when there is no parent', async () => {
    const asset = await store.save(await solidPng(8, 8), { prompt: 'fresh', derivedFrom: [] });
    expect(asset.provenance).not.toHaveProperty('derivedFrom');
    expect(encodeXmpPacket(asset.provenance)).not.toContain('derivedFrom');
    expect((await store.get(asset.relativePath)).provenance).not.toHaveProperty('derivedFrom');
  });

  it('refuses lineage it could not read back, and writes nothing', async () => {
    const before = (await store.list()).length;
    const bad: [unknown, RegExp][] = [
      [[{ relativePath: '../outside.png', sha256: hashA, role: 'parent' }], /without \.\./],
      [[{ relativePath: '/abs/x.png', sha256: hashA, role: 'parent' }], /relative to the project/],
      [[{ relativePath: 'C:\\x.png', sha256: hashA, role: 'parent' }], /relative to the project/],
      [[{ relativePath: '.forge/generated/a\nb.png', sha256: hashA, role: 'parent' }], /control characters/],
      [[{ relativePath: '', sha256: hashA, role: 'parent' }], /1–1024 characters/],
      [[{ relativePath: 'x'.repeat(1025), sha256: hashA, role: 'parent' }], /1–1024 characters/],
      [[{ relativePath: 'generated/x.png', sha256: 'abc', role: 'parent' }], /64 hex digits/],
      [[{ relativePath: 'generated/x.png', sha256: 'g'.repeat(64), role: 'parent' }], /64 hex digits/],
      [[{ relativePath: 'generated/x.png', sha256: hashA, role: 'sibling' }], /roles "parent" or "reference"/],
      [[{ relativePath: 'generated/x.png' }], /relativePath and a sha256/],
      [[null], /relativePath and a sha256/],
      ['generated/x.png', /a list of/],
      [Array.from({ length: maxParents + 1 }, (_, index) => ({ relativePath: `generated/${index}.png`, sha256: hashA, role: 'reference' })), /at most 16 files \(got 17\)/],
    ];
    for (const [derivedFrom, message] of bad) {
      await expect(store.save(await solidPng(8, 8), { derivedFrom: derivedFrom as ProvenanceParent[] })).rejects.toThrow(message);
    }
    expect((await store.list()).length).toBe(before);
  });

  it('keeps one entry per file, role and hash', () => {
    const twice = normaliseParents([
      { relativePath: 'generated/a.png', sha256: hashA, role: 'parent' },
      { relativePath: 'generated/a.png', sha256: hashA.toUpperCase(), role: 'parent' },
      { relativePath: 'generated/a.png', sha256: hashA, role: 'reference' },
      { relativePath: 'generated/a.png', sha256: hashB, role: 'parent' },
      { relativePath: 'generated/b.png', sha256: hashA, role: 'parent' },
    ]);
    expect(twice).toHaveLength(4);
    expect(normaliseParents(Array.from({ length: maxParents }, () => ({ relativePath: 'generated/a.png', sha256: hashA, role: 'parent' as const })))).toHaveLength(1);
  });

  it('reads only lines written exactly as it writes them', () => {
    const good = `parent sha256:${hashA} .forge/generated/a b (1).png`;
    expect(decodeParents([good, 'junk', `parent sha256:${hashA}`, `child sha256:${hashA} x.png`, `parent sha256:${hashA.toUpperCase()} x.png`, `reference sha256:${hashB} ../up.png`, `reference sha256:${hashB} generated/r.png`].join('\r\n'))).toEqual([
      { relativePath: '.forge/generated/a b (1).png', sha256: hashA, role: 'parent' },
      { relativePath: 'generated/r.png', sha256: hashB, role: 'reference' },
    ]);
    expect(decodeParents(Array.from({ length: 20 }, (_, index) => `reference sha256:${hashA} generated/${index}.png`).join('\n'))).toHaveLength(maxParents);
    expect(decodeParents('')).toEqual([]);
  });

  it('reads lineage another tool wrote as an element', () => {
    const packet = `<rdf:Description xmlns:forge="urn:forge:provenance:1"><forge:derivedFrom>parent sha256:${hashA} generated/x.png&#10;reference sha256:${hashB} generated/y.png</forge:derivedFrom></rdf:Description>`;
    expect(decodeXmpPacket(packet)?.derivedFrom).toEqual([
      { relativePath: 'generated/x.png', sha256: hashA, role: 'parent' },
      { relativePath: 'generated/y.png', sha256: hashB, role: 'reference' },
    ]);
  });

  it('round-trips any well-formed lineage (property)', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '(', ')', 'é', '🚀', '&', '"', '<'), minLength: 1, maxLength: 12 }).filter((text) => text !== '..');
    const parent = fc.record({
      relativePath: fc.array(segment, { minLength: 1, maxLength: 4 }).map((segments) => segments.join('/')),
      sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
      role: fc.constantFrom('parent' as const, 'reference' as const),
    });
    fc.assert(
      fc.property(fc.array(parent, { maxLength: maxParents }), (parents) => {
        const provenance = buildProvenance({ createdAt: new Date(0), width: 1, height: 1, derivedFrom: parents });
        const read = decodeXmpPacket(encodeXmpPacket(provenance));
        expect(read?.derivedFrom ?? []).toEqual(normaliseParents(parents));
        expect(decodeParents(encodeParents(normaliseParents(parents)))).toEqual(normaliseParents(parents));
      }),
      { numRuns: 300 },
    );
  });

  it('gives callers their own copy', async () => {
    const asset = await store.save(await solidPng(8, 8), { derivedFrom: [{ relativePath: 'generated/a.png', sha256: hashA, role: 'parent' }] });
    const first = await store.get(asset.relativePath);
    first.provenance.derivedFrom?.splice(0);
    const listed = await store.list();
    (listed.find((candidate) => candidate.id === asset.id)?.provenance.derivedFrom ?? [])[0]!.relativePath = 'changed';
    expect((await store.get(asset.relativePath)).provenance.derivedFrom).toEqual([{ relativePath: 'generated/a.png', sha256: hashA, role: 'parent' }]);
    const original = [{ relativePath: 'generated/a.png', sha256: hashA, role: 'parent' as const }];
    const copy = copyParents(original);
    copy[0]!.relativePath = 'x';
    expect(original[0]?.relativePath).toBe('generated/a.png');
  });
});
