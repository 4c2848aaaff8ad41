import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';

import { inspectImage } from '@forge/image-gen';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { propertyRuns } from './__fixtures__/property-runs.ts';
import { solidJpeg, solidPng, solidWebp } from './__fixtures__/images.ts';
import type { AssetStore } from './asset-store-spec.ts';
import { bytesSource } from './byte-source.ts';
import { readImageHeader, readProvenance } from './image-header.ts';
import { embedProvenance } from './image-metadata.ts';
import { openAssetStore } from './open-asset-store.ts';
import { buildProvenance, generatorName } from './provenance.ts';
import { decodeXmpBytes, decodeXmpPacket, encodeXmpPacket } from './xmp-packet.ts';

let workDir: string;
let store: AssetStore;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asset-store-provenance-'));
  await mkdir(path.join(workDir, 'project'));
  store = await openAssetStore({ mode: 'project', projectDir: path.join(workDir, 'project'), cacheDir: path.join(workDir, 'cache') });
});

afterAll(async () => {
  await store.close();
  await rm(workDir, { recursive: true, force: true });
});

const meta = {
  createdAt: new Date('2026-11-23T19:51:30.042Z'),
  prompt: 'concept art for a steampunk airship — "brass & canvas" <at dawn>\nsecond line, émoji 🚀',
  revisedPrompt: 'A detailed steampunk airship with brass fittings…',
  model: 'gpt-image-2',
  source: 'chat',
  credit: 'Silhouette "zeppelin" by Skoll from Game Icons (https://game-icons.net), CC BY 3.0',
};

const expectedProvenance = {
  prompt: meta.prompt,
  revisedPrompt: meta.revisedPrompt,
  model: 'gpt-image-2',
  createdAt: '2026-11-23T19:51:30.042Z',
  source: 'chat',
  generator: generatorName,
  credit: meta.credit,
};

const formats = [
  ['PNG', () => solidPng(64, 48), 'png'],
  ['JPEG', () => solidJpeg(64, 48), 'jpeg'],
  ['lossy WebP', () => solidWebp(64, 48), 'webp'],
  ['lossless WebP with alpha', () => solidWebp(64, 48, { lossless: true, alpha: true }), 'webp'],
] as const;

describe('provenance inside the file', () => {
  it.each(formats)('round-trips through list(), get() and an exported copy of a %s', async (_label, make, format) => {
    const original = await make();
    const asset = await store.save(original, meta);
    expect(asset.provenance).toEqual({ ...expectedProvenance, width: 64, height: 48 });
    const listed = (await store.list()).find((candidate) => candidate.id === asset.id);
    expect(listed?.provenance).toEqual(asset.provenance);
    expect((await store.get(asset.relativePath)).provenance).toEqual(asset.provenance);

    // Dragged out of the app: the copy still says where it came from.
    const exported = path.join(workDir, `exported-${asset.id}`);
    await copyFile(asset.path, exported);
    expect(readProvenance(await readFile(exported))).toEqual(asset.provenance);

    // Other tools see it as XMP, and the pixels are untouched (never re-encoded).
    const metadata = await sharp(exported).metadata();
    expect(metadata.format).toBe(format);
    expect(metadata.xmp?.toString('utf8')).toContain('gpt-image-2');
    const [before, after] = await Promise.all([sharp(original).raw().toBuffer(), sharp(exported).raw().toBuffer()]);
    expect(after.equals(before)).toBe(true);
    expect(metadata.hasAlpha).toBe((await sharp(original).metadata()).hasAlpha);
  });

  it('keeps API keys and tokens out of the file', async () => {
    const key = 'sk-fake-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';
    const asset = await store.save(await solidPng(), { prompt: `draw a cat (api_key=${key}) Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl`, model: 'gpt-image-2' });
    const text = (await readFile(asset.path)).toString('latin1');
    expect(text).not.toContain(key);
    expect(text).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(asset.provenance.prompt).toContain('draw a cat');
    expect(asset.provenance.prompt).toContain('[redacted]');
  });

  it('replaces provenance already in the bytes instead of stacking a second copy', async () => {
    const first = await store.save(await solidPng(), { prompt: 'first prompt' });
    const again = await store.save(await readFile(first.path), { prompt: 'second prompt' });
    const text = (await readFile(again.path)).toString('latin1');
    expect(text.split('XML:com.adobe.xmp').length - 1).toBe(1);
    expect(text).not.toContain('first prompt');
    expect(again.provenance.prompt).toBe('second prompt');
  });

  it('fits a very long prompt into a JPEG (one APP1 segment) and keeps the image valid', async () => {
    const prompt = 'a very long prompt '.repeat(2000);
    const asset = await store.save(await solidJpeg(), { prompt });
    const bytes = await readFile(asset.path);
    expect(inspectImage(bytes).mediaType).toBe('image/jpeg');
    await sharp(bytes, { failOn: 'error' }).raw().toBuffer();
    const stored = readProvenance(bytes).prompt ?? '';
    expect(stored.length).toBeGreaterThan(1000);
    expect(prompt.startsWith(stored)).toBe(true);
  });

  it('reads back exactly the provenance it wrote, for any text, in every format (property)', async () => {
    const images = await Promise.all(formats.map(([, make]) => make()));
    // Control characters cannot travel in XML, nor half a surrogate pair in UTF-8: buildProvenance
    // drops the one and writes U+FFFD for the other, so what save() returns is what a listing reads.
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)), maxLength: 200 }));
    fc.assert(
      fc.property(fc.nat({ max: images.length - 1 }), text, text, (which, prompt, model) => {
        const bytes = images[which] as Uint8Array;
        const info = inspectImage(bytes);
        const provenance = buildProvenance({ prompt, model, createdAt: meta.createdAt, width: info.width, height: info.height });
        const embedded = Buffer.concat(embedProvenance(bytes, info, provenance));
        expect(inspectImage(embedded)).toEqual(info);
        expect(readProvenance(embedded)).toEqual(provenance);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('reads provenance another tool rewrote: elements, another prefix, single quotes', () => {
    const packet = [
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
      "<rdf:Description xmlns:fp = 'urn:forge:provenance:1' fp:model='gpt-image-2' fp:width=\"640\">",
      '<fp:prompt>a lighthouse &amp; a storm, caf\u00e9 style</fp:prompt><fp:height>480</fp:height>',
      '</rdf:Description></rdf:RDF></x:xmpmeta>',
    ].join('\n');
    const expected = { prompt: 'a lighthouse & a storm, caf\u00e9 style', model: 'gpt-image-2', width: 640, height: 480 };
    expect(decodeXmpPacket(packet)).toEqual(expected);
    expect(decodeXmpBytes(Buffer.from(packet, 'utf8'))).toEqual(expected);
    expect(decodeXmpBytes(Buffer.from(packet.replace('urn:forge:provenance:1', 'urn:other:1'), 'utf8'))).toBeUndefined();
  });

  it('reads a packet laid out as ours exactly as its decoded text says, whatever the attributes hold (property)', async () => {
    // The listing reads packets laid out as encodeXmpPacket writes them directly; one that only
    // looks like ours (attributes out of order or unknown, a raw `<`, `forge:` in an xmp: value,
    // broken UTF-8) must still give what decodeXmpPacket reads in the decoded text, also when
    // read from a PNG where save() puts it.
    const png = await solidPng(64, 48);
    /** The PNG with `packet` in an XMP iTXt chunk right after IHDR, as save() puts it. */
    const withPacket = (packet: Buffer): Buffer => {
      const data = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), packet]);
      const itxt = Buffer.alloc(12 + data.length);
      itxt.writeUInt32BE(data.length, 0);
      itxt.write('iTXt', 4, 'latin1');
      data.copy(itxt, 8);
      itxt.writeUInt32BE(crc32(itxt.subarray(4, 8 + data.length)), 8 + data.length);
      return Buffer.concat([png.subarray(0, 33), itxt, png.subarray(33)]);
    };
    const [header = '', trailer = ''] = encodeXmpPacket({}).split('/>');
    const names = ['forge:prompt', 'forge:model', 'forge:createdAt', 'forge:kind', 'forge:width', 'forge:height', 'xmp:CreateDate', 'xmp:CreatorTool', 'forge:bogus', 'f:model'];
    const name = fc.constantFrom(...names);
    const piece = fc.oneof(
      // Digits and the spaces Number() trims (a no-break space, a BOM: non-ASCII in UTF-8) for the sizes.
      fc.constantFrom('a', 'é', '🚀', '&amp;', '&#x3c;', '&lt;forge:model&gt;', '<', "'", 'forge:model="x"', '<forge:model>evil</forge:model>', ' ', '\n   ', '12', '\u00a0', '\ufeff'),
      fc.string({ maxLength: 4 }).map((text) => text.replaceAll('"', '')),
    );
    const broken = fc.constantFrom(Buffer.from([0xc3]), Buffer.from([0xe2, 0x80]), Buffer.from([0xff]));
    const value = fc.array(fc.oneof(piece.map((text) => Buffer.from(text, 'utf8')), broken), { maxLength: 6 }).map((parts) => Buffer.concat(parts));
    // Half of them in the order encodeXmpPacket writes, as a packet of ours would be.
    const inOrder = (list: [string, Buffer][]): [string, Buffer][] => list.toSorted(([left], [right]) => names.indexOf(left) - names.indexOf(right));
    fc.assert(
      fc.property(fc.oneof(fc.array(fc.tuple(name, value), { maxLength: 8 }), fc.array(fc.tuple(name, value), { maxLength: 8 }).map(inOrder)), (attributes) => {
        const bytes = Buffer.concat([
          Buffer.from(header, 'utf8'),
          ...attributes.flatMap(([attribute, text]) => [Buffer.from(`\n   ${attribute}="`, 'utf8'), text, Buffer.from('"', 'utf8')]),
          Buffer.from(`/>${trailer}`, 'utf8'),
        ]);
        const expected = decodeXmpPacket(bytes.toString('utf8'));
        expect(decodeXmpBytes(bytes)).toEqual(expected);
        const file = withPacket(bytes);
        expect(readImageHeader(bytesSource(file))?.provenance).toEqual(expected ?? {});
      }),
      {
        numRuns: propertyRuns(2_000),
        // Sizes that Number() reads only once decoded: a no-break space and a BOM are non-ASCII in UTF-8.
        examples: [[[['forge:prompt', Buffer.from('café')], ['forge:width', Buffer.from('\u00a064')], ['forge:height', Buffer.from('\ufeff48')]]]],
      },
    );
  });
});
