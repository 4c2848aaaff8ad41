// Concept art for the offline model: a backdrop chosen by the prompt's setting words and
// time of day, with the main subject as a large silhouette from the Game Icons set, lit
// from behind, placed where it lives (in the sky, on the ground, on the water). Palette:
// the prompt's colour word tints the sky; night, dusk and day set the light.
import { type ConceptSubject } from './concept-subjects.ts';
import { rasterizeContours } from './fill-contours.ts';
import { iconShape } from './game-icon-set.ts';
import type { Canvas } from './offline-canvas.ts';
import { hsl, mix, namedHue, type Rgb } from './offline-colour.ts';
import { drawStars, ridgeEdge } from './offline-scenery.ts';

export type ConceptSetting = 'hills' | 'desert' | 'snow' | 'forest' | 'city' | 'sea' | 'underwater' | 'space';
export type TimeOfDay = 'day' | 'dusk' | 'night';

const settingWords: ReadonlyArray<readonly [RegExp, ConceptSetting]> = [
  [/\b(underwater|under water|undersea|under the sea|seabed|sea floor|ocean floor|deep sea|coral|reef|abyss)\b/, 'underwater'],
  [/\b(space|outer space|orbit|galaxy|nebula|cosmos|cosmic|asteroids?|planets?|stars?hip)\b/, 'space'],
  [/\b(desert|dunes?|sahara|sand|wasteland|canyon|arid)\b/, 'desert'],
  [/\b(snow|snowy|winter|ice|icy|frozen|arctic|tundra|glacier|blizzard)\b/, 'snow'],
  [/\b(forest|woods|woodland|jungle|grove|taiga)\b/, 'forest'],
  [/\b(city|cities|town|street|skyline|urban|metropolis|cyberpunk|downtown)\b/, 'city'],
  [/\b(sea|ocean|seas|lake|harbou?r|coast|bay|waves?|beach|shore)\b/, 'sea'],
];

export function settingFor(words: string, subject: ConceptSubject): ConceptSetting {
  return settingWords.find(([pattern]) => pattern.test(words))?.[1] ?? (subject.placement === 'water' ? 'sea' : 'hills');
}

export function timeOfDayFor(words: string, setting: ConceptSetting): TimeOfDay {
  if (setting === 'space' || /\b(night|midnight|dark|moon|moonlit|starry|stars|noir|neon|nocturnal)\b/.test(words)) return 'night';
  if (/\b(sunset|dusk|dawn|sunrise|evening|twilight|golden hour)\b/.test(words)) return 'dusk';
  return 'day';
}

const settingHues: Readonly<Record<ConceptSetting, number>> = { hills: 205, desert: 32, snow: 205, forest: 190, city: 225, sea: 200, underwater: 190, space: 255 };

interface Light {
  skyTop: Rgb;
  skyBottom: Rgb;
  glow: Rgb;
  far: Rgb;
  mid: Rgb;
  near: Rgb;
  subject: Rgb;
  rim: Rgb;
}

function lightFor(setting: ConceptSetting, time: TimeOfDay, named: number | undefined): Light {
  const hue = named ?? settingHues[setting];
  if (setting === 'underwater') {
    return {
      skyTop: hsl(hue, 0.6, 0.5), skyBottom: hsl(hue + 25, 0.7, 0.12), glow: hsl(hue - 10, 0.7, 0.82),
      far: hsl(hue + 15, 0.45, 0.3), mid: hsl(hue + 20, 0.5, 0.2), near: hsl(hue + 25, 0.55, 0.09), subject: hsl(hue + 25, 0.55, 0.1), rim: hsl(hue - 10, 0.8, 0.75),
    };
  }
  if (time === 'night') {
    return {
      skyTop: hsl(hue + 20, 0.55, 0.06), skyBottom: hsl(hue + 10, 0.45, 0.26), glow: hsl(48, 0.45, 0.88),
      far: hsl(hue + 15, 0.3, 0.2), mid: hsl(hue + 15, 0.3, 0.12), near: hsl(hue + 20, 0.35, 0.05), subject: hsl(hue + 20, 0.3, 0.07), rim: hsl(48, 0.6, 0.8),
    };
  }
  if (time === 'dusk') {
    return {
      skyTop: hsl(named ?? 265, 0.45, 0.3), skyBottom: hsl(named ?? 28, 0.85, 0.66), glow: hsl(named === undefined ? 40 : named + 10, 0.95, 0.78),
      far: hsl((named ?? 265) + 10, 0.25, 0.42), mid: hsl((named ?? 265) + 10, 0.28, 0.26), near: hsl((named ?? 265) + 10, 0.35, 0.1), subject: hsl((named ?? 265) + 10, 0.3, 0.12), rim: hsl(38, 0.95, 0.72),
    };
  }
  const ground = setting === 'desert' ? hsl(34, 0.55, 0.5) : setting === 'snow' ? hsl(210, 0.2, 0.88) : setting === 'forest' ? hsl(140, 0.35, 0.32) : hsl(hue + 170, 0.2, 0.38);
  return {
    skyTop: hsl(hue, named === undefined ? 0.55 : 0.5, setting === 'snow' ? 0.7 : 0.52), skyBottom: hsl(hue - 15, 0.6, setting === 'snow' ? 0.93 : 0.86), glow: hsl(named === undefined ? 45 : named + 15, 0.95, 0.9),
    far: mix(hsl(hue, 0.3, 0.7), ground, 0.3), mid: mix(ground, hsl(hue, 0.3, 0.45), 0.35), near: mix(ground, [18, 20, 28], setting === 'snow' ? 0.15 : 0.55),
    subject: hsl(hue + 200, 0.25, 0.16), rim: hsl(named === undefined ? 45 : named + 15, 0.9, 0.85),
  };
}

function drawGlow(canvas: Canvas, x: number, y: number, radius: number, colour: Rgb, core: boolean): void {
  canvas.glow(x, y, radius * 2.3, colour, 0.55);
  if (core) canvas.smoothCircle(x, y, radius, colour);
}

function drawClouds(canvas: Canvas, random: () => number, colour: Rgb, count: number, top: number, bottom: number): void {
  const { width } = canvas;
  for (let cloud = 0; cloud < count; cloud += 1) {
    const cx = random() * width;
    const cy = top + random() * (bottom - top);
    const size = width * (0.05 + random() * 0.05);
    for (let puff = 0; puff < 5; puff += 1) {
      canvas.smoothEllipse(cx + (puff - 2) * size * 0.55, cy - Math.sin((puff / 4) * Math.PI) * size * 0.35, size * (0.55 + random() * 0.2), size * 0.32, colour, 0.22);
    }
  }
}

/** A smooth rolling edge, for dunes and snowdrifts (softer than ridgeEdge's mountains). */
function rollingEdge(random: () => number, width: number, height: number, base: number, amplitude: number): (x: number) => number {
  const frequency = 0.6 + random() * 1.2;
  const phase = random() * Math.PI * 2;
  return (x) => (base + Math.sin((x / width) * frequency * Math.PI * 2 + phase) * amplitude) * height;
}

function drawPines(canvas: Canvas, random: () => number, edge: (x: number) => number, colour: Rgb, size: number): void {
  const { width, height } = canvas;
  for (let x = -size; x < width + size; x += size * (0.45 + random() * 0.5)) {
    const base = edge(Math.max(0, Math.min(width - 1, x)));
    const tall = size * (0.9 + random() * 0.8);
    const tree = [x, base - tall, x + tall * 0.28, base + 2, x - tall * 0.28, base + 2];
    const mask = rasterizeContours([tree], 1, 0, 0, width, height);
    if (mask !== undefined) canvas.coverage(mask.mask, mask.left, mask.top, mask.width, colour);
  }
}

function drawSkyline(canvas: Canvas, random: () => number, baseline: number, colour: Rgb, windows: Rgb | undefined): void {
  const { width } = canvas;
  let x = -random() * 30;
  while (x < width) {
    const buildingWidth = width * (0.035 + random() * 0.06);
    const top = baseline - canvas.height * (0.08 + random() * 0.22);
    canvas.rect(x, top, x + buildingWidth - 2, baseline + 2, colour);
    if (windows !== undefined) {
      const cell = Math.max(3, Math.round(buildingWidth / 7));
      for (let wy = top + cell; wy < baseline - cell; wy += cell * 1.7) {
        for (let wx = x + cell * 0.8; wx < x + buildingWidth - cell * 1.4; wx += cell * 1.5) {
          if (random() < 0.35) canvas.rect(wx, wy, wx + cell * 0.7, wy + cell * 0.9, windows, 0.85);
        }
      }
    }
    x += buildingWidth;
  }
}

interface Backdrop {
  /** Where a ground subject stands. */
  groundY: number;
  /** Where a water subject floats. */
  waterY: number;
}

function drawBackdrop(canvas: Canvas, setting: ConceptSetting, time: TimeOfDay, light: Light, random: () => number, glowAt: readonly [number, number]): Backdrop {
  const { width, height } = canvas;
  const groundY = height * 0.8;
  const waterY = height * 0.64;
  canvas.verticalGradient(0, height, light.skyTop, light.skyBottom);
  if (setting === 'underwater') {
    // Shafts of light from the surface, bubbles, and the sea floor.
    for (let ray = 0; ray < 6; ray += 1) {
      const x = width * (0.05 + random() * 0.9);
      const spread = width * (0.03 + random() * 0.05);
      const lean = width * (0.08 + random() * 0.1);
      const mask = rasterizeContours([[x - spread, 0, x + spread, 0, x + lean + spread * 2.5, height, x + lean - spread, height]], 1, 0, 0, width, height);
      if (mask !== undefined) canvas.coverage(mask.mask, mask.left, mask.top, mask.width, light.glow, 0.07);
    }
    canvas.silhouette(rollingEdge(random, width, height, 0.86, 0.03), height, light.mid);
    for (let weed = 0; weed < 14; weed += 1) {
      const x = random() * width;
      const tall = height * (0.08 + random() * 0.16);
      let px = x;
      let py = height * 0.9;
      for (let part = 0; part < 6; part += 1) {
        const nx = x + Math.sin(part * 0.9 + weed) * width * 0.008;
        const ny = py - tall / 6;
        canvas.capsule(px, py, nx, ny, Math.max(2, width * 0.004), light.near);
        px = nx;
        py = ny;
      }
    }
    canvas.silhouette(rollingEdge(random, width, height, 0.93, 0.02), height, light.near);
    for (let bubble = 0; bubble < 40; bubble += 1) {
      canvas.smoothCircle(random() * width, random() * height * 0.85, Math.max(2, width * (0.002 + random() * 0.006)), light.glow, 0.3);
    }
    return { groundY: height * 0.9, waterY: height * 0.5 };
  }
  if (setting === 'space') {
    drawStars(canvas, random, Math.round((width * height) / 2200), height);
    const planetRadius = height * 0.45;
    const planetX = glowAt[0] < width / 2 ? width * 0.95 : width * 0.05;
    canvas.smoothCircle(planetX, height * 1.05, planetRadius, light.far);
    canvas.smoothCircle(planetX + planetRadius * 0.15, height * 1.05 + planetRadius * 0.1, planetRadius * 0.95, light.near, 0.6);
    drawGlow(canvas, glowAt[0], glowAt[1], height * 0.06, light.glow, true);
    return { groundY, waterY };
  }
  if (time === 'night') drawStars(canvas, random, Math.round((width * height) / 5000), height * 0.6);
  drawGlow(canvas, glowAt[0], glowAt[1], height * (time === 'night' ? 0.1 : 0.13), light.glow, true);
  if (time !== 'night' || setting === 'sea') drawClouds(canvas, random, time === 'night' ? light.far : light.glow, 4, height * 0.08, height * 0.45);
  switch (setting) {
    case 'hills':
      canvas.silhouette(ridgeEdge(random, width, height, 0.56, 0.06), height, light.far);
      canvas.silhouette(ridgeEdge(random, width, height, 0.68, 0.04), height, light.mid);
      break;
    case 'desert':
      canvas.silhouette(rollingEdge(random, width, height, 0.62, 0.03), height, light.far);
      canvas.silhouette(rollingEdge(random, width, height, 0.71, 0.035), height, light.mid);
      break;
    case 'snow':
      canvas.silhouette(ridgeEdge(random, width, height, 0.55, 0.07), height, light.far);
      canvas.silhouette(rollingEdge(random, width, height, 0.7, 0.03), height, mix(light.mid, [240, 244, 250], 0.5));
      break;
    case 'forest': {
      const far = rollingEdge(random, width, height, 0.64, 0.03);
      drawPines(canvas, random, far, light.far, height * 0.1);
      canvas.silhouette(far, height, light.far);
      const mid = rollingEdge(random, width, height, 0.74, 0.02);
      drawPines(canvas, random, mid, light.mid, height * 0.16);
      canvas.silhouette(mid, height, light.mid);
      break;
    }
    case 'city':
      drawSkyline(canvas, random, height * 0.7, light.far, undefined);
      drawSkyline(canvas, random, height * 0.8, light.mid, time === 'night' ? hsl(48, 0.95, 0.68) : undefined);
      break;
    case 'sea': {
      canvas.verticalGradient(waterY, height, mix(light.skyBottom, light.mid, 0.35), light.near);
      const stripe = Math.max(2, Math.round(height / 200));
      for (let y = waterY + stripe; y < height; y += stripe * 3) {
        const spread = ((y - waterY) / (height - waterY)) * width * 0.2 + width * 0.03;
        const start = glowAt[0] - spread / 2 + (random() - 0.5) * spread;
        canvas.rect(start, y, start + spread * (0.3 + random() * 0.5), y + stripe, light.glow, 0.45);
      }
      return { groundY: height * 0.86, waterY };
    }
    default:
      setting satisfies never;
  }
  if (setting === 'snow') {
    for (let flake = 0; flake < 140; flake += 1) canvas.smoothCircle(random() * width, random() * height, Math.max(1.5, width * 0.0025 * (0.5 + random())), [255, 255, 255], 0.75);
  }
  return { groundY, waterY };
}

/** Where the subject goes: its bottom-centre and the box it must fit. */
interface Placement {
  cx: number;
  bottom: number;
  maxWidth: number;
  maxHeight: number;
}

function placementFor(canvas: Canvas, subject: ConceptSubject, setting: ConceptSetting, backdrop: Backdrop, cx: number): Placement {
  const { width, height } = canvas;
  if (setting === 'underwater' || setting === 'space') return { cx, bottom: height * 0.74, maxWidth: width * 0.5, maxHeight: height * 0.5 };
  switch (subject.placement) {
    case 'sky':
      return { cx, bottom: height * 0.62, maxWidth: width * 0.52, maxHeight: height * 0.44 };
    case 'water':
      return { cx, bottom: backdrop.waterY + height * 0.05, maxWidth: width * 0.5, maxHeight: height * 0.42 };
    case 'ground':
      return { cx, bottom: backdrop.groundY + height * 0.02, maxWidth: width * 0.5, maxHeight: height * 0.56 };
    default:
      return subject.placement satisfies never;
  }
}

/** The thin band just outside `mask`'s upper edges, `rim` px wide, as a mask of the same box. Exported for its tests. */
export function rimOf(mask: Float32Array, width: number, rim: number): Float32Array {
  const height = mask.length / width;
  const result = new Float32Array(mask.length);
  const lift = Math.round(rim * 1.5);
  // A pixel's light comes from the shape `rim` below and to each side, or `lift` straight
  // below: rows whose sources fall below the box have none (lift ≥ rim, so those rows are last).
  for (let y = 0; y + rim < height; y += 1) {
    const row = y * width;
    const below = (y + rim) * width;
    const under = y + lift < height ? (y + lift) * width : -1;
    for (let x = 0; x < width; x += 1) {
      const own = mask[row + x] ?? 0;
      if (own >= 1) continue;
      const right = x + rim < width ? (mask[below + x + rim] ?? 0) : 0;
      const left = x >= rim ? (mask[below + x - rim] ?? 0) : 0;
      const straight = under < 0 ? 0 : (mask[under + x] ?? 0);
      const near = right > left ? (right > straight ? right : straight) : left > straight ? left : straight;
      if (near > own) result[row + x] = near - own;
    }
  }
  return result;
}

/** Draws the silhouette; false when the icon set does not have the subject's icon. */
function drawSubject(canvas: Canvas, subject: ConceptSubject, place: Placement, light: Light, reflectAt: number | undefined): boolean {
  const shape = iconShape(subject.icon);
  if (shape === undefined) return false;
  const shapeWidth = shape.maxX - shape.minX;
  const shapeHeight = shape.maxY - shape.minY;
  const scale = Math.min(place.maxWidth / shapeWidth, place.maxHeight / shapeHeight);
  const dx = place.cx - ((shape.minX + shape.maxX) / 2) * scale;
  const dy = place.bottom - shape.maxY * scale;
  const { width, height } = canvas;
  if (reflectAt !== undefined) {
    // Mirrored in the water below the line it floats on, faint and cut short.
    const mirrored = rasterizeContours(shape.contours, scale, dx, 2 * reflectAt - dy, width, height, -scale);
    if (mirrored !== undefined) {
      const fade = new Float32Array(mirrored.mask.length);
      for (let row = 0; row < mirrored.height; row += 1) {
        const y = mirrored.top + row;
        const strength = y < reflectAt ? 0 : Math.max(0, 1 - (y - reflectAt) / (height * 0.25)) * 0.35;
        for (let column = 0; column < mirrored.width; column += 1) fade[row * mirrored.width + column] = (mirrored.mask[row * mirrored.width + column] ?? 0) * strength;
      }
      canvas.coverage(fade, mirrored.left, mirrored.top, mirrored.width, light.subject);
    }
  }
  const mask = rasterizeContours(shape.contours, scale, dx, dy, width, height);
  if (mask === undefined) return false;
  // A rim of light around the silhouette: the shape nudged up-left, up-right and up, where the shape itself is not.
  canvas.coverage(rimOf(mask.mask, mask.width, Math.max(1, Math.round(Math.min(width, height) / 260))), mask.left, mask.top, mask.width, light.rim, 0.55);
  canvas.coverage(mask.mask, mask.left, mask.top, mask.width, light.subject);
  return true;
}

export interface ConceptArt {
  setting: ConceptSetting;
  time: TimeOfDay;
  /** False when the subject's icon was missing and only the backdrop was drawn. */
  drewSubject: boolean;
}

/** Draws the concept art for `subject`; `words` is the lower-cased prompt. */
export function drawConceptArt(canvas: Canvas, words: string, subject: ConceptSubject, random: () => number): ConceptArt {
  const { width, height } = canvas;
  const setting = settingFor(words, subject);
  const time = timeOfDayFor(words, setting);
  const light = lightFor(setting, time, namedHue(words));
  // The subject sits a little off centre (rule of thirds), the light source behind its other side.
  const side = random() < 0.5 ? -1 : 1;
  const cx = width * (0.5 + side * 0.07);
  const glowAt = [width * (0.5 - side * 0.17), height * (subject.placement === 'sky' ? 0.3 : 0.36)] as const;
  const backdrop = drawBackdrop(canvas, setting, time, light, random, glowAt);
  const place = placementFor(canvas, subject, setting, backdrop, cx);
  if (subject.placement === 'ground' && setting !== 'underwater' && setting !== 'space') {
    canvas.smoothEllipse(cx, place.bottom - height * 0.005, place.maxWidth * 0.45, height * 0.025, [0, 0, 0], 0.25);
  }
  const reflect = setting === 'sea' && subject.placement === 'water' ? backdrop.waterY + height * 0.03 : undefined;
  const drewSubject = drawSubject(canvas, subject, place, light, reflect);
  if (setting !== 'underwater' && setting !== 'space' && setting !== 'sea') {
    // The foreground the viewer stands on, last, so ground subjects stand in it.
    canvas.silhouette(rollingEdge(random, width, height, 0.84, 0.015), height, light.near);
  }
  return { setting, time, drewSubject };
}
