// How a Library asset reads on its tile and in its menus: its kind, date and size for a
// person, the text that shows the search's match, and the CompletedImage the chat's viewer,
// menu and drag take.
import type { CompletedImage } from '../chat-types.ts';
import type { LibraryAsset } from '../library-types.ts';
import { searchTerms } from '../highlight-text/search-terms.ts';

/** "In chat" for the chat's own images, else the folder as it is on disk ("sprites/"). */
export function kindLabel(kind: string): string {
  return kind === '' ? 'In chat' : `${kind}/`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function formatDate(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : dateFormat.format(time);
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toString()} ${units[unit] ?? 'TB'}`;
}

/**
 * The text a tile leads with: the first of prompt, revised prompt, file name and model that
 * holds a word of the search (so the mark is visible), else the prompt, else the file name.
 */
export function leadingText(asset: LibraryAsset, query: string): string {
  const candidates = asset.status === 'image' ? [asset.prompt, asset.revisedPrompt, asset.name, asset.model] : [asset.name];
  const terms = searchTerms(query).map((term) => term.toLowerCase());
  if (terms.length > 0) {
    const hit = candidates.find((text) => text !== undefined && terms.some((term) => text.toLowerCase().includes(term)));
    if (hit !== undefined) return hit;
  }
  return (asset.status === 'image' ? asset.prompt : undefined) ?? asset.name;
}

/** The shape the chat's viewer, context menu and drag take, for any asset. */
export function toCompletedImage(asset: LibraryAsset): CompletedImage {
  if (asset.status === 'image') {
    return {
      type: 'image',
      id: asset.relativePath,
      status: 'completed',
      prompt: asset.prompt ?? '',
      ...(asset.revisedPrompt === undefined ? {} : { revisedPrompt: asset.revisedPrompt }),
      url: asset.url,
      width: asset.width,
      height: asset.height,
      mediaType: asset.mediaType,
      relativePath: asset.relativePath,
      model: asset.model ?? '',
      createdAt: asset.createdAt,
    };
  }
  // Not an image: only the file's place and name matter to the actions a file offers.
  return {
    type: 'image',
    id: asset.relativePath,
    status: 'completed',
    prompt: '',
    url: '',
    width: 0,
    height: 0,
    mediaType: 'application/octet-stream',
    relativePath: asset.relativePath,
    model: '',
    createdAt: asset.createdAt,
  };
}
