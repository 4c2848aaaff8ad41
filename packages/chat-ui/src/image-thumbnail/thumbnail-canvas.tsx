// A thumbnail fetched and decoded into a canvas its owner holds (a Library tile, an image in
// the chat), so its pixels go when the owner scrolls away. An <img> would leave each picture
// seen in the browser's decoded-image cache (about a thousand of them, ~220 kB each, in
// software rendering), which is what scrolling a long chat or 10,000 assets would otherwise cost.
import { useEffect, useRef } from 'react';

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

export function ThumbnailCanvas({ src, src2x, onLoad, onError, className = 'forge-tile__image', label }: ThumbnailCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const handlers = useRef({ onLoad, onError });
  useEffect(() => {
    handlers.current = { onLoad, onError };
  });

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas === null) return;
    const controller = new AbortController();
    const url = window.devicePixelRatio >= 1.5 ? src2x : src;
    canvas.dataset.src = url;
    const draw = async () => {
      // The browser's HTTP cache keeps the (versioned, immutable) thumbnail for a revisit.
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) throw new Error(`The thumbnail answered ${response.status}.`);
      const bitmap = await createImageBitmap(await response.blob());
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
