import { describe, expect, it } from 'vitest';

import { rasterizeContours } from './fill-contours.ts';
import { pathToContours } from './icon-path.ts';

function area(d: string): number {
  return rasterizeContours(pathToContours(d, 0.5), 1, 0, 0, 200, 200)?.mask.reduce((sum, value) => sum + value, 0) ?? 0;
}

describe('pathToContours', () => {
  it('reads absolute and relative lines, H/V and closes each contour', () => {
    expect(pathToContours('M10 10H30V30H10Z')).toEqual([[10, 10, 30, 10, 30, 30, 10, 30]]);
    expect(area('m10 10h20v20h-20z')).toBeCloseTo(400, 0);
    expect(pathToContours('M0 0h10v10zm20 20h10v10z')).toHaveLength(2);
  });

  it('turns arcs and curves into outlines that keep their area', () => {
    // A circle of radius 40 as two arcs: π·40² ≈ 5027.
    expect(area('M60 100a40 40 0 1 0 80 0a40 40 0 1 0 -80 0z')).toBeGreaterThan(5027 * 0.98);
    expect(area('M60 100a40 40 0 1 0 80 0a40 40 0 1 0 -80 0z')).toBeLessThan(5027 * 1.01);
    // A quadratic hump over a 100-wide base, 50 high at its control point: area 2/3·100·25.
    expect(area('M20 150Q70 100 120 150Z')).toBeCloseTo((2 / 3) * 100 * 25, -1);
  });

  it('starts a contour that follows a Z without an M at the closed contour’s first point', () => {
    const [, second] = pathToContours('M0 0h10v10h-10zl5 5h5z');
    expect(second?.slice(0, 2)).toEqual([0, 0]);
  });
});
