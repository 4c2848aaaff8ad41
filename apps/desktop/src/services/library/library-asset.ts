// A file of the asset store as the Library shows it: what the file says (name, size, dates),
// what its provenance says (prompt, model, …) as safe text, and what kind of tile it gets.
// Nothing absolute leaves here: the renderer gets paths relative to the project.
import type { StoredFile } from '@forge/asset-store';

import type { LibraryAsset } from '../../contract/index.ts';

/** How a host reaches a stored file and its thumbnail. */
export interface LibraryUrls {
  /** The full file: `/files/…` on the web host, `forge-asset://asset/…` in Electron. */
  asset: (relativePath: string) => string;
  /** Its cached thumbnail `height` px tall; `version` changes whenever the file does. */
  thumbnail?: ((relativePath: string, height: number, version: string) => string) | undefined;
}

/** Long enough for any prompt Forge writes (the store keeps 32,000 characters); longer text from elsewhere is cut. */
export const maxTextLength = 32_000;

// Control characters (tab and newline stay), C1 controls and bidirectional overrides, which
// could reorder what a name or prompt appears to say.
// eslint-disable-next-line no-control-regex
const hiddenCharacters = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Provenance text as the renderer may show it: visible characters only, cut to a sane length. */
export function displayText(value: string, maxLength = maxTextLength): string {
  const visible = value.replace(hiddenCharacters, '');
  const cut = visible.length > maxLength ? `${visible.slice(0, maxLength)}…` : visible;
  return cut.replace(loneSurrogate, '\uFFFD');
}

/** A file name on one line: line breaks and tabs (legal in names on Linux) become spaces. */
function displayName(name: string): string {
  return displayText(name.replace(/[\t\n]/g, ' '), 1000);
}

const imageExtensions: Record<string, string> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', webp: 'WebP' };

const fileTypes: Array<[RegExp, string]> = [
  [/^(glb|gltf|obj|fbx|usdz?|stl|blend|dae|3ds|ply)$/, '3D model'],
  [/^(wav|mp3|ogg|oga|flac|m4a|aac|opus)$/, 'Audio'],
  [/^(mp4|webm|mov|mkv|avi)$/, 'Video'],
  [/^(gif|avif|bmp|tga|tif|tiff|psd|ico|exr|hdr|ktx2?|dds|svg)$/, 'Image without preview'],
  [/^(json|ya?ml|toml|csv)$/, 'Data'],
  [/^(txt|md)$/, 'Text'],
  [/^(ttf|otf|woff2?)$/, 'Font'],
];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** The folder below `generated/` a file is in ('' for the chat's own, at the top). */
export function kindOf(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? '' : id.slice(0, slash);
}

/** The file's identity for caches: it changes whenever the file is replaced or edited. */
export function fileVersion(file: Pick<StoredFile, 'size' | 'modifiedAt'>): string {
  return `${file.size.toString(36)}-${file.modifiedAt.getTime().toString(36)}`;
}

export function toLibraryAsset(file: StoredFile, urls: LibraryUrls): LibraryAsset {
  const rawName = file.id.slice(file.id.lastIndexOf('/') + 1);
  const base = {
    relativePath: file.relativePath,
    name: displayName(rawName),
    kind: kindOf(file.id),
    createdAt: file.createdAt.toISOString(),
    size: file.size,
  };
  const { asset } = file;
  const extension = extensionOf(rawName);
  if (asset === undefined) {
    if (file.size === 0) return { ...base, status: 'broken', problem: 'Empty file' };
    const imageType = imageExtensions[extension];
    if (imageType !== undefined) return { ...base, status: 'broken', problem: `Not a readable ${imageType} image` };
    const typeLabel = fileTypes.find(([pattern]) => pattern.test(extension))?.[1] ?? 'File';
    return { ...base, status: 'file', typeLabel, extension: displayText(extension.toUpperCase(), 12) };
  }
  const version = fileVersion(file);
  const { provenance } = asset;
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : displayText(value));
  const prompt = text(provenance.prompt);
  const revisedPrompt = text(provenance.revisedPrompt);
  const model = text(provenance.model);
  const source = text(provenance.source);
  const credit = text(provenance.credit);
  return {
    ...base,
    status: 'image',
    url: urls.asset(file.relativePath),
    // Without a thumbnail route (a host that has none) the full file stands in.
    thumbnail: {
      src: urls.thumbnail?.(file.relativePath, 192, version) ?? urls.asset(file.relativePath),
      src2x: urls.thumbnail?.(file.relativePath, 384, version) ?? urls.asset(file.relativePath),
    },
    width: asset.width,
    height: asset.height,
    mediaType: asset.mediaType,
    ...(prompt === undefined ? {} : { prompt }),
    ...(revisedPrompt === undefined ? {} : { revisedPrompt }),
    ...(model === undefined ? {} : { model }),
    ...(source === undefined ? {} : { source }),
    ...(credit === undefined ? {} : { credit }),
    fromChat: provenance.source?.startsWith('forge-chat') === true,
  };
}

/** What a search looks in: prompt, revised prompt, model, kind and file name as shown, lower-cased once. */
export function searchableText(asset: LibraryAsset): string {
  const fields = asset.status === 'image' ? [asset.prompt, asset.revisedPrompt, asset.model] : asset.status === 'file' ? [asset.typeLabel] : [];
  fields.push(asset.kind === '' ? 'in chat' : asset.kind, asset.name);
  return fields.filter((field) => field !== undefined).join('\n').toLowerCase();
}
