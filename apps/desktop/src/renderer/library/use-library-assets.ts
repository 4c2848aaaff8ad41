// The Library's data in the renderer: the first page for the search and kind shown (one
// request in flight at a time; the latest search wins, so typing never queues requests
// behind each other), more pages as the grid scrolls, and live changes from the host.
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { ForgeApi, LibraryAsset, LibraryKind } from '../../contract/index.ts';
import { applyChanges } from './library-changes.ts';
import type { LibraryEvents } from './library-events.ts';

export interface LibraryData {
  assets: LibraryAsset[];
  total: number;
  kinds: LibraryKind[];
  nextCursor: string | null;
  /** The search and kind the assets answer (they trail the box while a search is under way). */
  resultsQuery: string;
  resultsKind: string | undefined;
  loading: boolean;
  error: string | undefined;
}

const firstPageSize = 120;
const morePageSize = 300;
const maxPageSize = 1000;

const initial: LibraryData = { assets: [], total: 0, kinds: [], nextCursor: null, resultsQuery: '', resultsKind: undefined, loading: true, error: undefined };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function useLibraryAssets(
  api: ForgeApi,
  events: LibraryEvents,
  wanted: { query: string; kind: string | undefined; enabled: boolean },
): { data: LibraryData; loadMore: (index: number) => void } {
  const [data, setData] = useState<LibraryData>(initial);
  const dataRef = useRef(data);
  useEffect(() => {
    dataRef.current = data;
  }, [data]);

  const controller = useMemo(() => {
    let latest = { query: '', kind: undefined as string | undefined, generation: 0 };
    let inFlight: string | undefined;
    let moreInFlight = false;
    let stale = false;
    const keyOf = (request: typeof latest) => JSON.stringify([request.query.trim(), request.kind, request.generation]);

    function fetchFirst(): void {
      if (inFlight !== undefined) return;
      const request = latest;
      const query = request.query.trim();
      // A refresh after a change keeps as many assets as are loaded, so the grid does not jump.
      const loaded = dataRef.current.resultsQuery === query && dataRef.current.resultsKind === request.kind ? dataRef.current.assets.length : 0;
      const limit = Math.min(maxPageSize, Math.max(firstPageSize, loaded));
      inFlight = keyOf(request);
      stale = false;
      api
        .call('listAssets', { ...(query === '' ? {} : { query }), ...(request.kind === undefined ? {} : { kind: request.kind }), limit })
        .then(
          (page) => {
            startTransition(() =>
              setData({ ...page, resultsQuery: query, resultsKind: request.kind, loading: false, error: undefined }),
            );
          },
          (error: unknown) => setData((current) => ({ ...current, loading: false, error: messageOf(error) })),
        )
        .finally(() => {
          const done = inFlight;
          inFlight = undefined;
          if (stale || done !== keyOf(latest)) fetchFirst();
        });
    }

    return {
      want(query: string, kind: string | undefined): void {
        if (query.trim() === latest.query.trim() && kind === latest.kind && dataRef.current.error === undefined && !dataRef.current.loading) return;
        latest = { query, kind, generation: latest.generation };
        fetchFirst();
      },
      loadMore(index: number): void {
        const current = dataRef.current;
        if (moreInFlight || current.nextCursor === null || index < current.assets.length) return;
        moreInFlight = true;
        const { resultsQuery, resultsKind, nextCursor } = current;
        const limit = Math.min(maxPageSize, Math.max(morePageSize, index - current.assets.length + morePageSize));
        api
          .call('listAssets', { ...(resultsQuery === '' ? {} : { query: resultsQuery }), ...(resultsKind === undefined ? {} : { kind: resultsKind }), cursor: nextCursor, limit })
          .then(
            (page) => {
              setData((now) =>
                // Only onto the pages it continues: a new search or a refresh replaced them meanwhile.
                now.nextCursor !== nextCursor || now.resultsQuery !== resultsQuery || now.resultsKind !== resultsKind
                  ? now
                  : { ...now, assets: [...now.assets, ...page.assets], nextCursor: page.nextCursor, total: page.total, kinds: page.kinds },
              );
            },
            (error: unknown) => setData((now) => ({ ...now, error: messageOf(error) })),
          )
          .finally(() => {
            moreInFlight = false;
          });
      },
      changed(added: LibraryAsset[], removed: string[]): void {
        latest = { ...latest, generation: latest.generation + 1 };
        // A search answers again; a page without one takes the change as it is.
        if (inFlight !== undefined) stale = true;
        else if (latest.query.trim() !== '' || dataRef.current.resultsQuery !== '') fetchFirst();
        else setData((current) => (current.resultsQuery === '' ? applyChanges(current, added, removed) : current));
      },
    };
  }, [api]);

  useEffect(() => {
    if (wanted.enabled) controller.want(wanted.query, wanted.kind);
  }, [controller, wanted.query, wanted.kind, wanted.enabled]);

  useEffect(() => events.subscribe((event) => controller.changed(event.added, event.removed)), [controller, events]);

  const loadMore = useCallback((index: number) => controller.loadMore(index), [controller]);
  return { data, loadMore };
}
