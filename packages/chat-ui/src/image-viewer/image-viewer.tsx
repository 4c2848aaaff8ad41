// The full-size viewer of a generated image: a modal dialog with zoom (buttons, wheel,
// keys), drag to pan, and everything known about the image — size, model, prompts,
// where it was saved — plus the host's actions. Escape closes it.
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';

import type { ChatActions, CompletedImage } from '../chat-types.ts';
import { imageMenuItems, runImageMenuItem } from '../image-context-menu/image-menu-items.ts';
import { CloseIcon, ZoomInIcon, ZoomOutIcon } from '../icons/icons.tsx';
import { useZoomPan } from './use-zoom-pan.ts';

export interface ImageViewerProps {
  image: CompletedImage;
  /** Called on Escape, the Close button or a click on the backdrop. */
  onClose: () => void;
  /** Save As…, Copy Image, Copy Path, Show in Folder and Regenerate appear when given. */
  actions?: ChatActions | undefined;
}

function fileName(relativePath: string): string {
  return relativePath.split(/[\\/]/).pop() ?? relativePath;
}

function formatCreated(createdAt: string): string {
  const time = Date.parse(createdAt);
  if (Number.isNaN(time)) return createdAt;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
}

export function ImageViewer({ image, onClose, actions }: ImageViewerProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const stageRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const [feedback, setFeedback] = useState('');
  const zoom = useZoomPan(stageRef, image.width, image.height);
  const items = imageMenuItems(image, actions);
  // An image another tool made may say nothing about itself: its file name stands in.
  const title = image.prompt === '' ? fileName(image.relativePath) : image.prompt;
  const alt = image.revisedPrompt ?? title;

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    dialog.focus();
    return () => dialog.close();
  }, []);

  useEffect(() => {
    if (feedback === '') return;
    const timer = setTimeout(() => setFeedback(''), 2000);
    return () => clearTimeout(timer);
  }, [feedback]);

  return (
    <dialog
      ref={dialogRef}
      className="forge-viewer"
      aria-modal="true"
      aria-labelledby={titleId}
      tabIndex={-1}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        // Escape is handled here too so it closes even when the browser's own cancel does not fire.
        if (event.key !== 'Escape') {
          zoom.onKeyDown(event);
          return;
        }
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <header className="forge-viewer__header">
        <h2 id={titleId} className="forge-viewer__title" title={title}>
          {title}
        </h2>
        <div className="forge-viewer__toolbar" role="toolbar" aria-label="Zoom">
          <button type="button" className="forge-icon-button" aria-label="Zoom out" title="Zoom out (−)" onClick={zoom.zoomOut}>
            <ZoomOutIcon />
          </button>
          <output className="forge-viewer__zoom" aria-live="polite" aria-label="Zoom level">
            {Math.round(zoom.scale * 100)}%
          </output>
          <button type="button" className="forge-icon-button" aria-label="Zoom in" title="Zoom in (+)" onClick={zoom.zoomIn}>
            <ZoomInIcon />
          </button>
          <span className="forge-viewer__divider" aria-hidden="true" />
          <button
            type="button"
            className="forge-button forge-button--small forge-button--ghost"
            aria-pressed={zoom.isFit}
            title="Fit to window (0)"
            onClick={zoom.fit}
          >
            Fit
          </button>
          <button
            type="button"
            className="forge-button forge-button--small forge-button--ghost"
            aria-pressed={!zoom.isFit && zoom.scale === 1}
            title="Actual size (1)"
            onClick={zoom.actualSize}
          >
            100%
          </button>
          <span className="forge-viewer__divider" aria-hidden="true" />
          <button type="button" className="forge-icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
      </header>
      <div className="forge-viewer__body">
        <div
          ref={stageRef}
          className="forge-viewer__stage"
          data-panning={zoom.isPanning || undefined}
          tabIndex={0}
          aria-label="Image. Scroll or press + and − to zoom, drag or use the arrow keys to pan."
          {...zoom.stageHandlers}
        >
          <img
            className="forge-viewer__image"
            src={image.url}
            alt={alt}
            width={image.width}
            height={image.height}
            draggable={false}
            style={{
              width: image.width,
              height: image.height,
              transform: `translate(-50%, -50%) translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.scale})`,
            }}
          />
          {image.offlinePreview === true && <span className="forge-badge forge-viewer__badge">Offline preview</span>}
        </div>
        <aside className="forge-viewer__details" aria-label="Image details">
          <dl className="forge-details">
            <div>
              <dt>Size</dt>
              <dd>
                {image.width}×{image.height}
              </dd>
            </div>
            {image.model !== '' && (
              <div>
                <dt>Model</dt>
                <dd>{image.model}</dd>
              </div>
            )}
            <div>
              <dt>Created</dt>
              <dd>
                <time dateTime={image.createdAt}>{formatCreated(image.createdAt)}</time>
              </dd>
            </div>
            <div>
              <dt>File</dt>
              <dd className="forge-details__path">{image.relativePath}</dd>
            </div>
            {image.prompt !== '' && (
              <div className="forge-details__wide">
                <dt>Prompt</dt>
                <dd>{image.prompt}</dd>
              </div>
            )}
            {image.revisedPrompt !== undefined && (
              <div className="forge-details__wide">
                <dt>Revised prompt</dt>
                <dd>{image.revisedPrompt}</dd>
              </div>
            )}
          </dl>
          {items.length > 0 && (
            <div className="forge-viewer__actions">
              {items.map((item) => (
                <button
                  key={item.id}
                  type="button"
                  className="forge-button forge-button--small"
                  onClick={() => {
                    void runImageMenuItem(item, setFeedback);
                    if (item.leavesViewer === true) onClose();
                  }}
                >
                  {item.label}
                </button>
              ))}
            </div>
          )}
          <p className="forge-viewer__feedback" role="status">
            {feedback}
          </p>
        </aside>
      </div>
    </dialog>
  );
}
