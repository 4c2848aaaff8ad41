// One asset in the Library: an image from its thumbnail (its aspect-ratio box shows at once
// and the picture fills in), a mesh or sound as a typed tile, or a damaged file as a broken
// tile; each with the text that matched the search marked, its kind, date and size.
import { type DragEvent, type KeyboardEvent, type MouseEvent, type ReactNode, useState } from 'react';

import { HighlightedText } from '../highlight-text/highlight-text.tsx';
import type { LibraryAsset, LibraryImage } from '../library-types.ts';
import { formatBytes, formatDate, kindLabel, leadingText } from './library-asset-text.ts';
import { AudioIcon, BrokenImageIcon, DocumentIcon, ModelIcon, VideoIcon } from './library-icons.tsx';
import { ThumbnailCanvas } from '../image-thumbnail/thumbnail-canvas.tsx';

export interface LibraryTileProps {
  asset: LibraryAsset;
  /** The search as typed: its words are marked in the tile's text. */
  query?: string | undefined;
  /** The thumbnail would not load: the image is damaged or cut short, and the tile says so. */
  thumbnailFailed?: boolean | undefined;
  onThumbnailError?: ((asset: LibraryImage) => void) | undefined;
  /** Click, Enter or Space: an image opens the viewer, any other file its actions. */
  onOpen?: ((asset: LibraryAsset, element: HTMLElement) => void) | undefined;
  /** Right-click, Shift+F10 or the context-menu key, at the pointer or below the tile. */
  onMenu?: ((asset: LibraryAsset, position: { x: number; y: number }) => void) | undefined;
  onDragStart?: ((asset: LibraryAsset, event: DragEvent<HTMLElement>) => void) | undefined;
  draggable?: boolean | undefined;
  /** Roving focus: 0 for the grid's current tile, -1 for the others. */
  tabIndex?: number | undefined;
  /** Its place in the grid, for keyboard focus. */
  index?: number | undefined;
  /** The tile took focus (with its `index`). */
  onFocus?: ((index: number) => void) | undefined;
}

const textLength = 160;

function fileIcon(extension: string): ReactNode {
  switch (extension.toLowerCase()) {
    case 'glb':
    case 'gltf':
    case 'obj':
    case 'fbx':
    case 'usdz':
    case 'stl':
    case 'blend':
      return <ModelIcon size={36} />;
    case 'wav':
    case 'mp3':
    case 'ogg':
    case 'flac':
    case 'm4a':
      return <AudioIcon size={36} />;
    case 'mp4':
    case 'webm':
    case 'mov':
      return <VideoIcon size={36} />;
    default:
      return <DocumentIcon size={36} />;
  }
}

function describe(asset: LibraryAsset, failed: boolean): string {
  if (asset.status === 'file') return `${asset.name}, ${asset.typeLabel}`;
  if (asset.status === 'broken') return `${asset.name}, cannot be shown: ${asset.problem}`;
  if (failed) return `${asset.name}, cannot be shown: the image is damaged or cut short`;
  const text = asset.prompt ?? asset.name;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function LibraryTile({
  asset,
  query = '',
  thumbnailFailed = false,
  onThumbnailError,
  onOpen,
  onMenu,
  onDragStart,
  draggable = false,
  tabIndex = 0,
  index,
  onFocus,
}: LibraryTileProps) {
  const [loaded, setLoaded] = useState(false);
  const broken = asset.status === 'broken' || (asset.status === 'image' && thumbnailFailed);
  const status = broken ? 'broken' : asset.status;

  const menuBelow = (element: HTMLElement) => {
    const rect = element.getBoundingClientRect();
    onMenu?.(asset, { x: rect.left + 8, y: rect.bottom + 4 });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen?.(asset, event.currentTarget);
    } else if (onMenu && (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10'))) {
      event.preventDefault();
      menuBelow(event.currentTarget);
    }
  };

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    if (!onMenu) return;
    event.preventDefault();
    // A keyboard-triggered contextmenu event carries no pointer position.
    if (event.clientX === 0 && event.clientY === 0) menuBelow(event.currentTarget);
    else onMenu(asset, { x: event.clientX, y: event.clientY });
  };

  let media: ReactNode;
  if (asset.status === 'image' && !thumbnailFailed) {
    const landscape = asset.width >= asset.height;
    media = (
      <div
        className="forge-tile__frame"
        data-loaded={loaded || undefined}
        style={{ aspectRatio: `${Math.max(1, asset.width)} / ${Math.max(1, asset.height)}`, ...(landscape ? { width: '100%' } : { height: '100%' }) }}
      >
        <ThumbnailCanvas
          src={asset.thumbnail.src}
          src2x={asset.thumbnail.src2x}
          onLoad={() => setLoaded(true)}
          onError={() => onThumbnailError?.(asset)}
        />
      </div>
    );
  } else if (asset.status === 'file') {
    media = (
      <div className="forge-tile__type">
        {fileIcon(asset.extension)}
        {asset.extension !== '' && <span className="forge-tile__extension">{asset.extension}</span>}
        <span className="forge-tile__type-label">{asset.typeLabel}</span>
      </div>
    );
  } else {
    media = (
      <div className="forge-tile__type forge-tile__type--broken">
        <BrokenImageIcon size={36} />
        <span className="forge-tile__type-label">Can’t show this file</span>
        <span className="forge-tile__problem">{asset.status === 'broken' ? asset.problem : 'The image is damaged or cut short'}</span>
      </div>
    );
  }

  return (
    <div
      className="forge-tile"
      data-status={status}
      data-tile-index={index}
      role="button"
      tabIndex={tabIndex}
      aria-label={describe(asset, thumbnailFailed)}
      title={asset.relativePath}
      draggable={draggable}
      onClick={(event) => onOpen?.(asset, event.currentTarget)}
      onKeyDown={onKeyDown}
      onContextMenu={onContextMenu}
      onDragStart={(event) => onDragStart?.(asset, event)}
      onFocus={() => {
        if (index !== undefined) onFocus?.(index);
      }}
    >
      <div className="forge-tile__media">{media}</div>
      <div className="forge-tile__caption">
        <p className="forge-tile__text">
          <HighlightedText text={leadingText(asset, query)} query={query} maxLength={textLength} />
        </p>
        <p className="forge-tile__meta">
          <span className="forge-tile__kind">
            <HighlightedText text={kindLabel(asset.kind)} query={query} />
          </span>
          <span aria-hidden="true"> · </span>
          <time dateTime={asset.createdAt}>{formatDate(asset.createdAt)}</time>
          <span aria-hidden="true"> · </span>
          <span>{formatBytes(asset.size)}</span>
        </p>
      </div>
    </div>
  );
}

/** A tile not loaded yet: the same box, shimmering, so the grid keeps its shape while a page arrives. */
export function LibraryTilePlaceholder() {
  return (
    <div className="forge-tile forge-tile--placeholder" aria-hidden="true">
      <div className="forge-tile__media" />
      <div className="forge-tile__caption">
        <span className="forge-tile__line" />
        <span className="forge-tile__line forge-tile__line--short" />
      </div>
    </div>
  );
}
