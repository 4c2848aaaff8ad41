import { describe, expect, it } from 'vitest';

import { Canvas } from './offline-canvas.ts';

const white = [255, 255, 255] as const;

/** The sum of every pixel's alpha, in whole pixels: a filled shape's area. */
function area(canvas: Canvas): number {
  let sum = 0;
  for (let offset = 3; offset < canvas.rgba.length; offset += 4) sum += canvas.rgba[offset] ?? 0;
  return sum / 255;
}

const alphaAt = (canvas: Canvas, x: number, y: number) => canvas.rgba[(y * canvas.width + x) * 4 + 3] ?? -1;

describe('the offline canvas', () => {
  it('draws into the pixels it is given, and only those, refusing a buffer of the wrong size', () => {
    const memory = new Uint8Array(48);
    const pixels = memory.subarray(16);
    const canvas = new Canvas(4, 2, pixels);
    expect(canvas.rgba).toBe(pixels);
    canvas.rect(0, 0, 4, 2, [1, 2, 3]);
    expect([...memory.subarray(0, 16)]).toEqual(new Array(16).fill(0));
    expect([...pixels.subarray(28)]).toEqual([1, 2, 3, 255]);
    expect(() => new Canvas(4, 4, pixels)).toThrow(/4 × 4 canvas needs 64 bytes, not 32/);
  });

  it('fills an anti-aliased circle: solid inside, its edge pixels covered as far as they reach in, its area πr²', () => {
    const canvas = new Canvas(48, 48);
    canvas.smoothCircle(24.25, 24.5, 12, white);
    expect(alphaAt(canvas, 24, 24)).toBe(255);
    // Each edge pixel is covered by how far its centre lies inside the edge, plus a half.
    expect(alphaAt(canvas, 35, 24)).toBe(255);
    expect(alphaAt(canvas, 36, 24)).toBeCloseTo(64, -0.5); // centre 12.25 from the middle: a quarter
    expect(alphaAt(canvas, 12, 24)).toBeCloseTo(191, -0.5); // 11.75: three quarters
    expect(alphaAt(canvas, 11, 24)).toBe(0);
    expect(alphaAt(canvas, 24, 11)).toBe(0);
    expect(alphaAt(canvas, 24, 12)).toBeCloseTo(128, -0.5); // 12: a half
    expect(alphaAt(canvas, 24, 13)).toBe(255);
    expect(area(canvas)).toBeCloseTo(Math.PI * 144, -0.5);
  });

  it('fills an anti-aliased ellipse and rounded rectangle of the right area', () => {
    const ellipse = new Canvas(64, 40);
    ellipse.smoothEllipse(32, 20, 24, 12, white);
    expect(area(ellipse)).toBeCloseTo(Math.PI * 24 * 12, -0.5);
    const rounded = new Canvas(64, 40);
    rounded.smoothRoundedRect(4, 4, 60, 36, 8, white);
    expect(area(rounded)).toBeCloseTo(56 * 32 - (4 - Math.PI) * 64, -0.5);
  });

  it('draws a capsule as a round-ended line of the right area', () => {
    const canvas = new Canvas(64, 32);
    canvas.capsule(12, 16, 52, 16, 6, white);
    expect(area(canvas)).toBeCloseTo(40 * 12 + Math.PI * 36, -0.5);
  });

  it('lights an opaque picture by (1 − d²/r²)² of the glow, each channel rounded', () => {
    const canvas = new Canvas(40, 40);
    canvas.rect(0, 0, 40, 40, [10, 20, 30]);
    canvas.glow(20, 20, 16, [210, 120, 230], 0.5);
    for (const [x, y] of [[20, 20], [26, 23], [31, 20], [20, 8]] as const) {
      const fade = 1 - ((x + 0.5 - 20) ** 2 + (y + 0.5 - 20) ** 2) / 256;
      const amount = 0.5 * fade * fade;
      const offset = (y * 40 + x) * 4;
      expect([...canvas.rgba.subarray(offset, offset + 4)]).toEqual([Math.round(10 + 200 * amount), Math.round(20 + 100 * amount), Math.round(30 + 200 * amount), 255]);
    }
    // Outside the radius nothing changes.
    expect([...canvas.rgba.subarray(0, 4)]).toEqual([10, 20, 30, 255]);
  });
});
