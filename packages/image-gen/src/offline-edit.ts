// The offline model's edits: a deterministic change to an existing picture, read from the
// request's words, so refining ("make it bluer", "same airship, from the side", "on a
// transparent background") works with no network. What it can do, and says it did: shift the
// palette toward a named colour (or warmer, cooler, black and white), lighten or darken, mirror
// (a "mirrored pose" stands in for another angle), and cut the background out. A request it
// cannot read still changes the picture visibly (a palette shift toward a colour the words pick).
import { hashText } from './offline-colour.ts';

export type OfflineEditOperation =
  | { kind: 'recolour'; colour: string; hue: number; saturation: number }
  | { kind: 'greyscale' }
  | { kind: 'lighten' }
  | { kind: 'darken' }
  | { kind: 'mirror'; axis: 'horizontal' | 'vertical' }
  | { kind: 'cutout' };

export interface OfflineEditPlan {
  operations: OfflineEditOperation[];
  /** What the edit does, for the reply and the image's metadata: "palette shifted toward blue, mirrored". */
  description: string;
  /** No instruction was recognised: the colour was picked from the words. */
  guessed: boolean;
}

/** Named colours: the hue and saturation a palette shifts toward. */
const colours: ReadonlyArray<readonly [RegExp, string, number, number]> = [
  [/\b(?:red|redder|reddish|crimson|scarlet)\b/, 'red', 2, 0.75],
  [/\b(?:orange|oranger|warmer|warm|sunset|amber)\b/, 'orange', 28, 0.8],
  [/\b(?:yellow|yellower|golden|gold)\b/, 'yellow', 48, 0.8],
  [/\b(?:green|greener|greenish|emerald)\b/, 'green', 125, 0.6],
  [/\b(?:teal|turquoise|cyan|aqua)\b/, 'teal', 178, 0.6],
  [/\b(?:blue|bluer|bluish|blueish|cooler|cool|colder|icy|navy|sapphire)\b/, 'blue', 218, 0.7],
  [/\b(?:purple|purpler|violet|lavender)\b/, 'purple', 275, 0.6],
  [/\b(?:pink|pinker|magenta|rose)\b/, 'pink', 330, 0.7],
  [/\b(?:brown|browner|sepia)\b/, 'brown', 30, 0.45],
];
const fallbackColours = colours.filter(([, name]) => name !== 'brown');

const mirrorWords =
  /\b(?:mirror(?:ed)?|flip(?:ped)?(?: it)?(?: horizontally)?|other (?:side|way)|from the (?:side|left|right|back)|side view|profile|facing (?:left|right|the other way)|turn(?:ed)? around|reverse(?:d)?|different angle|another angle)\b/;
const verticalWords = /\b(?:upside[- ]down|flip(?:ped)? (?:it )?vertically|vertical(?:ly)? flip(?:ped)?)\b/;
const greyWords = /\b(?:black and white|black & white|b ?& ?w|gr[ae]y ?scale|monochrome|desaturate[d]?|colou?rless)\b/;
const lightWords = /\b(?:light(?:er|en)?|bright(?:er|en)?|daytime|day time|sunnier|paler)\b/;
const darkWords = /\b(?:dark(?:er|en)?|night(?:time)?|dimmer|moodier|gloomier|shadowy)\b/;
const cutoutWords = /\b(?:transparent|cut ?out|remove (?:the )?background|no background|without (?:a |the )?background|isolated|sticker|sprite)\b/;

/** What an edit of `prompt` does; `transparentBackground` adds a cut-out of the background. */
export function planOfflineEdit(prompt: string, options: { transparentBackground?: boolean } = {}): OfflineEditPlan {
  const words = prompt.toLowerCase().replace(/\s+/g, ' ');
  const operations: OfflineEditOperation[] = [];
  const said: string[] = [];
  if (greyWords.test(words)) {
    operations.push({ kind: 'greyscale' });
    said.push('black and white');
  } else {
    const colour = colours.find(([pattern]) => pattern.test(words));
    if (colour !== undefined) {
      operations.push({ kind: 'recolour', colour: colour[1], hue: colour[2], saturation: colour[3] });
      said.push(`palette shifted toward ${colour[1]}`);
    }
  }
  if (darkWords.test(words)) {
    operations.push({ kind: 'darken' });
    said.push('darker');
  } else if (lightWords.test(words)) {
    operations.push({ kind: 'lighten' });
    said.push('lighter');
  }
  if (verticalWords.test(words)) {
    operations.push({ kind: 'mirror', axis: 'vertical' });
    said.push('flipped upside down');
  } else if (mirrorWords.test(words)) {
    operations.push({ kind: 'mirror', axis: 'horizontal' });
    said.push('mirrored');
  }
  if (options.transparentBackground === true || cutoutWords.test(words)) {
    operations.push({ kind: 'cutout' });
    said.push('background cut out');
  }
  const guessed = operations.length === 0;
  if (guessed) {
    const [, name, hue, saturation] = fallbackColours[hashText(words) % fallbackColours.length] ?? ['', 'blue', 218, 0.7];
    operations.push({ kind: 'recolour', colour: name, hue, saturation });
    said.push(`palette shifted toward ${name}`);
  }
  return { operations, description: said.join(', '), guessed };
}

function rgbToHsl(red: number, green: number, blue: number): [number, number, number] {
  const r = red / 255;
  const g = green / 255;
  const b = blue / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  if (max === min) return [0, 0, lightness];
  const delta = max - min;
  const saturation = lightness > 0.5 ? delta / (2 - max - min) : delta / (max + min);
  const hue = max === r ? ((g - b) / delta + (g < b ? 6 : 0)) * 60 : max === g ? ((b - r) / delta + 2) * 60 : ((r - g) / delta + 4) * 60;
  return [hue, saturation, lightness];
}

function hueToChannel(p: number, q: number, t: number): number {
  const wrapped = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
  if (wrapped < 1 / 6) return p + (q - p) * 6 * wrapped;
  if (wrapped < 1 / 2) return q;
  if (wrapped < 2 / 3) return p + (q - p) * (2 / 3 - wrapped) * 6;
  return p;
}

function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  if (saturation === 0) {
    const grey = Math.round(lightness * 255);
    return [grey, grey, grey];
  }
  const q = lightness < 0.5 ? lightness * (1 + saturation) : lightness + saturation - lightness * saturation;
  const p = 2 * lightness - q;
  const h = hue / 360;
  return [Math.round(hueToChannel(p, q, h + 1 / 3) * 255), Math.round(hueToChannel(p, q, h) * 255), Math.round(hueToChannel(p, q, h - 1 / 3) * 255)];
}

function recolour(rgba: Uint8Array, hue: number, saturation: number, strength: number): void {
  for (let index = 0; index < rgba.length; index += 4) {
    const red = rgba[index] ?? 0;
    const green = rgba[index + 1] ?? 0;
    const blue = rgba[index + 2] ?? 0;
    const [, ownSaturation, lightness] = rgbToHsl(red, green, blue);
    // Keep light and shade (the picture stays readable), take the colour's hue and most of its saturation.
    const [tr, tg, tb] = hslToRgb(hue, Math.max(ownSaturation, saturation * (1 - Math.abs(2 * lightness - 1) * 0.6)), lightness);
    rgba[index] = Math.round(red + (tr - red) * strength);
    rgba[index + 1] = Math.round(green + (tg - green) * strength);
    rgba[index + 2] = Math.round(blue + (tb - blue) * strength);
  }
}

function greyscale(rgba: Uint8Array): void {
  for (let index = 0; index < rgba.length; index += 4) {
    const luma = Math.round(0.299 * (rgba[index] ?? 0) + 0.587 * (rgba[index + 1] ?? 0) + 0.114 * (rgba[index + 2] ?? 0));
    rgba[index] = luma;
    rgba[index + 1] = luma;
    rgba[index + 2] = luma;
  }
}

function towards(rgba: Uint8Array, target: number, amount: number): void {
  for (let index = 0; index < rgba.length; index += 1) {
    if (index % 4 === 3) continue;
    const value = rgba[index] ?? 0;
    rgba[index] = Math.round(value + (target - value) * amount);
  }
}

function mirror(rgba: Uint8Array, width: number, height: number, axis: 'horizontal' | 'vertical'): Uint8Array {
  const source = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
  const result = new Uint8Array(rgba.length);
  const target = new Uint32Array(result.buffer);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = axis === 'horizontal' ? y * width + (width - 1 - x) : (height - 1 - y) * width + x;
      target[y * width + x] = source[from] ?? 0;
    }
  }
  return result;
}

/** The colour most of the border has (quantised), as [r, g, b]; undefined when the border is already see-through. */
function borderColour(rgba: Uint8Array, width: number, height: number): [number, number, number] | undefined {
  const counts = new Map<number, { count: number; sum: [number, number, number] }>();
  const visit = (x: number, y: number): void => {
    const index = (y * width + x) * 4;
    if ((rgba[index + 3] ?? 0) < 128) return;
    const [red, green, blue] = [rgba[index] ?? 0, rgba[index + 1] ?? 0, rgba[index + 2] ?? 0];
    const key = ((red >> 4) << 8) | ((green >> 4) << 4) | (blue >> 4);
    const bucket = counts.get(key) ?? { count: 0, sum: [0, 0, 0] };
    bucket.count += 1;
    bucket.sum = [bucket.sum[0] + red, bucket.sum[1] + green, bucket.sum[2] + blue];
    counts.set(key, bucket);
  };
  for (let x = 0; x < width; x += 1) {
    visit(x, 0);
    visit(x, height - 1);
  }
  for (let y = 1; y < height - 1; y += 1) {
    visit(0, y);
    visit(width - 1, y);
  }
  let best: { count: number; sum: [number, number, number] } | undefined;
  for (const bucket of counts.values()) if (best === undefined || bucket.count > best.count) best = bucket;
  return best === undefined ? undefined : [best.sum[0] / best.count, best.sum[1] / best.count, best.sum[2] / best.count];
}

/** Makes the background see-through: everything joined to the border that is close to the border's colour. */
function cutout(rgba: Uint8Array, width: number, height: number, tolerance: number): void {
  const colour = borderColour(rgba, width, height);
  if (colour === undefined) return;
  const close = (pixel: number): boolean => {
    const index = pixel * 4;
    const distance = Math.abs((rgba[index] ?? 0) - colour[0]) + Math.abs((rgba[index + 1] ?? 0) - colour[1]) + Math.abs((rgba[index + 2] ?? 0) - colour[2]);
    return distance <= tolerance;
  };
  const seen = new Uint8Array(width * height);
  const stack: number[] = [];
  const push = (pixel: number): void => {
    if (seen[pixel] === 1 || !close(pixel)) return;
    seen[pixel] = 1;
    stack.push(pixel);
  };
  for (let x = 0; x < width; x += 1) {
    push(x);
    push((height - 1) * width + x);
  }
  for (let y = 0; y < height; y += 1) {
    push(y * width);
    push(y * width + width - 1);
  }
  for (let pixel = stack.pop(); pixel !== undefined; pixel = stack.pop()) {
    rgba[pixel * 4 + 3] = 0;
    const x = pixel % width;
    if (x > 0) push(pixel - 1);
    if (x < width - 1) push(pixel + 1);
    if (pixel >= width) push(pixel - width);
    if (pixel < width * (height - 1)) push(pixel + width);
  }
}

/**
 * `rgba` (width × height, 4 bytes a pixel) with the plan applied; the input is left alone.
 * `variant` (0, 1, 2…) makes variants of one request differ: each pushes the edit a step further.
 */
export function applyOfflineEdit(rgba: Uint8Array, width: number, height: number, plan: OfflineEditPlan, variant = 0): Uint8Array {
  let pixels: Uint8Array = new Uint8Array(rgba);
  const step = Math.min(3, Math.max(0, Math.floor(variant)));
  for (const operation of plan.operations) {
    switch (operation.kind) {
      case 'recolour':
        recolour(pixels, operation.hue, operation.saturation, Math.min(0.95, (plan.guessed ? 0.45 : 0.6) + step * 0.1));
        break;
      case 'greyscale':
        greyscale(pixels);
        break;
      case 'lighten':
        towards(pixels, 255, 0.3 + step * 0.08);
        break;
      case 'darken':
        towards(pixels, 0, 0.35 + step * 0.08);
        break;
      case 'mirror':
        pixels = mirror(pixels, width, height, operation.axis);
        break;
      case 'cutout':
        cutout(pixels, width, height, 48 + step * 16);
        break;
      default:
        operation satisfies never;
    }
  }
  return pixels;
}
