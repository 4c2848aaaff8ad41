// The Library view: a search box ("Search assets") over prompts, models, kinds and file
// names, the kinds found on disk as filters, and the grid of every asset, with its empty
// and no-results states. The host owns the data: it passes what it loaded and hears edits.
import type { ReactNode } from 'react';

import type { ChatActions } from '../chat-types.ts';
import { CloseIcon } from '../icons/icons.tsx';
import { LibraryGrid } from '../library-grid/library-grid.tsx';
import { kindLabel } from '../library-tile/library-asset-text.ts';
import { LibraryIcon, SearchIcon } from '../library-tile/library-icons.tsx';
import type { LibraryAsset, LibraryKind } from '../library-types.ts';

export interface AssetLibraryProps {
  /** The assets loaded so far (the first of `total`, newest first). */
  assets: readonly LibraryAsset[];
  /** How many assets match the search and kind. */
  total: number;
  /** Every kind found on disk, with how many assets in it match the search. */
  kinds: readonly LibraryKind[];
  /** The search box's text, as typed. */
  query: string;
  onQueryChange: (query: string) => void;
  /** The search the shown assets answer (it trails the box while a search is under way). */
  resultsQuery?: string | undefined;
  /** The kind shown; undefined: all of them. */
  kind?: string | undefined;
  onKindChange: (kind: string | undefined) => void;
  /** The first page has not arrived yet. */
  loading?: boolean | undefined;
  /** Why the Library could not be read, for a person. */
  error?: string | undefined;
  onNeedMore?: ((index: number) => void) | undefined;
  actions?: ChatActions | undefined;
  fileActions?: ChatActions | undefined;
  /** Where the assets are saved, as the user reads it (for the empty Library). */
  folderLabel?: string | undefined;
  /** Before the title: a way back, for example. */
  toolbarStart?: ReactNode;
}

const countFormat = new Intl.NumberFormat();

function assetCount(count: number): string {
  return `${countFormat.format(count)} ${count === 1 ? 'asset' : 'assets'}`;
}

function orderKinds(kinds: readonly LibraryKind[], selected: string | undefined): LibraryKind[] {
  const ordered = [...kinds].sort((left, right) => (left.kind === '' ? -1 : right.kind === '' ? 1 : left.kind.localeCompare(right.kind)));
  // The kind being shown keeps its chip even when the search leaves nothing in it.
  if (selected !== undefined && !ordered.some((entry) => entry.kind === selected)) ordered.push({ kind: selected, count: 0 });
  return ordered;
}

export function AssetLibrary({
  assets,
  total,
  kinds,
  query,
  onQueryChange,
  resultsQuery = query,
  kind,
  onKindChange,
  loading = false,
  error,
  onNeedMore,
  actions,
  fileActions,
  folderLabel = '.forge/generated/',
  toolbarStart,
}: AssetLibraryProps) {
  const searching = resultsQuery.trim() !== '';
  const allCount = kinds.reduce((sum, entry) => sum + entry.count, 0);
  const orderedKinds = orderKinds(kinds, kind);

  let content: ReactNode;
  if (error !== undefined) {
    content = (
      <div className="forge-library__state" role="alert">
        <h2>The Library could not be read</h2>
        <p>{error}</p>
      </div>
    );
  } else if (loading && total === 0) {
    content = <div className="forge-library__state forge-library__state--loading" aria-busy="true" />;
  } else if (total === 0 && searching) {
    content = (
      <div className="forge-library__state">
        <SearchIcon />
        <h2>No assets match “{resultsQuery.trim()}”</h2>
        <p>Search looks in prompts, revised prompts, models, kinds and file names.</p>
        <button type="button" className="forge-button forge-button--small" onClick={() => onQueryChange('')}>
          Clear search
        </button>
      </div>
    );
  } else if (total === 0 && kind !== undefined) {
    content = (
      <div className="forge-library__state">
        <h2>Nothing in {kindLabel(kind)}</h2>
        <button type="button" className="forge-button forge-button--small" onClick={() => onKindChange(undefined)}>
          Show all kinds
        </button>
      </div>
    );
  } else if (total === 0) {
    content = (
      <div className="forge-library__state">
        <LibraryIcon size={28} />
        <h2>Nothing in the Library yet</h2>
        <p>
          Images you make in the chat, and everything the Asset studio saves in <code>{folderLabel}</code>, appear here as soon as they are
          saved.
        </p>
      </div>
    );
  } else {
    content = <LibraryGrid assets={assets} total={total} query={resultsQuery} actions={actions} fileActions={fileActions} onNeedMore={onNeedMore} />;
  }

  return (
    <section className="forge-library" aria-label="Library">
      <div className="forge-library__toolbar">
        {toolbarStart}
        <h1 className="forge-library__title">Library</h1>
        <span className="forge-library__count" aria-hidden="true">
          {loading && total === 0 ? '' : assetCount(total)}
        </span>
        <div className="forge-library__search">
          <SearchIcon />
          <input
            type="search"
            className="forge-library__search-input"
            aria-label="Search assets"
            placeholder="Search prompts, models, files…"
            value={query}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => onQueryChange(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape' && query !== '') {
                event.preventDefault();
                onQueryChange('');
              }
            }}
          />
          {query !== '' && (
            <button type="button" className="forge-icon-button forge-library__search-clear" aria-label="Clear search" onClick={() => onQueryChange('')}>
              <CloseIcon />
            </button>
          )}
        </div>
      </div>
      {orderedKinds.length > 0 && (
        <div className="forge-library__kinds" role="group" aria-label="Kinds">
          <button type="button" className="forge-chip" aria-pressed={kind === undefined} onClick={() => onKindChange(undefined)}>
            All <span className="forge-chip__count">{countFormat.format(allCount)}</span>
          </button>
          {orderedKinds.map((entry) => (
            <button
              key={entry.kind}
              type="button"
              className="forge-chip"
              aria-pressed={kind === entry.kind}
              onClick={() => onKindChange(kind === entry.kind ? undefined : entry.kind)}
            >
              {kindLabel(entry.kind)} <span className="forge-chip__count">{countFormat.format(entry.count)}</span>
            </button>
          ))}
        </div>
      )}
      <div className="forge-library__body" data-results-for={resultsQuery}>
        {content}
      </div>
      <p className="forge-visually-hidden" role="status">
        {loading ? '' : searching ? `${assetCount(total)} match “${resultsQuery.trim()}”` : assetCount(total)}
      </p>
    </section>
  );
}
