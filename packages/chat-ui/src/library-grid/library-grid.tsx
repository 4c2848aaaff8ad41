// The Library's grid: as many columns as fit, only the rows near the viewport mounted
// (@tanstack/react-virtual), so 10,000 assets scroll like 50. Rows not loaded yet show
// placeholders and ask the host for more. Arrow keys move between tiles (one tab stop);
// an image opens the chat's viewer, and every tile has the chat's context menu and drag-out.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, type KeyboardEvent, memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

import type { ChatActions } from '../chat-types.ts';
import { ImageContextMenu, type ImageContextMenuCloseReason } from '../image-context-menu/image-context-menu.tsx';
import { imageMenuItems } from '../image-context-menu/image-menu-items.ts';
import { startImageDrag } from '../image-thumbnail/image-drag.ts';
import { ImageViewer } from '../image-viewer/image-viewer.tsx';
import type { LibraryAsset, LibraryImage } from '../library-types.ts';
import { toCompletedImage } from '../library-tile/library-asset-text.ts';
import { LibraryTile, LibraryTilePlaceholder } from '../library-tile/library-tile.tsx';

export interface LibraryGridProps {
  /** The assets loaded so far, in order: the first `assets.length` of `total`. */
  assets: readonly LibraryAsset[];
  /** How many assets there are in all; the rest show as placeholders until loaded. */
  total: number;
  /** The search the assets answer: its words are marked on the tiles. */
  query?: string | undefined;
  /** What an image offers (viewer, menu, drag): Save As, Copy Image, Copy Path, Show in Folder, Use in chat, Show in chat. */
  actions?: ChatActions | undefined;
  /** What any other file (or a damaged image) offers: usually Copy Path and Show in Folder. */
  fileActions?: ChatActions | undefined;
  /** A placeholder at `index` came into view: load at least up to it. */
  onNeedMore?: ((index: number) => void) | undefined;
  /** The grid's accessible name. */
  label?: string | undefined;
  /** The narrowest a tile gets before a column is dropped, in px. */
  minTileWidth?: number | undefined;
}

const gap = 16;
const padding = 20;
/** Below the square media box: an 8 px gap, two lines of text and the meta line (see styles.css). */
const captionHeight = 64;

const MemoTile = memo(LibraryTile);

interface MenuState {
  asset: LibraryAsset;
  position: { x: number; y: number };
}

export function LibraryGrid({ assets, total, query = '', actions, fileActions, onNeedMore, label = 'Assets', minTileWidth = 168 }: LibraryGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [active, setActive] = useState(0);
  const [viewing, setViewing] = useState<LibraryImage | null>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [failed, setFailed] = useState<ReadonlySet<string>>(() => new Set());
  const [feedback, setFeedback] = useState('');
  const focusPending = useRef(false);

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (element === null) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const inner = Math.max(0, width - padding * 2);
  const columns = Math.max(1, Math.floor((inner + gap) / (minTileWidth + gap)));
  const tileWidth = Math.max(1, (inner - gap * (columns - 1)) / columns);
  const rowHeight = Math.round(tileWidth + captionHeight);
  const rows = Math.ceil(total / columns);

  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight + gap,
    overscan: 2,
    paddingStart: padding,
    paddingEnd: padding - gap,
    // React 19 warns about flushSync inside its own updates; a frame's lag is not visible here.
    useFlushSync: false,
  });
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  const virtualRows = virtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows.at(-1)?.index ?? -1;
  const lastVisible = Math.min(total, (lastRow + 1) * columns) - 1;
  const activeIndex = Math.min(active, Math.max(0, Math.min(total, assets.length) - 1));
  const activeRow = Math.floor(activeIndex / columns);
  const activeMounted = activeIndex < assets.length && activeRow >= firstRow && activeRow <= lastRow;

  useEffect(() => {
    if (lastVisible >= assets.length && assets.length < total) onNeedMore?.(lastVisible);
  }, [lastVisible, assets.length, total, onNeedMore]);

  // After a keyboard move (or the viewer closing), focus follows once the tile is mounted.
  useEffect(() => {
    if (!focusPending.current) return;
    const tile = scrollRef.current?.querySelector(`[data-tile-index="${activeIndex}"]`);
    if (tile instanceof HTMLElement) {
      focusPending.current = false;
      tile.focus({ preventScroll: true });
    }
  });

  const moveTo = (index: number) => {
    const limit = Math.min(total, assets.length) - 1;
    if (limit < 0) return;
    const next = Math.max(0, Math.min(limit, index));
    setActive(next);
    focusPending.current = true;
    virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target instanceof HTMLElement) || !event.target.classList.contains('forge-tile')) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight) / (rowHeight + gap)));
    const moves: Record<string, number> = {
      ArrowRight: activeIndex + 1,
      ArrowLeft: activeIndex - 1,
      ArrowDown: activeIndex + columns,
      ArrowUp: activeIndex - columns,
      PageDown: activeIndex + columns * pageRows,
      PageUp: activeIndex - columns * pageRows,
      Home: 0,
      End: total - 1,
    };
    const target = moves[event.key];
    if (target === undefined || event.altKey || event.metaKey) return;
    event.preventDefault();
    moveTo(target);
  };

  const actionsFor = useCallback(
    (asset: LibraryAsset): ChatActions | undefined => {
      if (asset.status !== 'image' || failed.has(asset.thumbnail.src)) return fileActions;
      if (actions === undefined || asset.fromChat) return actions;
      // Not the chat's image: there is no message to show.
      const rest = { ...actions };
      delete rest.onShowInChat;
      return rest;
    },
    [actions, fileActions, failed],
  );

  const onThumbnailError = useCallback((asset: LibraryImage) => {
    setFailed((current) => (current.has(asset.thumbnail.src) ? current : new Set(current).add(asset.thumbnail.src)));
  }, []);

  const onMenu = useCallback(
    (asset: LibraryAsset, position: { x: number; y: number }) => {
      if (imageMenuItems(toCompletedImage(asset), actionsFor(asset)).length > 0) setMenu({ asset, position });
    },
    [actionsFor],
  );

  const onOpen = useCallback(
    (asset: LibraryAsset, element: HTMLElement) => {
      if (asset.status === 'image' && !failed.has(asset.thumbnail.src)) {
        setViewing(asset);
        return;
      }
      const rect = element.getBoundingClientRect();
      onMenu(asset, { x: rect.left + 8, y: rect.bottom + 4 });
    },
    [failed, onMenu],
  );

  const onDragStart = useCallback(
    (asset: LibraryAsset, event: DragEvent<HTMLElement>) => {
      const image = toCompletedImage(asset);
      const tileActions = actionsFor(asset);
      if (asset.status === 'image' && !failed.has(asset.thumbnail.src)) startImageDrag(image, event, tileActions);
      else tileActions?.onDragStart?.(image, event);
    },
    [actionsFor, failed],
  );

  const closeMenu = (reason: ImageContextMenuCloseReason) => {
    setMenu(null);
    if (reason !== 'outside') focusPending.current = true;
  };

  const menuActions = menu === null ? undefined : actionsFor(menu.asset);
  return (
    <div
      ref={scrollRef}
      className="forge-library-grid"
      tabIndex={activeMounted ? -1 : 0}
      onFocus={(event) => {
        // Tabbed in while the current tile is scrolled away: start from the first one in view.
        if (event.target === event.currentTarget && !activeMounted) moveTo(Math.min(assets.length - 1, firstRow * columns));
      }}
      onKeyDown={onKeyDown}
    >
      <div className="forge-library-grid__list" role="list" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => {
          const start = row.index * columns;
          const cells = [];
          for (let index = start; index < Math.min(total, start + columns); index += 1) {
            const asset = assets[index];
            cells.push(
              <div key={asset?.relativePath ?? `placeholder-${index}`} className="forge-library-grid__cell" role="listitem" aria-setsize={total} aria-posinset={index + 1}>
                {asset === undefined ? (
                  <LibraryTilePlaceholder />
                ) : (
                  <MemoTile
                    asset={asset}
                    index={index}
                    query={query}
                    tabIndex={index === activeIndex ? 0 : -1}
                    thumbnailFailed={asset.status === 'image' && failed.has(asset.thumbnail.src)}
                    onThumbnailError={onThumbnailError}
                    onOpen={onOpen}
                    onMenu={onMenu}
                    onDragStart={onDragStart}
                    draggable={asset.status === 'image' ? !failed.has(asset.thumbnail.src) : fileActions?.onDragStart !== undefined}
                    onFocus={setActive}
                  />
                )}
              </div>,
            );
          }
          return (
            <div
              key={row.key}
              className="forge-library-grid__row"
              role="none"
              style={{ transform: `translateY(${row.start}px)`, height: rowHeight, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
            >
              {cells}
            </div>
          );
        })}
      </div>
      <span className="forge-visually-hidden" role="status">
        {feedback}
      </span>
      {viewing !== null && (
        <ImageViewer
          image={toCompletedImage(viewing)}
          actions={actionsFor(viewing)}
          onClose={() => {
            setViewing(null);
            focusPending.current = true;
          }}
        />
      )}
      {menu !== null && menuActions !== undefined && (
        <ImageContextMenu
          image={toCompletedImage(menu.asset)}
          actions={menuActions}
          position={menu.position}
          label={menu.asset.status === 'image' && !failed.has(menu.asset.thumbnail.src) ? 'Image actions' : 'File actions'}
          onClose={closeMenu}
          onFeedback={(message) => {
            setFeedback(message);
            setTimeout(() => setFeedback(''), 2000);
          }}
        />
      )}
    </div>
  );
}
