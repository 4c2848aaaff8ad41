// The offline pictures' raster: RGBA pixels with alpha blending and a few shapes, all
// clipped to the picture. Flat shapes (rect, circle, silhouette) are cheap and hard-edged;
// the `smooth*` shapes and `coverage` are anti-aliased, for the pictures people look at
// closely (UI mock-ups, sprite figures, icon silhouettes).
import { drawText, glyphHeight, textWidth, toFontText } from './bitmap-font.ts';
import { mix, type Rgb } from './offline-colour.ts';

/** √(x² + y²): Math.hypot's answer for the sizes drawn here, several times faster per pixel. */
function length(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}

function clamp01(value: number): number {
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

/** The anti-aliased shapes `Canvas.smooth` fills, as plain data. */
interface SmoothCircle {
  kind: 'circle';
  cx: number;
  cy: number;
  radius: number;
}

interface SmoothEllipse {
  kind: 'ellipse';
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

interface SmoothRounded {
  kind: 'rounded';
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Already no more than half the width or height. */
  radius: number;
}

interface SmoothCapsule {
  kind: 'capsule';
  ax: number;
  ay: number;
  bx: number;
  by: number;
  radius: number;
}

export type SmoothShape = SmoothCircle | SmoothEllipse | SmoothRounded | SmoothCapsule;

/**
 * Whether row `y` (a pixel centre) has a run wholly inside the shape; if so its ends are
 * written to `run` [left, right].
 */
export function insideRun(shape: SmoothShape, y: number, run: Float64Array): boolean {
  let left: number;
  let right: number;
  switch (shape.kind) {
    case 'circle': {
      const dy = Math.abs(y - shape.cy) + 0.5;
      const half = Math.sqrt(Math.max(0, shape.radius * shape.radius - dy * dy)) - 1;
      if (!(half > 0)) return false;
      left = shape.cx - half;
      right = shape.cx + half;
      break;
    }
    case 'ellipse': {
      // The inner ellipse two pixels in (in the short axis's units), so its run is surely inside.
      const inner = 1 - 2 / Math.min(shape.rx, shape.ry);
      const dy = (Math.abs(y - shape.cy) + 0.5) / shape.ry;
      const half = inner ** 2 - dy * dy > 0 ? shape.rx * Math.sqrt(inner ** 2 - dy * dy) : 0;
      if (!(half > 0)) return false;
      left = shape.cx - half;
      right = shape.cx + half;
      break;
    }
    case 'rounded': {
      // Straight sides between the corners; between the top and bottom edges, the part clear of the corners.
      const { x0, y0, x1, y1, radius } = shape;
      if (y >= y0 + radius && y <= y1 - radius) {
        left = x0 + 1;
        right = x1 - 1;
      } else if (y >= y0 + 1 && y <= y1 - 1) {
        left = x0 + radius;
        right = x1 - radius;
      } else return false;
      break;
    }
    case 'capsule':
      return false;
  }
  run[0] = left;
  run[1] = right;
  return true;
}

export class Canvas {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
  /** The same pixels, one 32-bit word each, for filling runs of opaque pixels at once. */
  private readonly words: Uint32Array;
  private readonly packer = new Uint8Array(4);
  private readonly packed = new Uint32Array(this.packer.buffer);
  /** A row's run wholly inside a smooth shape (left, right), written by `insideRun`. */
  private readonly run = new Float64Array(2);

  /** `pixels`, when given, is where it draws: `width × height × 4` bytes, all zero (transparent). */
  constructor(width: number, height: number, pixels?: Uint8Array) {
    this.width = width;
    this.height = height;
    if (pixels !== undefined && pixels.length !== width * height * 4) throw new RangeError(`A ${width} × ${height} canvas needs ${width * height * 4} bytes, not ${pixels.length}.`);
    this.rgba = pixels ?? new Uint8Array(width * height * 4);
    this.words = new Uint32Array(this.rgba.buffer, this.rgba.byteOffset, width * height);
  }

  /** An opaque colour as a pixel word, in this machine's byte order. */
  private word(colour: Rgb, alpha = 255): number {
    this.packer[0] = colour[0];
    this.packer[1] = colour[1];
    this.packer[2] = colour[2];
    this.packer[3] = alpha;
    return this.packed[0] ?? 0;
  }

  blend(x: number, y: number, colour: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || alpha <= 0) return;
    this.blendAt((y * this.width + x) * 4, colour, alpha);
  }

  /** Blends `colour` at `alpha` (> 0) into the pixel at byte `offset`, which is in the picture. */
  private blendAt(offset: number, colour: Rgb, alpha: number): void {
    const pixels = this.rgba;
    if (alpha >= 1) {
      pixels[offset] = colour[0];
      pixels[offset + 1] = colour[1];
      pixels[offset + 2] = colour[2];
      pixels[offset + 3] = 255;
    } else if (pixels[offset + 3] === 255) {
      // Over an opaque pixel (most of a picture): each channel moves toward the colour, rounded
      // (never negative, so + 0.5 and the store's truncation), and the pixel stays opaque.
      const red = pixels[offset] ?? 0;
      const green = pixels[offset + 1] ?? 0;
      const blue = pixels[offset + 2] ?? 0;
      pixels[offset] = red + (colour[0] - red) * alpha + 0.5;
      pixels[offset + 1] = green + (colour[1] - green) * alpha + 0.5;
      pixels[offset + 2] = blue + (colour[2] - blue) * alpha + 0.5;
    } else {
      this.blendOver(offset, colour, alpha);
    }
  }

  /** Source-over onto a see-through pixel; written out per channel because this runs for many pixels. */
  private blendOver(offset: number, colour: Rgb, alpha: number): void {
    const pixels = this.rgba;
    const existing = (pixels[offset + 3] ?? 0) / 255;
    const under = existing * (1 - alpha);
    const outAlpha = alpha + under;
    pixels[offset] = Math.round((colour[0] * alpha + (pixels[offset] ?? 0) * under) / outAlpha);
    pixels[offset + 1] = Math.round((colour[1] * alpha + (pixels[offset + 1] ?? 0) * under) / outAlpha);
    pixels[offset + 2] = Math.round((colour[2] * alpha + (pixels[offset + 2] ?? 0) * under) / outAlpha);
    pixels[offset + 3] = Math.round(outAlpha * 255);
  }

  /** Each row one colour, from `top` to `bottom` (rows y0..y1). */
  verticalGradient(y0: number, y1: number, top: Rgb, bottom: Rgb, alpha = 255): void {
    const span = Math.max(1, y1 - y0);
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, y1); y += 1) {
      this.words.fill(this.word(mix(top, bottom, (y - y0) / span), alpha), y * this.width, (y + 1) * this.width);
    }
  }

  /** Pixels x0..x1 (exclusive) of row y; opaque runs are written directly, the rest blended. */
  span(y: number, x0: number, x1: number, colour: Rgb, alpha = 1): void {
    if (y < 0 || y >= this.height) return;
    const start = Math.max(0, x0);
    const end = Math.min(this.width, x1);
    if (alpha < 1) {
      if (alpha <= 0) return;
      for (let offset = (y * this.width + start) * 4, last = (y * this.width + end) * 4; offset < last; offset += 4) this.blendAt(offset, colour, alpha);
      return;
    }
    if (end > start) this.words.fill(this.word(colour), y * this.width + start, y * this.width + end);
  }

  rect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, alpha = 1): void {
    const left = Math.floor(x0);
    const right = Math.ceil(x1);
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y += 1) this.span(y, left, right, colour, alpha);
  }

  roundedRect(x0: number, y0: number, x1: number, y1: number, radius: number, colour: Rgb, alpha = 1): void {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y += 1) {
      const dy = y < y0 + radius ? y0 + radius - y : y > y1 - radius ? y - (y1 - radius) : 0;
      const inset = dy > 0 ? radius - Math.sqrt(Math.max(0, radius * radius - dy * dy)) : 0;
      for (let x = Math.max(0, Math.floor(x0 + inset)); x < Math.min(this.width, Math.ceil(x1 - inset)); x += 1) this.blend(x, y, colour, alpha);
    }
  }

  circle(cx: number, cy: number, radius: number, colour: Rgb, alpha = 1): void {
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(this.height, Math.ceil(cy + radius)); y += 1) {
      const half = Math.sqrt(Math.max(0, radius * radius - (y + 0.5 - cy) ** 2));
      for (let x = Math.max(0, Math.round(cx - half)); x < Math.min(this.width, Math.round(cx + half)); x += 1) this.blend(x, y, colour, alpha);
    }
  }

  /** Fills from a per-column top edge down to `bottom`. */
  silhouette(top: (x: number) => number, bottom: number, colour: Rgb, alpha = 1): void {
    const tops = new Int32Array(this.width);
    let highest = this.height;
    let lowest = 0;
    for (let x = 0; x < this.width; x += 1) {
      const edge = Math.max(0, Math.round(top(x)));
      tops[x] = edge;
      highest = Math.min(highest, edge);
      lowest = Math.max(lowest, edge);
    }
    const end = Math.min(this.height, bottom);
    // Row by row (not column by column): the pixels of a row sit next to each other in memory.
    // Below the edge's lowest point a row is filled whole.
    for (let y = lowest; y < end; y += 1) this.span(y, 0, this.width, colour, alpha);
    for (let y = highest; y < Math.min(lowest, end); y += 1) {
      let x = 0;
      while (x < this.width) {
        while (x < this.width && (tops[x] ?? 0) > y) x += 1;
        const start = x;
        while (x < this.width && (tops[x] ?? 0) <= y) x += 1;
        if (x > start) this.span(y, start, x, colour, alpha);
      }
    }
  }

  /**
   * Anti-aliased fill of `shape` within the box x0..x1 × y0..y1: a pixel is covered by how far
   * its centre lies inside the shape's edge (its signed distance, negative inside). The run of
   * each row known to be wholly inside is filled without asking, so only the edge pixels pay
   * for a distance. Each shape's distance is worked out in a loop of its own, on plain numbers:
   * nothing is allocated per pixel.
   */
  private smooth(x0: number, y0: number, x1: number, y1: number, shape: SmoothShape, colour: Rgb, alpha: number): void {
    if (alpha <= 0) return;
    const run = this.run;
    const left = Math.max(0, Math.floor(x0 - 1));
    const right = Math.min(this.width, Math.ceil(x1 + 1));
    for (let y = Math.max(0, Math.floor(y0 - 1)); y < Math.min(this.height, Math.ceil(y1 + 1)); y += 1) {
      const inside = insideRun(shape, y + 0.5, run);
      const runLeft = inside ? Math.ceil(run[0] ?? 0) : 0;
      const runRight = inside ? Math.floor(run[1] ?? 0) : 0;
      if (runRight > runLeft && runLeft >= left && runLeft < right) {
        this.smoothEdge(shape, y, left, runLeft, colour, alpha);
        this.span(y, runLeft, runRight, colour, alpha);
        this.smoothEdge(shape, y, runRight, right, colour, alpha);
      } else {
        this.smoothEdge(shape, y, left, right, colour, alpha);
      }
    }
  }

  /**
   * Pixels from..to (exclusive) of row y, each covered by its centre's distance inside `shape`.
   * The four loops below share their shape on purpose: a distance passed in as a function is
   * what made every edge pixel allocate.
   */
  private smoothEdge(shape: SmoothShape, y: number, from: number, to: number, colour: Rgb, alpha: number): void {
    switch (shape.kind) {
      case 'circle':
        this.circleEdge(shape, y, from, to, colour, alpha);
        return;
      case 'ellipse':
        this.ellipseEdge(shape, y, from, to, colour, alpha);
        return;
      case 'rounded':
        this.roundedEdge(shape, y, from, to, colour, alpha);
        return;
      case 'capsule':
        this.capsuleEdge(shape, y, from, to, colour, alpha);
        return;
    }
  }

  private circleEdge({ cx, cy, radius }: SmoothCircle, y: number, from: number, to: number, colour: Rgb, alpha: number): void {
    const py = y + 0.5;
    for (let x = from, offset = (y * this.width + from) * 4; x < to; x += 1, offset += 4) {
      const cover = clamp01(0.5 - (length(x + 0.5 - cx, py - cy) - radius));
      if (cover > 0) this.blendAt(offset, colour, alpha * cover);
    }
  }

  private ellipseEdge({ cx, cy, rx, ry }: SmoothEllipse, y: number, from: number, to: number, colour: Rgb, alpha: number): void {
    const py = y + 0.5;
    const scale = Math.min(rx, ry);
    for (let x = from, offset = (y * this.width + from) * 4; x < to; x += 1, offset += 4) {
      const cover = clamp01(0.5 - (length((x + 0.5 - cx) / rx, (py - cy) / ry) - 1) * scale);
      if (cover > 0) this.blendAt(offset, colour, alpha * cover);
    }
  }

  private roundedEdge({ x0, y0, x1, y1, radius }: SmoothRounded, y: number, from: number, to: number, colour: Rgb, alpha: number): void {
    const cx = (x0 + x1) / 2;
    const hx = (x1 - x0) / 2 - radius;
    const qy = Math.abs(y + 0.5 - (y0 + y1) / 2) - ((y1 - y0) / 2 - radius);
    for (let x = from, offset = (y * this.width + from) * 4; x < to; x += 1, offset += 4) {
      const qx = Math.abs(x + 0.5 - cx) - hx;
      const cover = clamp01(0.5 - (length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius));
      if (cover > 0) this.blendAt(offset, colour, alpha * cover);
    }
  }

  private capsuleEdge({ ax, ay, bx, by, radius }: SmoothCapsule, y: number, from: number, to: number, colour: Rgb, alpha: number): void {
    const py = y + 0.5;
    const dx = bx - ax;
    const dy = by - ay;
    const length2 = dx * dx + dy * dy || 1;
    for (let x = from, offset = (y * this.width + from) * 4; x < to; x += 1, offset += 4) {
      const px = x + 0.5;
      const t = clamp01(((px - ax) * dx + (py - ay) * dy) / length2);
      const cover = clamp01(0.5 - (length(px - ax - dx * t, py - ay - dy * t) - radius));
      if (cover > 0) this.blendAt(offset, colour, alpha * cover);
    }
  }

  /** A soft radial light: `alpha` at the centre fading to nothing at `radius`, in one pass. */
  glow(cx: number, cy: number, radius: number, colour: Rgb, alpha: number): void {
    const pixels = this.rgba;
    const [red, green, blue] = colour;
    const inverse = 1 / (radius * radius);
    for (let y = Math.max(0, Math.floor(cy - radius)); y < Math.min(this.height, Math.ceil(cy + radius)); y += 1) {
      const dy = y + 0.5 - cy;
      const half = Math.sqrt(Math.max(0, radius * radius - dy * dy));
      for (let x = Math.max(0, Math.floor(cx - half)); x < Math.min(this.width, Math.ceil(cx + half)); x += 1) {
        const dx = x + 0.5 - cx;
        // (1 - d²/r²)²: smooth at the centre and at the rim, and no square root per pixel.
        const fade = 1 - (dx * dx + dy * dy) * inverse;
        if (fade <= 0) continue;
        const offset = (y * this.width + x) * 4;
        if (pixels[offset + 3] !== 255) {
          this.blend(x, y, colour, alpha * fade * fade);
          continue;
        }
        const amount = alpha * fade * fade;
        // Each channel moves toward the light and is rounded (never negative, so + 0.5 and truncate).
        const r = pixels[offset] ?? 0;
        const g = pixels[offset + 1] ?? 0;
        const b = pixels[offset + 2] ?? 0;
        pixels[offset] = r + (red - r) * amount + 0.5;
        pixels[offset + 1] = g + (green - g) * amount + 0.5;
        pixels[offset + 2] = b + (blue - b) * amount + 0.5;
      }
    }
  }

  smoothCircle(cx: number, cy: number, radius: number, colour: Rgb, alpha = 1): void {
    this.smooth(cx - radius, cy - radius, cx + radius, cy + radius, { kind: 'circle', cx, cy, radius }, colour, alpha);
  }

  smoothEllipse(cx: number, cy: number, rx: number, ry: number, colour: Rgb, alpha = 1): void {
    this.smooth(cx - rx, cy - ry, cx + rx, cy + ry, { kind: 'ellipse', cx, cy, rx, ry }, colour, alpha);
  }

  /** A rounded rectangle with anti-aliased corners and edges. */
  smoothRoundedRect(x0: number, y0: number, x1: number, y1: number, radius: number, colour: Rgb, alpha = 1): void {
    this.smooth(x0, y0, x1, y1, { kind: 'rounded', x0, y0, x1, y1, radius: Math.min(radius, (x1 - x0) / 2, (y1 - y0) / 2) }, colour, alpha);
  }

  /** A thick line with round ends (a limb, a stroke), anti-aliased. */
  capsule(ax: number, ay: number, bx: number, by: number, radius: number, colour: Rgb, alpha = 1): void {
    this.smooth(Math.min(ax, bx) - radius, Math.min(ay, by) - radius, Math.max(ax, bx) + radius, Math.max(ay, by) + radius, { kind: 'capsule', ax, ay, bx, by, radius }, colour, alpha);
  }

  /** Blends `colour` through a coverage mask (0–1 per pixel) whose top-left is at (left, top). */
  coverage(mask: Float32Array, left: number, top: number, maskWidth: number, colour: Rgb, alpha = 1): void {
    if (alpha <= 0) return;
    const maskHeight = Math.floor(mask.length / maskWidth);
    // The mask's columns inside the picture, worked out once rather than per pixel.
    const firstColumn = Math.max(0, -left);
    const endColumn = Math.min(maskWidth, this.width - left);
    for (let row = 0; row < maskHeight; row += 1) {
      const y = top + row;
      if (y < 0 || y >= this.height) continue;
      const maskRow = row * maskWidth;
      const pixelRow = (y * this.width + left) * 4;
      for (let column = firstColumn; column < endColumn; column += 1) {
        const cover = mask[maskRow + column] ?? 0;
        if (cover > 0) this.blendAt(pixelRow + column * 4, colour, cover < 1 ? alpha * cover : alpha);
      }
    }
  }

  /** Text in the built-in 5×7 font (upper case), its top-left at (x, y). */
  text(text: string, x: number, y: number, scale: number, colour: Rgb, alpha = 1): void {
    drawText({ plot: (px, py) => this.blend(px, py, colour, alpha) }, toFontText(text), Math.round(x), Math.round(y), scale);
  }

  /** Text centred on (cx, cy). */
  centredText(text: string, cx: number, cy: number, scale: number, colour: Rgb, alpha = 1): void {
    const folded = toFontText(text);
    this.text(folded, cx - textWidth(folded, scale) / 2, cy - (glyphHeight * scale) / 2, scale, colour, alpha);
  }
}
