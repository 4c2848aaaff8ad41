// SVG path data → closed polygons for fill-contours.ts. svgpath (a maintained SVG path
// library) makes every command absolute, arcs into cubic curves and shorthand curves
// explicit; what is left is M, L, H, V, C, Q and Z, and the curves are cut into straight
// pieces fine enough for an icon drawn up to about 1000 px across.
import svgpath from 'svgpath';

import type { Contours } from './fill-contours.ts';

/** Straight pieces per curve: about one per `step` units of its control polygon, 2–32. */
function pieces(length: number, step: number): number {
  return Math.min(32, Math.max(2, Math.ceil(length / step)));
}

/**
 * The closed polygons of a path's `d` attribute. `step` is the flattening step in the path's
 * own units (smaller: smoother and more points).
 */
export function pathToContours(d: string, step = 3): Contours {
  const contours: number[][] = [];
  let current: number[] = [];
  let startX = 0;
  let startY = 0;
  let x = 0;
  let y = 0;
  const close = (): void => {
    if (current.length >= 6) contours.push(current);
    current = [];
  };
  svgpath(d).abs().unarc().unshort().iterate((segment) => {
    // A drawing command right after Z starts from the closed contour's first point.
    if (current.length === 0 && segment[0] !== 'M') current.push(x, y);
    switch (segment[0]) {
      case 'M':
        close();
        [, x, y] = segment;
        startX = x;
        startY = y;
        current.push(x, y);
        break;
      case 'L':
        [, x, y] = segment;
        current.push(x, y);
        break;
      case 'H':
        [, x] = segment;
        current.push(x, y);
        break;
      case 'V':
        [, y] = segment;
        current.push(x, y);
        break;
      case 'C': {
        const [, c1x, c1y, c2x, c2y, ex, ey] = segment;
        const count = pieces(Math.hypot(c1x - x, c1y - y) + Math.hypot(c2x - c1x, c2y - c1y) + Math.hypot(ex - c2x, ey - c2y), step);
        for (let index = 1; index <= count; index += 1) {
          const t = index / count;
          const u = 1 - t;
          current.push(u * u * u * x + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex, u * u * u * y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey);
        }
        x = ex;
        y = ey;
        break;
      }
      case 'Q': {
        const [, cx, cy, ex, ey] = segment;
        const count = pieces(Math.hypot(cx - x, cy - y) + Math.hypot(ex - cx, ey - cy), step);
        for (let index = 1; index <= count; index += 1) {
          const t = index / count;
          const u = 1 - t;
          current.push(u * u * x + 2 * u * t * cx + t * t * ex, u * u * y + 2 * u * t * cy + t * t * ey);
        }
        x = ex;
        y = ey;
        break;
      }
      case 'Z':
      case 'z':
        close();
        x = startX;
        y = startY;
        break;
      case 'm':
      case 'l':
      case 'h':
      case 'v':
      case 'c':
      case 'q':
      case 's':
      case 'S':
      case 't':
      case 'T':
      case 'a':
      case 'A':
        // Relative, shorthand and arc commands: abs/unshort/unarc rewrote them all away.
        break;
    }
  });
  close();
  return contours;
}
