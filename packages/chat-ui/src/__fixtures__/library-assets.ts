// Library assets in every state, shared by stories and tests: images (with and without
// provenance), a mesh and a sound, broken files, hostile text, and a long list.
import type { LibraryAsset, LibraryBrokenFile, LibraryFile, LibraryImage } from '../library-types.ts';
import { landscapePng, portraitPng, squarePng, tinyPng } from './images.ts';

export const airshipLibraryPrompt = 'Concept art for a steampunk airship at dusk';

export function libraryImage(overrides: Partial<LibraryImage> = {}): LibraryImage {
  return {
    status: 'image',
    relativePath: '.forge/generated/20261123-195130-042.png',
    name: '20261123-195130-042.png',
    kind: '',
    createdAt: '2026-11-23T19:51:30.042Z',
    size: 2_412_331,
    url: landscapePng,
    thumbnail: { src: landscapePng, src2x: landscapePng },
    width: 1536,
    height: 1024,
    mediaType: 'image/png',
    prompt: airshipLibraryPrompt,
    model: 'gpt-image-2',
    source: 'forge-chat/codex',
    fromChat: true,
    ...overrides,
  };
}

export const airshipImage = libraryImage({
  revisedPrompt: 'A brass-and-canvas steampunk airship drifting over rolling hills at dusk, painterly concept art',
});

export const spriteImage = libraryImage({
  relativePath: '.forge/generated/sprites/20261122-101500-000.png',
  name: '20261122-101500-000.png',
  kind: 'sprites',
  createdAt: '2026-11-22T10:15:00.000Z',
  size: 84_211,
  url: portraitPng,
  thumbnail: { src: portraitPng, src2x: portraitPng },
  width: 1024,
  height: 1536,
  prompt: 'Sprite sheet of a small knight in a four-frame walk cycle, transparent background',
  model: 'gpt-image-2',
  source: 'forge-asset-studio',
  fromChat: false,
});

/** Another tool's image: no provenance at all, a name that is not a Forge timestamp. */
export const foreignImage: LibraryImage = (() => {
  const { prompt: _prompt, model: _model, source: _source, ...rest } = libraryImage({
    relativePath: '.forge/generated/sprites/hero idle.webp',
    name: 'hero idle.webp',
    kind: 'sprites',
    createdAt: '2026-11-20T08:00:00.000Z',
    size: 5_120,
    url: tinyPng,
    thumbnail: { src: tinyPng, src2x: tinyPng },
    width: 64,
    height: 64,
    mediaType: 'image/webp',
    fromChat: false,
  });
  return rest;
})();

export const meshFile: LibraryFile = {
  status: 'file',
  relativePath: '.forge/generated/meshes/20261121-120000-000.glb',
  name: '20261121-120000-000.glb',
  kind: 'meshes',
  createdAt: '2026-11-21T12:00:00.000Z',
  size: 1_834_003,
  typeLabel: '3D model',
  extension: 'GLB',
};

export const soundFile: LibraryFile = {
  status: 'file',
  relativePath: '.forge/generated/audio/footstep-grass.wav',
  name: 'footstep-grass.wav',
  kind: 'audio',
  createdAt: '2026-11-19T17:42:10.000Z',
  size: 96_044,
  typeLabel: 'Audio',
  extension: 'WAV',
};

export const emptyFile: LibraryBrokenFile = {
  status: 'broken',
  relativePath: '.forge/generated/sprites/20261118-090000-000.png',
  name: '20261118-090000-000.png',
  kind: 'sprites',
  createdAt: '2026-11-18T09:00:00.000Z',
  size: 0,
  problem: 'Empty file',
};

export const corruptFile: LibraryBrokenFile = {
  status: 'broken',
  relativePath: '.forge/generated/20261117-000000-000.png',
  name: '20261117-000000-000.png',
  kind: '',
  createdAt: '2026-11-17T00:00:00.000Z',
  size: 1_204,
  problem: 'Not a readable PNG image',
};

/** A header that reads but a picture that does not: the thumbnail fails and the tile turns broken. */
export const truncatedImage = libraryImage({
  relativePath: '.forge/generated/20261116-000000-000.png',
  name: '20261116-000000-000.png',
  createdAt: '2026-11-16T00:00:00.000Z',
  size: 40_960,
  url: 'data:image/png;base64,iVBORw0KGgo=',
  thumbnail: { src: 'data:image/png;base64,iVBORw0KGgo=', src2x: 'data:image/png;base64,iVBORw0KGgo=' },
  prompt: 'A lighthouse on a cliff, cut short mid-write',
});

/** Provenance written by someone hostile: markup, control characters, a very long prompt. */
export const hostileImage = libraryImage({
  relativePath: '.forge/generated/20261115-000000-000.png',
  name: '<b>bold</b>.png',
  createdAt: '2026-11-15T00:00:00.000Z',
  url: squarePng,
  thumbnail: { src: squarePng, src2x: squarePng },
  width: 1024,
  height: 1024,
  prompt: `<img src=x onerror="document.body.dataset.pwned='yes'"><script>alert(1)</script> airship ${'very long prompt '.repeat(400)}`,
  model: '<i>model</i>',
});

const prompts = [
  'Concept art for a steampunk airship at dusk',
  'A UI button in three states: idle, hover, pressed',
  'Isometric tavern interior with warm lantern light',
  'Pixel-art forest tileset, sixteen by sixteen',
  'A dragon egg on a velvet cushion, studio lighting',
  'Icon of a brass key for an inventory screen',
  'Sprite sheet of a slime bouncing, four frames',
  'Moody harbour at night with fishing boats',
];
const pictures = [landscapePng, squarePng, portraitPng];
const sizes: Array<[number, number]> = [
  [1536, 1024],
  [1024, 1024],
  [1024, 1536],
];

/** `count` assets, newest first: mostly chat images, every fifth a sprite, every thirteenth a mesh, every seventeenth broken. */
export function manyAssets(count: number, start = Date.parse('2026-11-23T12:00:00.000Z')): LibraryAsset[] {
  const assets: LibraryAsset[] = [];
  for (let index = 0; index < count; index += 1) {
    const createdAt = new Date(start - index * 60_000).toISOString();
    const stamp = createdAt.replace(/[-:]/g, '').replace('T', '-').replace(/\.(\d{3})Z$/, '-$1');
    if (index % 13 === 12) {
      assets.push({ ...meshFile, relativePath: `.forge/generated/meshes/${stamp}.glb`, name: `${stamp}.glb`, createdAt });
      continue;
    }
    if (index % 17 === 16) {
      assets.push({ ...emptyFile, relativePath: `.forge/generated/sprites/${stamp}.png`, name: `${stamp}.png`, createdAt });
      continue;
    }
    const kind = index % 5 === 4 ? 'sprites' : '';
    const picture = pictures[index % pictures.length] ?? landscapePng;
    const [width, height] = sizes[index % sizes.length] ?? [1536, 1024];
    const folder = kind === '' ? '.forge/generated' : `.forge/generated/${kind}`;
    assets.push(
      libraryImage({
        relativePath: `${folder}/${stamp}.png`,
        name: `${stamp}.png`,
        kind,
        createdAt,
        size: 1_000_000 + index * 37,
        url: picture,
        thumbnail: { src: picture, src2x: picture },
        width,
        height,
        prompt: `${prompts[index % prompts.length] ?? 'An image'} (${index + 1})`,
        fromChat: kind === '',
      }),
    );
  }
  return assets;
}

/** The kinds and counts the listing would report for `assets`. */
export function kindsOf(assets: readonly LibraryAsset[]): Array<{ kind: string; count: number }> {
  const counts = new Map<string, number>();
  for (const asset of assets) counts.set(asset.kind, (counts.get(asset.kind) ?? 0) + 1);
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/** What a host's search does, for stories: every word somewhere in prompt, revised prompt, model, kind or name. */
export function searchAssets(assets: readonly LibraryAsset[], query: string, kind?: string): LibraryAsset[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return assets.filter((asset) => {
    if (kind !== undefined && asset.kind !== kind) return false;
    const fields = asset.status === 'image' ? [asset.prompt, asset.revisedPrompt, asset.model] : [];
    const text = [...fields, asset.kind === '' ? 'in chat' : asset.kind, asset.name].join('\n').toLowerCase();
    return words.every((word) => text.includes(word));
  });
}
