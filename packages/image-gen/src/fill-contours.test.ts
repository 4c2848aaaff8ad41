import { describe, expect, it } from 'vitest';

import { rasterizeContours } from './fill-contours.ts';

function total(mask: Float32Array): number {
  return mask.reduce((sum, value) => sum + value, 0);
}

describe('rasterizeContours', () => {
  it('covers exactly the area of a square, wherever its edges fall inside pixels', () => {
    const square = [0, 0, 10, 0, 10, 10, 0, 10];
    for (const offset of [0, 0.25, 0.5, 0.75]) {
      const coverage = rasterizeContours([square], 1, 2 + offset, 3, 40, 40);
      expect(coverage).toBeDefined();
      expect(total(coverage!.mask)).toBeCloseTo(100, 1);
    }
  });

  it('gives an edge that halves a pixel column half coverage', () => {
    const coverage = rasterizeContours([[0, 0, 4.5, 0, 4.5, 4, 0, 4]], 1, 0, 0, 10, 10)!;
    expect(coverage.width).toBe(5);
    expect(coverage.mask[3]).toBeCloseTo(1, 5);
    expect(coverage.mask[4]).toBeCloseTo(0.5, 5);
  });

  it('leaves a hole drawn the other way round empty, and fills overlaps drawn the same way (non-zero rule)', () => {
    const outer = [0, 0, 20, 0, 20, 20, 0, 20];
    const holeReversed = [5, 5, 5, 15, 15, 15, 15, 5];
    const sameWay = [5, 5, 15, 5, 15, 15, 5, 15];
    expect(total(rasterizeContours([outer, holeReversed], 1, 0, 0, 40, 40)!.mask)).toBeCloseTo(300, 1);
    expect(total(rasterizeContours([outer, sameWay], 1, 0, 0, 40, 40)!.mask)).toBeCloseTo(400, 1);
  });

  it('scales, mirrors and clips to the picture', () => {
    const triangle = [0, 0, 10, 0, 0, 10];
    expect(total(rasterizeContours([triangle], 2, 0, 0, 100, 100)!.mask)).toBeCloseTo(200, 0);
    const mirrored = rasterizeContours([triangle], 1, 0, 20, 100, 100, -1)!;
    expect([mirrored.top, mirrored.height]).toEqual([10, 10]);
    expect(total(rasterizeContours([[-10, -10, 10, -10, 10, 10, -10, 10]], 1, 0, 0, 100, 100)!.mask)).toBeCloseTo(100, 1);
    expect(rasterizeContours([triangle], 1, 200, 200, 100, 100)).toBeUndefined();
  });
});
