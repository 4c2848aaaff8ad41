import { describe, expect, it } from 'vitest';

import type { LibraryAsset } from '../../contract/index.ts';
import { applyChanges, kindOfPath, type LoadedAssets } from './library-changes.ts';

function image(name: string, createdAt: string, kind = ''): LibraryAsset {
  const relativePath = kind === '' ? `.forge/generated/${name}` : `.forge/generated/${kind}/${name}`;
  return {
    status: 'image',
    relativePath,
    name,
    kind,
    createdAt,
    size: 10,
    url: `/files/${relativePath}`,
    thumbnail: { src: `/thumbnails/${relativePath}?h=192`, src2x: `/thumbnails/${relativePath}?h=384` },
    width: 10,
    height: 10,
    mediaType: 'image/png',
    fromChat: kind === '',
  };
}

const a = image('a.png', '2026-01-03T00:00:00.000Z');
const b = image('b.png', '2026-01-02T00:00:00.000Z', 'sprites');
const c = image('c.png', '2026-01-01T00:00:00.000Z');

function loaded(overrides: Partial<LoadedAssets> = {}): LoadedAssets {
  return {
    assets: [a, b, c],
    total: 3,
    kinds: [
      { kind: '', count: 2 },
      { kind: 'sprites', count: 1 },
    ],
    nextCursor: null,
    resultsKind: undefined,
    ...overrides,
  };
}

describe('kindOfPath', () => {
  it('reads the folder below generated/ in both modes', () => {
    expect(kindOfPath('.forge/generated/x.png')).toBe('');
    expect(kindOfPath('.forge/generated/sprites/x.png')).toBe('sprites');
    expect(kindOfPath('generated/meshes/deep/x.glb')).toBe('meshes');
    expect(kindOfPath('generated/x.png')).toBe('');
  });
});

describe('applyChanges', () => {
  it('puts a new asset in its place in the order and counts it', () => {
    const newest = image('d.png', '2026-01-04T00:00:00.000Z');
    const middle = image('e.png', '2026-01-02T12:00:00.000Z', 'sprites');
    const next = applyChanges(loaded(), [newest, middle], []);
    expect(next.assets.map((asset) => asset.name)).toEqual(['d.png', 'a.png', 'e.png', 'b.png', 'c.png']);
    expect(next.total).toBe(5);
    expect(next.kinds).toEqual([
      { kind: '', count: 3 },
      { kind: 'sprites', count: 2 },
    ]);
  });

  it('takes a removed asset away, and drops a kind that is left empty', () => {
    const next = applyChanges(loaded(), [], [b.relativePath]);
    expect(next.assets.map((asset) => asset.name)).toEqual(['a.png', 'c.png']);
    expect(next.total).toBe(2);
    expect(next.kinds).toEqual([{ kind: '', count: 2 }]);
  });

  it('replaces an asset changed in place (in both lists) without counting it twice', () => {
    const rewritten = { ...b, size: 99 };
    const next = applyChanges(loaded(), [rewritten], [b.relativePath]);
    expect(next.assets.map((asset) => [asset.name, asset.size])).toEqual([
      ['a.png', 10],
      ['b.png', 99],
      ['c.png', 10],
    ]);
    expect(next.total).toBe(3);
  });

  it('counts but does not show an asset of another kind than the one shown', () => {
    const next = applyChanges(loaded({ assets: [b], total: 1, resultsKind: 'sprites' }), [image('d.png', '2026-01-04T00:00:00.000Z')], []);
    expect(next.assets).toEqual([b]);
    expect(next.total).toBe(1);
    expect(next.kinds).toContainEqual({ kind: '', count: 3 });
  });

  it('leaves an asset older than the loaded pages to the next page', () => {
    const older = image('z.png', '2025-01-01T00:00:00.000Z');
    const next = applyChanges(loaded({ nextCursor: 'more' }), [older], []);
    expect(next.assets.map((asset) => asset.name)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(next.total).toBe(4);
    expect(applyChanges(loaded(), [older], []).assets.at(-1)?.name).toBe('z.png');
  });

  it('orders the same time by the later path first, as the host does', () => {
    const twin = image('b2.png', b.createdAt, 'sprites');
    expect(applyChanges(loaded(), [twin], []).assets.map((asset) => asset.name)).toEqual(['a.png', 'b2.png', 'b.png', 'c.png']);
  });
});
