import { describe, expect, it } from 'vitest';

import { rimOf } from './offline-concept-art.ts';

describe('the rim of light around a concept art silhouette', () => {
  it('lights the pixels just above-left, above-right and straight above the shape, less what the shape already covers, up to the box edges', () => {
    const width = 8;
    const mask = new Float32Array(width * 6);
    const set = (x: number, y: number, cover: number) => (mask[y * width + x] = cover);
    set(4, 4, 1);
    set(3, 3, 0.25);
    // In the bottom corners: their light falls inside the box on one side only.
    set(0, 5, 1);
    set(7, 5, 1);
    const rim = rimOf(mask, width, 1);
    const lit: Record<string, number> = {};
    rim.forEach((value, index) => {
      if (value !== 0) lit[`${String(index % width)},${String(Math.floor(index / width))}`] = value;
    });
    expect(lit).toEqual({
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
    const width = 12;
    const mask = new Float32Array(width * 12);
    mask[10 * width + 6] = 1;
    const rim = rimOf(mask, width, 3);
    const lit = [...rim.keys()].filter((index) => rim[index] !== 0).map((index) => [index % width, Math.floor(index / width)]);
    expect(lit).toEqual([
      [6, 5],
      [3, 7],
      [9, 7],
    ]);
  });

  it('takes the largest of the three, and lights nothing where the shape covers as much already', () => {
    const width = 5;
    const mask = new Float32Array(width * 5);
    const set = (x: number, y: number, cover: number) => (mask[y * width + x] = cover);
    set(2, 4, 1);
    set(3, 3, 0.5);
    set(1, 1, 0.5);
    set(3, 0, 1);
    const rim = rimOf(mask, width, 1);
    const lit: Record<string, number> = {};
    rim.forEach((value, index) => {
      if (value !== 0) lit[`${String(index % width)},${String(Math.floor(index / width))}`] = value;
    });
    // (2,2): 0.5 up-left of it, 1 straight below; (3,3): half covered, 1 below-left; (1,1): half covered, nothing below.
    expect(lit).toEqual({ '0,0': 0.5, '2,0': 0.5, '3,1': 0.5, '2,2': 1, '4,2': 0.5, '1,3': 1, '3,3': 0.5 });
  });

  it('never reaches around the box\'s side into the next row', () => {
    const width = 4;
    const mask = new Float32Array(width * 3);
    mask[2 * width] = 1;
    mask[width + 3] = 1;
    const rim = rimOf(mask, width, 1);
    const lit = [...rim.keys()].filter((index) => rim[index] !== 0).map((index) => `${String(index % width)},${String(Math.floor(index / width))}`);
    expect(lit).toEqual(['0,0', '2,0', '1,1']);
  });
});

