// A thumbnail fetched and decoded into a canvas its owner holds (a Library tile, an image in
// the chat), so its pixels go when the owner scrolls away. An <img> would leave each picture
// seen in the browser's decoded-image cache (about a thousand of them, ~220 kB each, in
// software rendering), which is what scrolling a long chat or 10,000 assets would otherwise cost.
import { useEffect, useLayoutEffect, useRef } from 'react';

export interface ThumbnailCanvasProps {
  /** The 1× thumbnail and the 2× one, for screens of 1.5 device pixels per pixel and up. */
  src: string;
  src2x: string;
  onLoad: () => void;
  onError: () => void;
  className?: string | undefined;
  /** The picture's text alternative (it is then an image to assistive technology); without one it is decoration of a labelled owner. */
  label?: string | undefined;
}

/**
 * Thumbnails asked for before their canvas exists, by URL, fetched and decoded: the canvas
 * takes the picture when it mounts and draws it at once.
 */
const prefetched = new Map<string, Promise<ImageBitmap>>();
/** Only the few a host prefetches for the first screen are kept waiting; older ones are let go. */
const maxPrefetched = 8;
/** The URLs prefetched lately, taken or not: a host may name a picture again (each event of its message does). */
const prefetchedLately = new Set<string>();
const maxRemembered = 64;

function thumbnailUrl(src: string, src2x: string): string {
  return window.devicePixelRatio >= 1.5 ? src2x : src;
}

/** The thumbnail at `url`, fetched and decoded. */
async function fetchDecoded(url: string, signal?: AbortSignal): Promise<ImageBitmap> {
  const response = await fetch(url, signal === undefined ? {} : { signal });
  if (!response.ok) throw new Error(`The thumbnail answered ${response.status}.`);
  return createImageBitmap(await response.blob());
}

/** Lets go of a prefetched picture nobody took. */
function release(bitmap: Promise<ImageBitmap>): void {
  bitmap.then(
    (picture) => picture.close(),
    () => undefined,
  );
}

/**
 * Starts fetching and decoding a thumbnail before the component that shows it is laid out (a
 * host opening a thread asks for its latest pictures with the thread's state); the
 * ThumbnailCanvas that shows it then draws that picture at once instead of asking again.
 * Decoded here, the picture is ready while the transcript is still laying out its first screen
 * (a few frames when a thread opens), not decoded after it. A picture prefetched lately is not
 * fetched again (a canvas mounted later asks for it itself, from the HTTP cache). `picture1x`:
 * the 1× thumbnail's bytes when the host sent them with the message; a 1× screen decodes them
 * instead of asking (a 2× screen asks for its own). Settles (never rejects) once the picture is
 * decoded or could not be: a host may hold the message until then, so the message and its
 * picture are painted in one frame.
 */
export function prefetchThumbnail(src: string, src2x: string, picture1x?: Blob): Promise<void> {
  const url = thumbnailUrl(src, src2x);
  if (prefetchedLately.has(url)) return Promise.resolve();
  prefetchedLately.add(url);
  if (prefetchedLately.size > maxRemembered) prefetchedLately.delete(prefetchedLately.values().next().value ?? url);
  // The host sent the 1× picture along (an image just finished): decoded from those bytes, not asked for.
  const bitmap = picture1x !== undefined && url === src ? createImageBitmap(picture1x) : fetchDecoded(url);
  // Unclaimed, a failure is nobody's: the canvas that asks later fetches again and says so.
  bitmap.catch(() => undefined);
  prefetched.set(url, bitmap);
  for (const [key, waiting] of prefetched) {
    if (prefetched.size <= maxPrefetched) break;
    prefetched.delete(key);
    release(waiting);
  }
  return bitmap.then(() => undefined, () => undefined);
}

/** The prefetched picture of `url` (once), falling back to a fetch of its own when the prefetch failed. */
function takePrefetched(url: string, signal: AbortSignal): Promise<ImageBitmap> | undefined {
  const bitmap = prefetched.get(url);
  if (bitmap === undefined) return undefined;
  prefetched.delete(url);
  return bitmap.catch(() => fetchDecoded(url, signal));
}

export function ThumbnailCanvas({ src, src2x, onLoad, onError, className = 'forge-tile__image', label }: ThumbnailCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const handlers = useRef({ onLoad, onError });
  useEffect(() => {
    handlers.current = { onLoad, onError };
  });

  // Before the browser paints the new canvas: a picture already decoded is drawn in the same
  // frame (a passive effect would leave the canvas empty for a frame or two).
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const controller = new AbortController();
    const url = thumbnailUrl(src, src2x);
    canvas.dataset.src = url;
    const draw = async () => {
      // The browser's HTTP cache keeps the (versioned, immutable) thumbnail for a revisit.
      const bitmap = await (takePrefetched(url, controller.signal) ?? fetchDecoded(url, controller.signal));
      if (controller.signal.aborted) {
        bitmap.close();
        return;
      }
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      // The canvas takes the decoded bitmap as it is: no second copy in a 2D backing store.
      const context = canvas.getContext('bitmaprenderer');
      if (context === null) {
        canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
        bitmap.close();
      } else {
        context.transferFromImageBitmap(bitmap);
      }
      handlers.current.onLoad();
    };
    draw().catch(() => {
      if (!controller.signal.aborted) handlers.current.onError();
    });
    return () => {
      controller.abort();
      // Gives the pixels back now rather than when the element is collected.
      const context = canvas.getContext('bitmaprenderer');
      context?.transferFromImageBitmap(null);
      canvas.width = 0;
      canvas.height = 0;
    };
  }, [src, src2x]);

  return (
    <canvas ref={canvasRef} className={className} width={0} height={0} {...(label === undefined ? { 'aria-hidden': true } : { role: 'img', 'aria-label': label })} />
  );
}
