import { describe, expect, it } from 'vitest';

import { rimOf } from './offline-concept-art.ts';

/** A `width × height` coverage mask, zero but for `cells` (x, y, cover). */
function maskOf(width: number, height: number, cells: readonly (readonly [number, number, number])[]): Float32Array {
  const mask = new Float32Array(width * height);
  for (const [x, y, cover] of cells) mask[y * width + x] = cover;
  return mask;
}

/** The rim's lit pixels, "x,y" → light, in the mask's row order. */
function litPixels(rim: Float32Array, width: number): Record<string, number> {
  const lit: Record<string, number> = {};
  rim.forEach((value, index) => {
    if (value !== 0) lit[`${String(index % width)},${String(Math.floor(index / width))}`] = value;
  });
  return lit;
}

describe('the rim of light around a concept art silhouette', () => {
  it('lights the pixels just above-left, above-right and straight above the shape, less what the shape already covers, up to the box edges', () => {
    // The two last cells sit in the bottom corners: their light falls inside the box on one side only.
    const mask = maskOf(8, 6, [[4, 4, 1], [3, 3, 0.25], [0, 5, 1], [7, 5, 1]]);
    expect(litPixels(rimOf(mask, 8, 1), 8)).toEqual({
      // 1 px up-left and up-right, 2 px (1.5 × 1, rounded) straight up.
      '3,3': 0.75,
      '5,3': 1,
      '4,2': 1,
      '2,2': 0.25,
      '3,1': 0.25,
      '1,4': 1,
      '0,3': 1,
      '6,4': 1,
      '7,3': 1,
    });
  });

  it('is as wide as asked: 3 px to each side and 5 px (4.5, rounded) straight up', () => {
    const mask = maskOf(12, 12, [[6, 10, 1]]);
    expect(Object.keys(litPixels(rimOf(mask, 12, 3), 12))).toEqual(['6,5', '3,7', '9,7']);
  });

  it('takes the largest of the three, and lights nothing where the shape covers as much already', () => {
    const mask = maskOf(5, 5, [[2, 4, 1], [3, 3, 0.5], [1, 1, 0.5], [3, 0, 1]]);
    // (2,2): 0.5 up-left of it, 1 straight below; (3,3): half covered, 1 below-left; (1,1): half covered, nothing below.
    expect(litPixels(rimOf(mask, 5, 1), 5)).toEqual({ '0,0': 0.5, '2,0': 0.5, '3,1': 0.5, '2,2': 1, '4,2': 0.5, '1,3': 1, '3,3': 0.5 });
  });

  it('never reaches around the box\'s side into the next row', () => {
    const mask = maskOf(4, 3, [[0, 2, 1], [3, 1, 1]]);
    expect(Object.keys(litPixels(rimOf(mask, 4, 1), 4))).toEqual(['0,0', '2,0', '1,1']);
  });
});
