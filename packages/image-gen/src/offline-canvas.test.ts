import { describe, expect, it } from 'vitest';

import { Canvas, insideRun } from './offline-canvas.ts';
import type { SmoothShape } from './offline-canvas.ts';

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

  it('blends over an opaque pixel source-over, each channel rounded, and leaves it opaque', () => {
    const canvas = new Canvas(3, 1);
    canvas.rect(0, 0, 3, 1, [10, 200, 31]);
    canvas.blend(0, 0, [250, 0, 100], 0.3);
    // 10 + 240 × 0.3 = 82; 200 − 200 × 0.3 = 140; 31 + 69 × 0.3 = 51.7 → 52.
    expect([...canvas.rgba.subarray(0, 4)]).toEqual([82, 140, 52, 255]);
    canvas.blend(1, 0, [0, 0, 0], 0.25);
    // 7.5 rounds up; 150; 23.25 down.
    expect([...canvas.rgba.subarray(4, 8)]).toEqual([8, 150, 23, 255]);
    canvas.blend(2, 0, [255, 255, 255], 0.999);
    expect([...canvas.rgba.subarray(8, 12)]).toEqual([255, 255, 255, 255]);
  });

  it('blends over a see-through pixel by source-over, its alpha growing', () => {
    const canvas = new Canvas(1, 1);
    canvas.blend(0, 0, [100, 150, 200], 0.5);
    expect([...canvas.rgba]).toEqual([100, 150, 200, 128]);
    canvas.blend(0, 0, [0, 0, 0], 0.6);
    // Under: 128/255 × 0.4 of the old colour, over 0.6 + that.
    expect([...canvas.rgba]).toEqual([25, 38, 50, 204]);
  });

  it('fills a silhouette from each column\'s edge down to the bottom, wholly below its lowest point', () => {
    const canvas = new Canvas(6, 8);
    const edge = [2, 1, 3, 5, 4, 9];
    canvas.silhouette((x) => edge[x] ?? 0, 7, [9, 9, 9]);
    const filled = (x: number) => [...Array(8).keys()].map((y) => (alphaAt(canvas, x, y) === 255 ? 1 : 0)).join('');
    // Rows 0–6 (the bottom is 7, not drawn); a column whose edge lies below the picture stays empty.
    expect([0, 1, 2, 3, 4, 5].map(filled)).toEqual(['00111110', '01111110', '00011110', '00000110', '00001110', '00000000']);
  });

  it('fills a see-through silhouette over an opaque picture by blending, rows below the edge included', () => {
    const canvas = new Canvas(4, 4);
    canvas.rect(0, 0, 4, 4, [0, 0, 0]);
    canvas.silhouette((x) => (x < 2 ? 1 : 2), 4, [200, 100, 50], 0.5);
    const pixel = (x: number, y: number) => [...canvas.rgba.subarray((y * 4 + x) * 4, (y * 4 + x) * 4 + 4)];
    expect(pixel(0, 0)).toEqual([0, 0, 0, 255]);
    expect(pixel(0, 1)).toEqual([100, 50, 25, 255]);
    expect(pixel(3, 1)).toEqual([0, 0, 0, 255]);
    expect(pixel(3, 2)).toEqual([100, 50, 25, 255]);
    expect(pixel(3, 3)).toEqual([100, 50, 25, 255]);
  });

  it('blends a see-through span over exactly its pixels, clipped to the picture', () => {
    const canvas = new Canvas(5, 2);
    canvas.rect(0, 0, 5, 2, [0, 0, 0]);
    canvas.span(1, -2, 3, [100, 200, 40], 0.5);
    canvas.span(0, 4, 9, [100, 200, 40], 0.5);
    canvas.span(0, 0, 4, [100, 200, 40], 0);
    canvas.span(5, 0, 5, [100, 200, 40], 0.5);
    const row = (y: number) => [...Array(5).keys()].map((x) => canvas.rgba[(y * 5 + x) * 4 + 1]);
    expect(row(0)).toEqual([0, 0, 0, 0, 100]);
    expect(row(1)).toEqual([100, 100, 100, 0, 0]);
  });

  it('blends a coverage mask by each pixel\'s cover, only where it lies in the picture', () => {
    const canvas = new Canvas(3, 3);
    canvas.rect(0, 0, 3, 3, [0, 0, 0]);
    // A 4 × 3 mask whose top-left sits one pixel above and left of the picture.
    const mask = new Float32Array([
      1, 1, 1, 1,
      1, 0.5, 2, 0,
      1, 0.25, 1, 1,
    ]);
    canvas.coverage(mask, -1, -1, 4, [200, 200, 200], 0.5);
    const green = [...Array(9).keys()].map((index) => canvas.rgba[index * 4 + 1]);
    // Row 1 of the mask is the picture's row 0: 0.5 × 0.5 → 50, a cover above 1 counts as 1 → 100, none → 0.
    expect(green).toEqual([50, 100, 0, 25, 100, 100, 0, 0, 0]);
    const moved = new Canvas(3, 3);
    moved.rect(0, 0, 3, 3, [0, 0, 0]);
    moved.coverage(new Float32Array([1, 1]), 2, 2, 2, [200, 200, 200]);
    moved.coverage(new Float32Array([1, 1]), 3, 0, 2, [200, 200, 200]);
    moved.coverage(new Float32Array([1, 1]), 0, 0, 2, [200, 200, 200], 0);
    expect([...Array(9).keys()].map((index) => moved.rgba[index * 4 + 1])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 200]);
  });

  it('blends nothing outside the picture or at no alpha', () => {
    const canvas = new Canvas(3, 3);
    canvas.rect(0, 0, 3, 3, [0, 0, 0]);
    for (const [x, y] of [[-1, 1], [3, 1], [1, -1], [1, 3], [-1, -1], [3, 3]] as const) canvas.blend(x, y, [255, 255, 255], 0.5);
    canvas.blend(1, 1, [255, 255, 255], 0);
    canvas.blend(0, 0, [255, 255, 255], -0.5);
    expect(canvas.rgba.every((value, index) => value === (index % 4 === 3 ? 255 : 0))).toBe(true);
    canvas.span(-1, 0, 3, [255, 255, 255]);
    canvas.span(3, 0, 3, [255, 255, 255]);
    expect(canvas.rgba.every((value, index) => value === (index % 4 === 3 ? 255 : 0))).toBe(true);
  });

  it('stops a silhouette at its bottom, inside the picture', () => {
    const canvas = new Canvas(3, 6);
    canvas.silhouette((x) => x, 4, [9, 9, 9]);
    const filled = (x: number) => [...Array(6).keys()].map((y) => (alphaAt(canvas, x, y) === 255 ? 1 : 0)).join('');
    expect([0, 1, 2].map(filled)).toEqual(['111100', '011100', '001100']);
  });
});

// The smooth shapes' signed distances (in pixels, negative inside), written out again here as
// the reference the canvas is held to.
const hypot = (x: number, y: number) => Math.sqrt(x * x + y * y);
function referenceDistance(shape: SmoothShape): (x: number, y: number) => number {
  switch (shape.kind) {
    case 'circle':
      return (x, y) => hypot(x - shape.cx, y - shape.cy) - shape.radius;
    case 'ellipse':
      return (x, y) => (hypot((x - shape.cx) / shape.rx, (y - shape.cy) / shape.ry) - 1) * Math.min(shape.rx, shape.ry);
    case 'rounded': {
      const { x0, y0, x1, y1 } = shape;
      // A radius more than half the width or height is drawn as half.
      const radius = Math.min(shape.radius, (x1 - x0) / 2, (y1 - y0) / 2);
      return (x, y) => {
        const qx = Math.abs(x - (x0 + x1) / 2) - ((x1 - x0) / 2 - radius);
        const qy = Math.abs(y - (y0 + y1) / 2) - ((y1 - y0) / 2 - radius);
        return hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
      };
    }
    case 'capsule': {
      const { ax, ay, bx, by, radius } = shape;
      return (x, y) => {
        // A capsule whose ends meet is a circle.
        const t = Math.min(1, Math.max(0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1)));
        return hypot(x - ax - (bx - ax) * t, y - ay - (by - ay) * t) - radius;
      };
    }
  }
}

/** Draws `shape` with the canvas's own smooth method. */
function drawShape(canvas: Canvas, shape: SmoothShape, colour: readonly [number, number, number], alpha: number): void {
  switch (shape.kind) {
    case 'circle':
      canvas.smoothCircle(shape.cx, shape.cy, shape.radius, colour, alpha);
      return;
    case 'ellipse':
      canvas.smoothEllipse(shape.cx, shape.cy, shape.rx, shape.ry, colour, alpha);
      return;
    case 'rounded':
      canvas.smoothRoundedRect(shape.x0, shape.y0, shape.x1, shape.y1, shape.radius, colour, alpha);
      return;
    case 'capsule':
      canvas.capsule(shape.ax, shape.ay, shape.bx, shape.by, shape.radius, colour, alpha);
      return;
  }
}

/** Every pixel of the picture blended one at a time by how far its centre lies inside the shape. */
function drawReference(canvas: Canvas, shape: SmoothShape, colour: readonly [number, number, number], alpha: number): void {
  const distance = referenceDistance(shape);
  for (let y = 0; y < canvas.height; y += 1) {
    for (let x = 0; x < canvas.width; x += 1) {
      const cover = Math.min(1, Math.max(0, 0.5 - distance(x + 0.5, y + 0.5)));
      if (cover > 0) canvas.blend(x, y, colour, alpha * cover);
    }
  }
}

// Shapes inside the picture and across each of its edges; a pill whose radius is more than half
// its height (drawn as half); a capsule drawn just after a circle (nothing of the circle's rows carries over).
const smoothShapes: readonly SmoothShape[] = [
  { kind: 'circle', cx: 20.3, cy: 14.6, radius: 9.4 },
  { kind: 'circle', cx: 2.5, cy: 15, radius: 9 },
  { kind: 'circle', cx: 37.5, cy: 1.5, radius: 8 },
  { kind: 'ellipse', cx: 20, cy: 15.2, rx: 17.3, ry: 6.1 },
  { kind: 'ellipse', cx: 36, cy: 22, rx: 9.5, ry: 14 },
  { kind: 'rounded', x0: -3, y0: 4, x1: 20.5, y1: 26, radius: 5 },
  { kind: 'rounded', x0: 8.5, y0: 8, x1: 39.5, y1: 18, radius: 9 },
  { kind: 'rounded', x0: 30, y0: -2, x1: 44, y1: 12.5, radius: 3 },
  { kind: 'capsule', ax: -2, ay: 5, bx: 30, by: 25, radius: 3.5 },
  { kind: 'capsule', ax: 30, ay: 3, bx: 30, by: 3, radius: 2.2 },
];

describe('the offline canvas\'s smooth shapes', () => {
  for (const [name, background] of [['an opaque picture', [90, 100, 110]], ['a see-through one', undefined]] as const) {
    for (const alpha of [1, 0.55]) {
      it(`covers each pixel by how far its centre lies inside the shape, on ${name}, at alpha ${String(alpha)}`, () => {
        for (const shape of smoothShapes) {
          const [drawn, expected] = [new Canvas(40, 30), new Canvas(40, 30)];
          if (background !== undefined) for (const canvas of [drawn, expected]) canvas.rect(0, 0, 40, 30, background);
          // Something drawn before, whose rows the next shape must not reuse.
          drawn.smoothCircle(8, 8, 4, [0, 0, 0], 0.3);
          drawReference(expected, { kind: 'circle', cx: 8, cy: 8, radius: 4 }, [0, 0, 0], 0.3);
          drawShape(drawn, shape, [250, 40, 10], alpha);
          drawReference(expected, shape, [250, 40, 10], alpha);
          expect({ shape, pixels: [...drawn.rgba] }).toEqual({ shape, pixels: [...expected.rgba] });
        }
      });
    }
  }

  it('fills a run of each row without asking each pixel only where the whole run lies inside, and most of the inside that way', () => {
    const run = new Float64Array(2);
    // Each shape with the share of its inside its runs fill at least: a capsule has none (every
    // pixel is asked), a very flat ellipse almost none (its runs stay two pixels in).
    const cases: [SmoothShape, number][] = [
      ...smoothShapes.map((shape): [SmoothShape, number] => [shape, shape.kind === 'capsule' ? 0 : 0.4]),
      [{ kind: 'ellipse', cx: 50, cy: 40, rx: 45, ry: 11 }, 0.6],
      [{ kind: 'ellipse', cx: 50, cy: 40, rx: 40, ry: 2.6 }, 0],
      [{ kind: 'rounded', x0: 4, y0: 4, x1: 90, y1: 60, radius: 14 }, 0.8],
    ];
    for (const [drawn, least] of cases) {
      // The canvas hands a rounded rectangle's radius over already clamped to half its width or height.
      const shape = drawn.kind === 'rounded' ? { ...drawn, radius: Math.min(drawn.radius, (drawn.x1 - drawn.x0) / 2, (drawn.y1 - drawn.y0) / 2) } : drawn;
      const distance = referenceDistance(shape);
      let inside = 0;
      let inRuns = 0;
      for (let y = -5; y < 80; y += 1) {
        for (let x = -5; x < 100; x += 1) if (distance(x + 0.5, y + 0.5) <= -0.5) inside += 1;
        if (!insideRun(shape, y + 0.5, run)) continue;
        const [left, right] = [Math.ceil(run[0] ?? 0), Math.floor(run[1] ?? 0)];
        for (let x = left; x < right; x += 1) {
          expect({ shape, x, y, inside: distance(x + 0.5, y + 0.5) <= -0.5 }).toEqual({ shape, x, y, inside: true });
          inRuns += 1;
        }
      }
      if (least === 0) expect({ shape, inRuns: inRuns / inside < 0.05 }).toEqual({ shape, inRuns: true });
      else expect({ shape, share: inRuns / inside >= least }).toEqual({ shape, share: true });
      if (shape.kind === 'capsule') expect(inRuns).toBe(0);
    }
  });
});
