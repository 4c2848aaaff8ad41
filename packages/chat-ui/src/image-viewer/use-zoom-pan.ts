// Zoom and pan state of the viewer's stage: "fit" follows the stage size, any other
// zoom is a scale plus an offset from the centre. Wheel zooms about the pointer,
// dragging pans, keyboard shortcuts mirror the toolbar.
import { type KeyboardEvent, type PointerEvent, type RefObject, useEffect, useRef, useState } from 'react';

const minimumScale = 0.05;
const maximumScale = 16;
const step = 1.25;
/** Room left around the image when it is fitted to the stage. */
const fitPadding = 24;

interface View {
  fit: boolean;
  scale: number;
  x: number;
  y: number;
}

export interface ZoomPan {
  scale: number;
  x: number;
  y: number;
  isFit: boolean;
  zoomIn: () => void;
  zoomOut: () => void;
  fit: () => void;
  actualSize: () => void;
  stageHandlers: {
    onPointerDown: (event: PointerEvent<HTMLElement>) => void;
    onPointerMove: (event: PointerEvent<HTMLElement>) => void;
    onPointerUp: (event: PointerEvent<HTMLElement>) => void;
    onPointerCancel: (event: PointerEvent<HTMLElement>) => void;
    onDoubleClick: (event: { clientX: number; clientY: number }) => void;
  };
  /** + − 0 1 and the arrow keys; attach where keyboard focus lives (the dialog). */
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  isPanning: boolean;
}

function clampScale(scale: number): number {
  return Math.min(maximumScale, Math.max(minimumScale, scale));
}

export function useZoomPan(stageRef: RefObject<HTMLElement | null>, width: number, height: number): ZoomPan {
  const [stage, setStage] = useState({ width: 0, height: 0 });
  const [view, setView] = useState<View>({ fit: true, scale: 1, x: 0, y: 0 });
  const [isPanning, setIsPanning] = useState(false);
  const drag = useRef<{ pointerId: number; startX: number; startY: number; originX: number; originY: number } | null>(null);

  useEffect(() => {
    const element = stageRef.current;
    if (element === null) return;
    const measure = () => setStage({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [stageRef]);

  const fitScale =
    stage.width > 0 && stage.height > 0
      ? Math.min((stage.width - fitPadding * 2) / width, (stage.height - fitPadding * 2) / height, 1)
      : 1;
  const scale = view.fit ? fitScale : view.scale;
  const x = view.fit ? 0 : view.x;
  const y = view.fit ? 0 : view.y;

  // Wheel listeners must be non-passive to keep the page from scrolling.
  const current = useRef({ scale, x, y });
  useEffect(() => {
    current.current = { scale, x, y };
  });
  useEffect(() => {
    const element = stageRef.current;
    if (element === null) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const focalX = event.clientX - rect.left - rect.width / 2;
      const focalY = event.clientY - rect.top - rect.height / 2;
      const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      const factor = Math.exp(-Math.max(-200, Math.min(200, delta)) * 0.0025);
      const from = current.current;
      const next = clampScale(from.scale * factor);
      const ratio = next / from.scale;
      setView({ fit: false, scale: next, x: focalX - (focalX - from.x) * ratio, y: focalY - (focalY - from.y) * ratio });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, [stageRef]);

  const zoomTo = (next: number, focalX = 0, focalY = 0) => {
    const clamped = clampScale(next);
    const ratio = clamped / scale;
    setView({ fit: false, scale: clamped, x: focalX - (focalX - x) * ratio, y: focalY - (focalY - y) * ratio });
  };
  const zoomIn = () => zoomTo(scale * step);
  const zoomOut = () => zoomTo(scale / step);
  const fit = () => setView({ fit: true, scale: 1, x: 0, y: 0 });
  const actualSize = () => setView({ fit: false, scale: 1, x: 0, y: 0 });
  const panBy = (deltaX: number, deltaY: number) => setView({ fit: false, scale, x: x + deltaX, y: y + deltaY });

  const endDrag = (event: PointerEvent<HTMLElement>) => {
    if (drag.current?.pointerId !== event.pointerId) return;
    drag.current = null;
    setIsPanning(false);
    if (event.currentTarget.hasPointerCapture(event.pointerId)) event.currentTarget.releasePointerCapture(event.pointerId);
  };

  return {
    scale,
    x,
    y,
    isFit: view.fit,
    zoomIn,
    zoomOut,
    fit,
    actualSize,
    isPanning,
    stageHandlers: {
      onPointerDown: (event) => {
        if (event.button !== 0) return;
        try {
          event.currentTarget.setPointerCapture(event.pointerId);
        } catch {
          // A pointer the browser does not track (a synthetic one) cannot be captured; panning still works.
        }
        drag.current = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, originX: x, originY: y };
        setIsPanning(true);
      },
      onPointerMove: (event) => {
        const start = drag.current;
        if (start?.pointerId !== event.pointerId) return;
        setView({
          fit: false,
          scale,
          x: start.originX + event.clientX - start.startX,
          y: start.originY + event.clientY - start.startY,
        });
      },
      onPointerUp: endDrag,
      onPointerCancel: endDrag,
      onDoubleClick: (event) => {
        const element = stageRef.current;
        if (element === null) return;
        if (!view.fit) {
          fit();
          return;
        }
        const rect = element.getBoundingClientRect();
        zoomTo(Math.max(1, fitScale * 2), event.clientX - rect.left - rect.width / 2, event.clientY - rect.top - rect.height / 2);
      },
    },
    onKeyDown: (event) => {
      const handled = new Map<string, () => void>([
        ['+', zoomIn],
        ['=', zoomIn],
        ['-', zoomOut],
        ['0', fit],
        ['1', actualSize],
        ['ArrowLeft', () => panBy(48, 0)],
        ['ArrowRight', () => panBy(-48, 0)],
        ['ArrowUp', () => panBy(0, 48)],
        ['ArrowDown', () => panBy(0, -48)],
      ]).get(event.key);
      if (handled === undefined || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea') !== null) return;
      event.preventDefault();
      handled();
    },
  };
}
