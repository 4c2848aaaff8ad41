// The offline picture as it was before the request-aware pictures (issue 15), frozen so
// `pnpm bench` can time today's pictures side by side with it in one run. Not shipped.
import { drawText, glyphHeight, textWidth, toFontText } from '../src/bitmap-font.ts';
import { encodePng } from '../src/png-encoder.ts';

type Rgb = readonly [number, number, number];

export type OfflineScene = 'landscape' | 'city' | 'sea' | 'space' | 'tiles';

export interface OfflinePictureOptions {
  seed?: number;
  /** Leave the sky transparent (for PNG and WebP output). */
  transparentBackground?: boolean;
}

/** RGBA pixels of a picture plus what was drawn. */
export interface OfflinePixels {
  width: number;
  height: number;
  rgba: Uint8Array;
  scene: OfflineScene;
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const segment = (((hue % 360) + 360) % 360) / 60;
  const second = chroma * (1 - Math.abs((segment % 2) - 1));
  const [red, green, blue] =
    segment < 1 ? [chroma, second, 0] : segment < 2 ? [second, chroma, 0] : segment < 3 ? [0, chroma, second]
      : segment < 4 ? [0, second, chroma] : segment < 5 ? [second, 0, chroma] : [chroma, 0, second];
  const match = lightness - chroma / 2;
  return [Math.round((red + match) * 255), Math.round((green + match) * 255), Math.round((blue + match) * 255)];
}

function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return [from[0] + (to[0] - from[0]) * amount, from[1] + (to[1] - from[1]) * amount, from[2] + (to[2] - from[2]) * amount].map(Math.round) as unknown as Rgb;
}

/** A tiny raster with alpha blending; all shapes clip to the picture. */
class Canvas {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;

  constructor(width: number, height: number) {
    this.width = width;
    this.height = height;
    this.rgba = new Uint8Array(width * height * 4);
  }

  blend(x: number, y: number, colour: Rgb, alpha = 1): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const offset = (y * this.width + x) * 4;
    const pixels = this.rgba;
    if (alpha >= 1) {
      pixels[offset] = colour[0];
      pixels[offset + 1] = colour[1];
      pixels[offset + 2] = colour[2];
      pixels[offset + 3] = 255;
      return;
    }
    const keep = 1 - alpha;
    const existing = (pixels[offset + 3] ?? 0) / 255;
    const outAlpha = alpha + existing * keep;
    for (let channel = 0; channel < 3; channel += 1) {
      const under = pixels[offset + channel] ?? 0;
      pixels[offset + channel] = Math.round((colour[channel as 0] * alpha + under * existing * keep) / outAlpha);
    }
    pixels[offset + 3] = Math.round(outAlpha * 255);
  }

  /** Each row one colour, from `top` to `bottom` (rows y0..y1). */
  verticalGradient(y0: number, y1: number, top: Rgb, bottom: Rgb, alpha = 255): void {
    const span = Math.max(1, y1 - y0);
    for (let y = Math.max(0, y0); y < Math.min(this.height, y1); y += 1) {
      const [red, green, blue] = mix(top, bottom, (y - y0) / span);
      const rowStart = y * this.width * 4;
      for (let offset = rowStart; offset < rowStart + this.width * 4; offset += 4) {
        this.rgba[offset] = red;
        this.rgba[offset + 1] = green;
        this.rgba[offset + 2] = blue;
        this.rgba[offset + 3] = alpha;
      }
    }
  }

  rect(x0: number, y0: number, x1: number, y1: number, colour: Rgb, alpha = 1): void {
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(this.height, Math.ceil(y1)); y += 1) {
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(this.width, Math.ceil(x1)); x += 1) this.blend(x, y, colour, alpha);
    }
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
    for (let x = 0; x < this.width; x += 1) {
      for (let y = Math.max(0, Math.round(top(x))); y < Math.min(this.height, bottom); y += 1) this.blend(x, y, colour, alpha);
    }
  }
}

const colourWords: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(red|crimson|scarlet|ruby|fire|lava)\b/, 2],
  [/\b(orange|amber|autumn|rust|copper|steampunk|brass)\b/, 28],
  [/\b(yellow|gold|golden|sunny|desert|sand)\b/, 46],
  [/\b(green|forest|jungle|emerald|grass|moss|leaf)\b/, 120],
  [/\b(teal|turquoise|cyan|aqua|mint)\b/, 176],
  [/\b(blue|ocean|sea|sky|ice|winter|sapphire|navy)\b/, 215],
  [/\b(purple|violet|lavender|magic|galaxy|amethyst)\b/, 275],
  [/\b(pink|rose|magenta|candy|cherry|blossom)\b/, 330],
];

const sceneWords: ReadonlyArray<readonly [RegExp, OfflineScene]> = [
  [/\b(button|icon|ui|interface|sprite|sheet|logo|pattern|tile|tiles|frame|frames|cycle|states?|badge|card|menu)\b/, 'tiles'],
  [/\b(space|planet|star|stars|galaxy|moon|orbit|nebula|cosmic|astronaut|rocket)\b/, 'space'],
  [/\b(city|cities|town|street|skyline|building|buildings|tower|urban|cyberpunk|village)\b/, 'city'],
  [/\b(sea|ocean|beach|lake|river|wave|waves|boat|ship|island|harbor|harbour|coast)\b/, 'sea'],
  [/\b(mountain|mountains|landscape|hill|hills|valley|forest|field|meadow|canyon|airship|sky)\b/, 'landscape'],
];

const scenes: readonly OfflineScene[] = ['landscape', 'city', 'sea', 'space', 'tiles'];

const numberWords: Readonly<Record<string, number>> = { two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8 };

interface Palette {
  skyTop: Rgb;
  skyBottom: Rgb;
  accent: Rgb;
  light: Rgb;
  far: Rgb;
  near: Rgb;
  hue: number;
  night: boolean;
}

function choosePalette(words: string, random: () => number): Palette {
  const named = colourWords.find(([pattern]) => pattern.test(words));
  const hue = (named ? named[1] + (random() - 0.5) * 16 : random() * 360) % 360;
  const night = /\b(night|dark|midnight|moon|space|noir|neon|stars?|galaxy|cyberpunk)\b/.test(words);
  const warm = /\b(sunset|dusk|dawn|sunrise|evening|warm|golden)\b/.test(words);
  const skyHue = warm ? 25 + random() * 20 : hue;
  return {
    hue,
    night,
    skyTop: night ? hsl(hue + 200, 0.55, 0.09) : hsl(skyHue + 190, 0.45, warm ? 0.32 : 0.42 + random() * 0.1),
    skyBottom: night ? hsl(hue + 240, 0.5, 0.28) : hsl(skyHue + (warm ? 0 : 30), 0.7, warm ? 0.68 : 0.8),
    accent: hsl(hue, 0.75, night ? 0.6 : 0.55),
    light: night ? hsl(hue + 40, 0.5, 0.88) : hsl(skyHue + 15, 0.9, 0.72),
    far: hsl(hue + 180, 0.25, night ? 0.22 : 0.55),
    near: hsl(hue + 190, 0.35, night ? 0.08 : 0.18),
  };
}

function drawSun(canvas: Canvas, x: number, y: number, radius: number, palette: Palette): void {
  for (let ring = 3; ring >= 1; ring -= 1) canvas.circle(x, y, radius * (1 + ring * 0.28), palette.light, 0.1);
  canvas.circle(x, y, radius, palette.light);
}

function drawStars(canvas: Canvas, random: () => number, count: number, maxY: number): void {
  const size = Math.max(1, Math.round(Math.min(canvas.width, canvas.height) / 400));
  for (let index = 0; index < count; index += 1) {
    const x = Math.floor(random() * canvas.width);
    const y = Math.floor(random() * maxY);
    canvas.rect(x, y, x + size, y + size, [255, 255, 240], 0.35 + random() * 0.6);
  }
}

function ridgeEdge(random: () => number, width: number, height: number, base: number, amplitude: number): (x: number) => number {
  const frequency = 1 + random() * 3;
  const phase = random() * Math.PI * 2;
  const detail = 3 + random() * 5;
  return (x) => {
    const u = x / width;
    const wave = Math.sin(u * frequency * Math.PI * 2 + phase) + 0.35 * Math.sin(u * detail * Math.PI * 2 + phase * 3);
    return (base + wave * amplitude) * height;
  };
}

function drawLandscape(canvas: Canvas, palette: Palette, random: () => number): void {
  const { width, height } = canvas;
  if (palette.night) drawStars(canvas, random, Math.round((width * height) / 6000), height * 0.5);
  drawSun(canvas, (0.2 + random() * 0.6) * width, (0.18 + random() * 0.2) * height, (0.07 + random() * 0.05) * Math.min(width, height), palette);
  const layers = 4;
  for (let layer = 0; layer < layers; layer += 1) {
    const depth = layer / (layers - 1);
    const colour = mix(mix(palette.far, palette.skyBottom, 0.35), palette.near, depth);
    canvas.silhouette(ridgeEdge(random, width, height, 0.45 + depth * 0.3, 0.07 - depth * 0.02), height, colour);
  }
}

function drawCity(canvas: Canvas, palette: Palette, random: () => number): void {
  const { width, height } = canvas;
  if (palette.night) drawStars(canvas, random, Math.round((width * height) / 8000), height * 0.45);
  drawSun(canvas, (0.15 + random() * 0.7) * width, (0.15 + random() * 0.15) * height, 0.06 * Math.min(width, height), palette);
  const window = palette.night ? hsl(48, 0.95, 0.68) : mix(palette.light, [255, 255, 255], 0.3);
  for (const [layer, colour] of [mix(palette.far, palette.skyBottom, 0.3), palette.near].entries()) {
    let x = -random() * 40;
    while (x < width) {
      const buildingWidth = width * (0.05 + random() * 0.08);
      const top = height * (layer === 0 ? 0.3 + random() * 0.25 : 0.45 + random() * 0.25);
      canvas.rect(x, top, x + buildingWidth - 2, height, colour);
      if (layer === 1) {
        const cell = Math.max(4, Math.round(buildingWidth / 6));
        for (let wy = top + cell; wy < height - cell; wy += cell * 1.6) {
          for (let wx = x + cell * 0.7; wx < x + buildingWidth - cell * 1.2; wx += cell * 1.4) {
            if (random() < (palette.night ? 0.45 : 0.25)) canvas.rect(wx, wy, wx + cell * 0.7, wy + cell * 0.9, window, palette.night ? 0.95 : 0.5);
          }
        }
      }
      x += buildingWidth;
    }
  }
}

function drawSea(canvas: Canvas, palette: Palette, random: () => number): void {
  const { width, height } = canvas;
  const horizon = Math.round(height * (0.5 + random() * 0.12));
  if (palette.night) drawStars(canvas, random, Math.round((width * height) / 7000), horizon);
  const sunX = (0.25 + random() * 0.5) * width;
  drawSun(canvas, sunX, horizon - height * (0.08 + random() * 0.12), 0.08 * Math.min(width, height), palette);
  canvas.verticalGradient(horizon, height, mix(palette.accent, palette.skyBottom, 0.3), palette.near);
  const stripe = Math.max(2, Math.round(height / 180));
  for (let y = horizon + stripe; y < height; y += stripe * 3) {
    const spread = ((y - horizon) / (height - horizon)) * width * 0.25 + width * 0.04;
    for (let segment = 0; segment < 3; segment += 1) {
      const start = sunX - spread + random() * spread * 2 - spread * 0.3;
      canvas.rect(start, y, start + spread * (0.2 + random() * 0.4), y + stripe, palette.light, 0.55);
    }
  }
  // A sailboat on the water.
  const boatX = (0.15 + random() * 0.7) * width;
  const boatY = horizon + (height - horizon) * 0.3;
  const boatSize = Math.min(width, height) * 0.09;
  canvas.silhouette((x) => (Math.abs(x - boatX) < boatSize ? boatY + Math.abs(x - boatX) * 0.15 : height), boatY + boatSize * 0.25, palette.near);
  canvas.silhouette((x) => (x > boatX - boatSize * 0.05 && x < boatX + boatSize * 0.7 ? boatY - boatSize * 1.3 + (x - boatX) * 1.6 : height), boatY - 1, [245, 240, 230]);
}

function drawSpace(canvas: Canvas, palette: Palette, random: () => number): void {
  const { width, height } = canvas;
  drawStars(canvas, random, Math.round((width * height) / 2500), height);
  const radius = Math.min(width, height) * (0.22 + random() * 0.08);
  const cx = width * (0.35 + random() * 0.3);
  const cy = height * (0.4 + random() * 0.15);
  const bands = 7;
  for (let band = 0; band < bands; band += 1) {
    const colour = mix(palette.accent, band % 2 === 0 ? palette.light : palette.near, 0.25 + (band / bands) * 0.3);
    const y0 = cy - radius + (band * 2 * radius) / bands;
    for (let y = Math.floor(y0); y < y0 + (2 * radius) / bands; y += 1) {
      const half = Math.sqrt(Math.max(0, radius * radius - (y + 0.5 - cy) ** 2));
      canvas.rect(cx - half, y, cx + half, y + 1, colour);
    }
  }
  // Shadow side, then the ring in front.
  for (let y = Math.floor(cy - radius); y < cy + radius; y += 1) {
    const half = Math.sqrt(Math.max(0, radius * radius - (y + 0.5 - cy) ** 2));
    canvas.rect(cx + half * 0.25, y, cx + half, y + 1, [0, 0, 10], 0.35);
  }
  // The ring: an elliptical band with a gap, hidden where it passes behind the planet.
  const tilt = 0.28;
  const outer = radius * 1.75;
  const inner = radius * 1.3;
  for (let y = Math.floor(cy - outer * tilt); y < cy + outer * tilt; y += 1) {
    for (let x = Math.floor(cx - outer); x < cx + outer; x += 1) {
      const distance = Math.hypot(x + 0.5 - cx, (y + 0.5 - cy) / tilt);
      if (distance < inner || distance > outer) continue;
      if (y < cy && Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < radius) continue;
      const across = (distance - inner) / (outer - inner);
      if (across > 0.58 && across < 0.66) continue;
      canvas.blend(x, y, palette.light, across < 0.58 ? 0.8 : 0.5);
    }
  }
  const moonX = cx > width / 2 ? width * (0.1 + random() * 0.1) : width * (0.8 + random() * 0.1);
  canvas.circle(moonX, height * (0.12 + random() * 0.1), radius * 0.12, palette.light);
}

function drawTiles(canvas: Canvas, palette: Palette, random: () => number, words: string): void {
  const { width, height } = canvas;
  const counted = words.match(/\b(\d|two|three|four|five|six|eight)\b/)?.[1];
  const count = Math.min(8, Math.max(2, counted === undefined ? 3 + Math.floor(random() * 3) : (numberWords[counted] ?? Number(counted))));
  canvas.verticalGradient(0, height, mix(palette.skyTop, [240, 240, 245], 0.75), mix(palette.skyBottom, [210, 212, 220], 0.7));
  const columns = count <= 4 ? count : Math.ceil(count / 2);
  const rows = Math.ceil(count / columns);
  const gap = Math.min(width, height) * 0.05;
  const tileWidth = (width - gap * (columns + 1)) / columns;
  const tileHeight = Math.min(tileWidth * (rows === 1 ? 0.8 : 1), (height * 0.8 - gap * (rows + 1)) / rows);
  const top = (height * 0.88 - (tileHeight * rows + gap * (rows - 1))) / 2;
  for (let index = 0; index < count; index += 1) {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const x = gap + column * (tileWidth + gap);
    const y = top + row * (tileHeight + gap);
    const radius = Math.min(tileWidth, tileHeight) * 0.12;
    const step = count === 1 ? 0 : index / (count - 1);
    canvas.roundedRect(x + radius * 0.25, y + radius * 0.35, x + tileWidth + radius * 0.25, y + tileHeight + radius * 0.35, radius, [0, 0, 0], 0.18);
    canvas.roundedRect(x, y, x + tileWidth, y + tileHeight, radius, hsl(palette.hue + step * 50, 0.7, 0.42 + step * 0.18));
    // One figure per tile, moving and changing across the row like frames or states.
    const size = Math.min(tileWidth, tileHeight) * 0.22;
    const fx = x + tileWidth * (0.3 + step * 0.4);
    const fy = y + tileHeight * 0.5 - Math.sin(step * Math.PI) * tileHeight * 0.15;
    canvas.circle(fx, fy, size, palette.light);
    canvas.circle(fx, fy, size * 0.45, hsl(palette.hue + 180, 0.6, 0.35));
    canvas.rect(x + tileWidth * 0.15, y + tileHeight * 0.8, x + tileWidth * (0.15 + 0.7 * (0.3 + step * 0.7)), y + tileHeight * 0.86, [255, 255, 255], 0.8);
  }
}

/** Word-wraps the caption into at most `maxLines` lines of `perLine` characters, with an ellipsis when cut. */
function wrapCaption(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text.split(' ').filter((word) => word !== '');
  for (const [index, rawWord] of words.entries()) {
    const word = rawWord.length > perLine ? `${rawWord.slice(0, perLine - 3)}...` : rawWord;
    const candidate = current === '' ? word : `${current} ${word}`;
    if (candidate.length <= perLine) {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines) {
      const last = lines[maxLines - 1] ?? '';
      lines[maxLines - 1] = `${last.slice(0, perLine - 3)}...`;
      return lines;
    }
    if (index === words.length - 1) break;
  }
  if (current !== '') lines.push(current);
  return lines;
}

function drawCaption(canvas: Canvas, prompt: string): void {
  const { width, height } = canvas;
  const scale = Math.max(1, Math.floor(Math.min(width, height) / 220));
  const advance = 6 * scale;
  const margin = Math.max(4, 3 * scale);
  const lineHeight = (glyphHeight + 3) * scale;
  const perLine = Math.max(4, Math.floor((width - 2 * margin) / advance));
  const lines = wrapCaption(toFontText(prompt), perLine, height < 160 ? 1 : 2);
  const bandHeight = lines.length * lineHeight + 2 * margin - 3 * scale;
  canvas.rect(0, height - bandHeight, width, height, [12, 12, 18], 0.62);
  const white: Rgb = [250, 250, 250];
  const plot = { plot: (x: number, y: number) => canvas.blend(x, y, white) };
  for (const [index, line] of lines.entries()) {
    const x = Math.round((width - textWidth(line, scale)) / 2);
    drawText(plot, line, x, height - bandHeight + margin + index * lineHeight, scale);
  }
  // The label that says this is not a real model's picture.
  const labelScale = Math.max(1, scale - 2);
  const label = 'OFFLINE PREVIEW';
  const padding = 3 * labelScale;
  const labelWidth = textWidth(label, labelScale) + 2 * padding;
  const labelHeight = glyphHeight * labelScale + 2 * padding;
  if (labelWidth + 2 * margin > width || labelHeight * 3 > height) return;
  canvas.roundedRect(margin, margin, margin + labelWidth, margin + labelHeight, padding, [12, 12, 18], 0.6);
  drawText(plot, label, margin + padding, margin + padding, labelScale);
}

/** Which scene a prompt gets: named by its words, else picked by its hash. */
export function offlineSceneFor(prompt: string, seed = 0): OfflineScene {
  const words = prompt.toLowerCase();
  return sceneWords.find(([pattern]) => pattern.test(words))?.[1] ?? scenes[hashText(`${prompt}\u0000${seed}`) % scenes.length] ?? 'landscape';
}

/** Draws the picture for a prompt as RGBA pixels. Same prompt, size and seed → same pixels. */
export function renderOfflinePixels(prompt: string, width: number, height: number, options: OfflinePictureOptions = {}): OfflinePixels {
  const seed = options.seed ?? 0;
  const random = createRandom(hashText(`${prompt}\u0000${seed}`));
  const words = prompt.toLowerCase();
  const palette = choosePalette(words, random);
  const scene = offlineSceneFor(prompt, seed);
  const canvas = new Canvas(width, height);
  const transparent = options.transparentBackground === true;
  if (scene === 'space') canvas.verticalGradient(0, height, hsl(palette.hue + 220, 0.5, 0.05), hsl(palette.hue + 260, 0.45, 0.16), transparent ? 0 : 255);
  else if (scene !== 'tiles') canvas.verticalGradient(0, height, palette.skyTop, palette.skyBottom, transparent ? 0 : 255);
  switch (scene) {
    case 'landscape':
      drawLandscape(canvas, palette, random);
      break;
    case 'city':
      drawCity(canvas, palette, random);
      break;
    case 'sea':
      drawSea(canvas, palette, random);
      break;
    case 'space':
      drawSpace(canvas, palette, random);
      break;
    case 'tiles':
      if (transparent) canvas.rgba.fill(0);
      drawTiles(canvas, palette, random, words);
      break;
    default:
      scene satisfies never;
  }
  drawCaption(canvas, prompt);
  return { width, height, rgba: canvas.rgba, scene };
}

/** A coarser copy of the pixels (blocks of `block` px), for progressive previews. */
export function pixelate(pixels: OfflinePixels, block: number): Uint8Array {
  const { width, height, rgba } = pixels;
  const result = new Uint8Array(rgba.length);
  const source = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
  const target = new Uint32Array(result.buffer);
  for (let y = 0; y < height; y += 1) {
    const sourceRow = Math.min(height - 1, y - (y % block) + (block >> 1)) * width;
    for (let x = 0; x < width; x += 1) target[y * width + x] = source[sourceRow + Math.min(width - 1, x - (x % block) + (block >> 1))] ?? 0;
  }
  return result;
}

export const offlinePngText: Readonly<Record<string, string>> = { Software: 'Forge offline image model (forge-offline-1)', Comment: 'Offline preview' };

/** Draws the picture for a prompt as PNG bytes. */
export function drawOfflinePicture(prompt: string, width: number, height: number, seed = 0): Uint8Array {
  const pixels = renderOfflinePixels(prompt, width, height, { seed });
  return encodePng(width, height, pixels.rgba, { text: offlinePngText });
}
