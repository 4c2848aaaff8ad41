// The generic offline preview, for requests that are neither a UI mock-up, a sprite sheet
// nor a subject the icon set knows: a flat-shaded poster whose words pick the scene
// (landscape, city, sea, space) and palette, with the prompt as its caption. Its helpers
// (palette, sun, stars, ridges) also paint the concept art's backdrops.
import { glyphHeight, textWidth, toFontText } from './bitmap-font.ts';
import type { Canvas } from './offline-canvas.ts';
import { hashText, hsl, mix, namedHue, type Rgb } from './offline-colour.ts';

export type OfflineScene = 'landscape' | 'city' | 'sea' | 'space';
const sceneWords: ReadonlyArray<readonly [RegExp, OfflineScene]> = [
  [/\b(space|planet|star|stars|galaxy|moon|orbit|nebula|cosmic|astronaut|rocket)\b/, 'space'],
  [/\b(city|cities|town|street|skyline|building|buildings|tower|urban|cyberpunk|village)\b/, 'city'],
  [/\b(sea|ocean|beach|lake|river|wave|waves|boat|ship|island|harbor|harbour|coast)\b/, 'sea'],
  [/\b(mountain|mountains|landscape|hill|hills|valley|forest|field|meadow|canyon|airship|sky)\b/, 'landscape'],
];

const scenes: readonly OfflineScene[] = ['landscape', 'city', 'sea', 'space'];

export interface Palette {
  skyTop: Rgb;
  skyBottom: Rgb;
  accent: Rgb;
  light: Rgb;
  far: Rgb;
  near: Rgb;
  hue: number;
  night: boolean;
}

export function choosePalette(words: string, random: () => number): Palette {
  const named = namedHue(words, true);
  const hue = (named === undefined ? random() * 360 : named + (random() - 0.5) * 16) % 360;
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

export function drawSun(canvas: Canvas, x: number, y: number, radius: number, palette: Palette): void {
  for (let ring = 3; ring >= 1; ring -= 1) canvas.circle(x, y, radius * (1 + ring * 0.28), palette.light, 0.1);
  canvas.circle(x, y, radius, palette.light);
}

export function drawStars(canvas: Canvas, random: () => number, count: number, maxY: number): void {
  const size = Math.max(1, Math.round(Math.min(canvas.width, canvas.height) / 400));
  for (let index = 0; index < count; index += 1) {
    const x = Math.floor(random() * canvas.width);
    const y = Math.floor(random() * maxY);
    canvas.rect(x, y, x + size, y + size, [255, 255, 240], 0.35 + random() * 0.6);
  }
}

export function ridgeEdge(random: () => number, width: number, height: number, base: number, amplitude: number): (x: number) => number {
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

/**
 * The prompt as a caption band along the bottom. No "offline preview" stamp: the host's
 * badge says that (a stamp in the picture sat right under the badge).
 */
export function drawCaption(canvas: Canvas, prompt: string): void {
  const { width, height } = canvas;
  const scale = Math.max(1, Math.floor(Math.min(width, height) / 220));
  const advance = 6 * scale;
  const margin = Math.max(4, 3 * scale);
  const lineHeight = (glyphHeight + 3) * scale;
  const perLine = Math.max(4, Math.floor((width - 2 * margin) / advance));
  const lines = wrapCaption(toFontText(prompt), perLine, height < 160 ? 1 : 2);
  const bandHeight = lines.length * lineHeight + 2 * margin - 3 * scale;
  canvas.rect(0, height - bandHeight, width, height, [12, 12, 18], 0.62);
  for (const [index, line] of lines.entries()) {
    canvas.text(line, Math.round((width - textWidth(line, scale)) / 2), height - bandHeight + margin + index * lineHeight, scale, [250, 250, 250]);
  }
}

/** Which scene a prompt gets: named by its words, else picked by its hash. */
export function offlineSceneFor(prompt: string, seed = 0): OfflineScene {
  const words = prompt.toLowerCase();
  return sceneWords.find(([pattern]) => pattern.test(words))?.[1] ?? scenes[hashText(`${prompt}\u0000${seed}`) % scenes.length] ?? 'landscape';
}


/** The generic poster: the scene's backdrop and props, then the prompt as the caption. */
export function drawGenericScene(canvas: Canvas, prompt: string, scene: OfflineScene, palette: Palette, random: () => number, transparent: boolean): void {
  const { height } = canvas;
  const alpha = transparent ? 0 : 255;
  if (scene === 'space') canvas.verticalGradient(0, height, hsl(palette.hue + 220, 0.5, 0.05), hsl(palette.hue + 260, 0.45, 0.16), alpha);
  else canvas.verticalGradient(0, height, palette.skyTop, palette.skyBottom, alpha);
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
    default:
      scene satisfies never;
  }
  drawCaption(canvas, prompt);
}
