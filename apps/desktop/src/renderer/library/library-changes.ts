// What a loaded Library page becomes when files come and go, without asking the host again:
// the removed leave, the added take their place in the order (newest first, then the later
// path), and the counts follow. Only for a page without a search (a search asks again).
import type { LibraryAsset, LibraryKind } from '../../contract/index.ts';

export interface LoadedAssets {
  assets: LibraryAsset[];
  total: number;
  kinds: LibraryKind[];
  nextCursor: string | null;
  /** The kind the page shows; undefined: all. */
  resultsKind: string | undefined;
}

/** The folder below `generated/` of a relativePath ('' for the chat's own). */
export function kindOfPath(relativePath: string): string {
  const marker = relativePath.startsWith('generated/') ? 0 : relativePath.indexOf('/generated/') + 1;
  const id = relativePath.slice(marker + 'generated/'.length);
  const slash = id.indexOf('/');
  return slash === -1 ? '' : id.slice(0, slash);
}

/** True when `left` comes before `right` in the Library's order. */
export function comesBefore(left: LibraryAsset, right: LibraryAsset): boolean {
  const leftTime = Date.parse(left.createdAt);
  const rightTime = Date.parse(right.createdAt);
  if (leftTime !== rightTime) return leftTime > rightTime;
  return left.relativePath > right.relativePath;
}

export function applyChanges<Loaded extends LoadedAssets>(loaded: Loaded, added: readonly LibraryAsset[], removed: readonly string[]): Loaded {
  const counts = new Map(loaded.kinds.map((entry) => [entry.kind, entry.count]));
  const shown = (kind: string) => loaded.resultsKind === undefined || loaded.resultsKind === kind;
  let total = loaded.total;
  // A file changed in place is in both lists: it leaves, then comes back.
  const leaving = new Set([...removed, ...added.map((asset) => asset.relativePath)]);
  const present = new Set(loaded.assets.map((asset) => asset.relativePath));
  let assets = loaded.assets.filter((asset) => !leaving.has(asset.relativePath));
  for (const path of removed) {
    const kind = kindOfPath(path);
    counts.set(kind, Math.max(0, (counts.get(kind) ?? 0) - 1));
    if (shown(kind)) total -= 1;
  }
  for (const asset of added) {
    // Added without a removal but already listed: the host only refreshed it.
    if (present.has(asset.relativePath) && !removed.includes(asset.relativePath)) {
      counts.set(asset.kind, (counts.get(asset.kind) ?? 0) - 1);
      if (shown(asset.kind)) total -= 1;
    }
    counts.set(asset.kind, (counts.get(asset.kind) ?? 0) + 1);
    if (!shown(asset.kind)) continue;
    total += 1;
    const place = assets.findIndex((other) => comesBefore(asset, other));
    // Past the loaded pages it arrives with a later page (the cursor names a place in the order).
    if (place === -1 && loaded.nextCursor !== null) continue;
    assets = place === -1 ? [...assets, asset] : [...assets.slice(0, place), asset, ...assets.slice(place)];
  }
  const kinds = [...counts].filter(([, count]) => count > 0).map(([kind, count]) => ({ kind, count }));
  return { ...loaded, assets, total: Math.max(0, total), kinds };
}
