// The Library behind the contract: lists every file of the workspace's `generated/` tree
// (from the asset store's index), searches it by provenance, keeps it current from the
// store's watch, tells renderers what changed, and finds the chat message behind an image.
import { existsSync } from 'node:fs';

import type { AssetChange, AssetStore } from '@forge/asset-store';

import type { ContractInput, ContractOutputs, ForgeEvent, LibraryAsset } from '../../contract/index.ts';
import type { Logger } from '../logger.ts';
import type { ImageOriginLookup } from './image-origins.ts';
import type { LibraryUrls } from './library-asset.ts';
import { LibraryIndex } from './library-index.ts';

export interface LibraryOptions {
  store: AssetStore;
  urls: LibraryUrls;
  origins: ImageOriginLookup;
  logger: Logger;
  /** How long changes are gathered into one event; default 50 ms. */
  batchMs?: number | undefined;
  /** A listing older than this is redone (in the background) when a renderer asks for a first page; default 30 s. */
  refreshAfterMs?: number | undefined;
  clock?: (() => number) | undefined;
}

export interface Library {
  listAssets(input: ContractInput<'listAssets'>): Promise<ContractOutputs['listAssets']>;
  revealInChat(input: ContractInput<'revealInChat'>): Promise<ContractOutputs['revealInChat']>;
  subscribe(listener: (event: ForgeEvent) => void): () => void;
  /** Lists (and starts watching) in the background, so the Library opens on a listing already made. */
  warm(): void;
  /** Stops watching and announcing; resolves once a listing it started has finished, so nothing of it reaches the workspace after. */
  close(): Promise<void>;
}

export function createLibrary(options: LibraryOptions): Library {
  const { store, logger } = options;
  const clock = options.clock ?? Date.now;
  const batchMs = options.batchMs ?? 50;
  const refreshAfterMs = options.refreshAfterMs ?? 30_000;
  const index = new LibraryIndex(options.urls);
  const listeners = new Set<(event: ForgeEvent) => void>();
  let loaded: Promise<void> | undefined;
  let listedAt = 0;
  let refreshing: Promise<void> | undefined;
  /** Changes the watch reported while a listing ran: the listing may predate them, so they are applied again on top. */
  let sinceListing: AssetChange[] | undefined;
  let stopWatching: (() => void) | undefined;
  let closed = false;
  const pending = { added: new Map<string, LibraryAsset>(), removed: new Set<string>() };
  let timer: NodeJS.Timeout | undefined;

  function flush(): void {
    timer = undefined;
    if (pending.added.size === 0 && pending.removed.size === 0) return;
    const event: ForgeEvent = { type: 'assets-changed', added: [...pending.added.values()], removed: [...pending.removed] };
    pending.added.clear();
    pending.removed.clear();
    for (const listener of listeners) listener(event);
  }

  function announce(added: readonly LibraryAsset[], removed: readonly string[]): void {
    for (const path of removed) {
      pending.added.delete(path);
      pending.removed.add(path);
    }
    for (const asset of added) pending.added.set(asset.relativePath, asset);
    if (pending.added.size + pending.removed.size > 0) timer ??= setTimeout(flush, batchMs);
  }

  function apply(change: AssetChange): void {
    sinceListing?.push(change);
    if (change.type === 'removed') {
      if (index.remove(change.relativePath)) announce([], [change.relativePath]);
      return;
    }
    if (change.file === undefined) return;
    const replaced = index.get(change.relativePath) !== undefined;
    const asset = index.upsert(change.file);
    if (asset !== undefined) announce([asset], replaced ? [change.relativePath] : []);
  }

  async function load(): Promise<void> {
    // The first page waits only for this listing; the watch starts after it, and one more
    // listing (in the background, stat-only by then) catches what was saved in between.
    index.replaceAll(await store.listFiles());
    listedAt = clock();
    if (closed) return;
    stopWatching = store.watch(apply);
    refresh();
  }

  /** A fresh listing now and then catches what no watch reports (a file rewritten in place). */
  function refreshIfStale(): void {
    if (clock() - listedAt >= refreshAfterMs) refresh();
  }

  function refresh(): void {
    if (refreshing !== undefined || closed) return;
    sinceListing = [];
    refreshing = store
      .listFiles()
      .then((files) => {
        if (closed) return;
        listedAt = clock();
        const { added, removed } = index.replaceAll(files);
        announce(added, removed);
        const changes = sinceListing ?? [];
        sinceListing = undefined;
        for (const change of changes) apply(change);
      })
      .catch((error: unknown) => logger.warn('refreshing the Library failed', error))
      .finally(() => {
        sinceListing = undefined;
        refreshing = undefined;
      });
  }

  async function ready(): Promise<void> {
    loaded ??= load().catch((error: unknown) => {
      // The next call tries again (the folder may be readable by then).
      loaded = undefined;
      stopWatching?.();
      stopWatching = undefined;
      throw error;
    });
    await loaded;
  }

  return {
    async listAssets(input) {
      await ready();
      if (input.cursor === undefined) refreshIfStale();
      return index.page(input);
    },
    async revealInChat({ relativePath }) {
      const origin = await options.origins.find(relativePath);
      if (origin !== undefined) return { found: true, threadId: origin.threadId, messageId: origin.messageId };
      return {
        found: false,
        message: 'Forge has no chat message for this image: it was made outside this chat (by the Asset studio, another tool, or a chat that is no longer open).',
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    warm() {
      // Opening a project makes nothing in it: a workspace with no generated/ yet is listed
      // (and watched, which creates the folder) only when its Library is opened.
      if (!existsSync(store.generatedDir)) return;
      // A failure here is met again, and reported, by the first listAssets.
      ready().catch((error: unknown) => {
        if (!closed) logger.warn('listing the Library in the background failed', error);
      });
    },
    async close() {
      closed = true;
      stopWatching?.();
      stopWatching = undefined;
      if (timer !== undefined) clearTimeout(timer);
      listeners.clear();
      await Promise.allSettled([loaded, refreshing]);
    },
  };
}
