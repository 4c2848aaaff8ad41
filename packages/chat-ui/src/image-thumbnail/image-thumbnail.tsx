// A generated image inline in the chat: about 192 px tall at its own aspect ratio,
// focusable; click or Enter opens the viewer, right-click or Shift+F10 opens the
// context menu, and dragging it hands the real file to the host. With the store's thumbnail
// the picture is drawn into a canvas it owns (its pixels go when it scrolls out of a long
// chat); without one, or when the thumbnail cannot be had, the file itself is shown.
import { type DragEvent, type KeyboardEvent, type MouseEvent, useEffect, useId, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

import type { ChatActions, CompletedImage } from '../chat-types.ts';
import { ImageContextMenu, type ImageContextMenuCloseReason } from '../image-context-menu/image-context-menu.tsx';
import { imageMenuItems } from '../image-context-menu/image-menu-items.ts';
import { ImageWarnings } from './image-warnings.tsx';
import { ImageViewer } from '../image-viewer/image-viewer.tsx';
import { startImageDrag } from './image-drag.ts';
import { ThumbnailCanvas } from './thumbnail-canvas.tsx';

export interface ImageThumbnailProps {
  image: CompletedImage;
  actions?: ChatActions | undefined;
}

const thumbnailHeight = 192;

export function ImageThumbnail({ image, actions }: ImageThumbnailProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const [viewerOpen, setViewerOpen] = useState(false);
  const [menuPosition, setMenuPosition] = useState<{ x: number; y: number } | null>(null);
  const [feedback, setFeedback] = useState('');
  const [thumbnailFailed, setThumbnailFailed] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const alt = image.revisedPrompt ?? image.prompt;
  const hasMenu = imageMenuItems(image, actions).length > 0;
  const restoreFocus = useRef(false);

  // Focus goes back to the thumbnail once the dialog has closed (it is inert until then).
  useEffect(() => {
    if (viewerOpen || !restoreFocus.current) return;
    restoreFocus.current = false;
    frameRef.current?.focus();
  }, [viewerOpen]);

  useEffect(() => {
    if (feedback === '') return;
    const timer = setTimeout(() => setFeedback(''), 2000);
    return () => clearTimeout(timer);
  }, [feedback]);

  const openMenuAtFrame = () => {
    const rect = frameRef.current?.getBoundingClientRect();
    setMenuPosition({ x: rect ? rect.left + 8 : 0, y: rect ? rect.bottom + 4 : 0 });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setViewerOpen(true);
    } else if (hasMenu && (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10'))) {
      event.preventDefault();
      openMenuAtFrame();
    }
  };

  const onContextMenu = (event: MouseEvent<HTMLDivElement>) => {
    if (!hasMenu) return;
    event.preventDefault();
    // A keyboard-triggered contextmenu event carries no pointer position.
    if (event.clientX === 0 && event.clientY === 0) openMenuAtFrame();
    else setMenuPosition({ x: event.clientX, y: event.clientY });
  };

  const onDragStart = (event: DragEvent<HTMLDivElement>) => startImageDrag(image, event, actions);

  const closeMenu = (reason: ImageContextMenuCloseReason) => {
    setMenuPosition(null);
    if (reason !== 'outside') frameRef.current?.focus();
  };

  return (
    <>
      <figure className="forge-thumbnail" style={{ width: `min(100%, ${(thumbnailHeight * image.width) / image.height}px)` }}>
        <div
          ref={frameRef}
          className="forge-thumbnail__frame"
          role="button"
          tabIndex={0}
          draggable
          aria-describedby={hintId}
          data-offline={image.offlinePreview === true || undefined}
          data-transparent={image.hasTransparency === true || undefined}
          data-drawn={drawn || undefined}
          style={{ aspectRatio: `${image.width} / ${image.height}` }}
          onClick={() => setViewerOpen(true)}
          onKeyDown={onKeyDown}
          onContextMenu={onContextMenu}
          onDragStart={onDragStart}
        >
          {image.thumbnail !== undefined && !thumbnailFailed ? (
            // The store's small copy (the full file is for the viewer, Copy, Save As and drag).
            <ThumbnailCanvas
              className="forge-thumbnail__image"
              src={image.thumbnail.url}
              src2x={image.thumbnail.url2x}
              label={alt}
              // Marked in the frame its pixels are drawn for, not a render later.
              onLoad={() => flushSync(() => setDrawn(true))}
              onError={() => setThumbnailFailed(true)}
            />
          ) : (
            <img className="forge-thumbnail__image" src={image.url} alt={alt} width={image.width} height={image.height} draggable={false} decoding="async" />
          )}
          {image.offlinePreview === true && <span className="forge-badge forge-thumbnail__badge">Offline preview</span>}
        </div>
        {image.warnings !== undefined && image.warnings.length > 0 && <ImageWarnings warnings={image.warnings} />}
        <span id={hintId} hidden>
          {hasMenu ? 'Press Enter to open the viewer, Shift+F10 for more actions.' : 'Press Enter to open the viewer.'}
        </span>
        <span className="forge-thumbnail__feedback" role="status">
          {feedback}
        </span>
      </figure>
      {viewerOpen && (
        <ImageViewer
          image={image}
          actions={actions}
          onClose={() => {
            restoreFocus.current = true;
            setViewerOpen(false);
          }}
        />
      )}
      {menuPosition !== null && actions !== undefined && (
        <ImageContextMenu image={image} actions={actions} position={menuPosition} onClose={closeMenu} onFeedback={setFeedback} />
      )}
    </>
  );
}
