// Colours and the seeded randomness of the offline pictures: everything they draw is a
// pure function of the prompt and seed, so the same request always gives the same bytes.
export type Rgb = readonly [number, number, number];

/** FNV-1a of the text's UTF-8 bytes: a stable seed for a prompt. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A small seeded generator (mulberry32-style): numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function hsl(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const segment = (((hue % 360) + 360) % 360) / 60;
  const second = chroma * (1 - Math.abs((segment % 2) - 1));
  const [red, green, blue] =
    segment < 1 ? [chroma, second, 0] : segment < 2 ? [second, chroma, 0] : segment < 3 ? [0, chroma, second]
      : segment < 4 ? [0, second, chroma] : segment < 5 ? [second, 0, chroma] : [chroma, 0, second];
  const offset = lightness - chroma / 2;
  return [Math.round((red + offset) * 255), Math.round((green + offset) * 255), Math.round((blue + offset) * 255)];
}

export function mix(from: Rgb, to: Rgb, amount: number): Rgb {
  return [
    Math.round(from[0] + (to[0] - from[0]) * amount),
    Math.round(from[1] + (to[1] - from[1]) * amount),
    Math.round(from[2] + (to[2] - from[2]) * amount),
  ];
}

/** Colour names and moods that name a palette ("steampunk" is brass and copper). */
const colourWords: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(red|crimson|scarlet|ruby|fire|lava)\b/, 2],
  [/\b(orange|amber|autumn|rust|copper|steampunk|brass)\b/, 28],
  [/\b(yellow|gold|golden|sunny)\b/, 46],
  [/\b(green|emerald)\b/, 120],
  [/\b(teal|turquoise|cyan|aqua|mint)\b/, 176],
  [/\b(blue|sapphire|navy)\b/, 215],
  [/\b(purple|violet|lavender|magic|amethyst)\b/, 275],
  [/\b(pink|rose|magenta|candy|cherry|blossom)\b/, 330],
];

/** Places whose colour the generic poster borrows (concept art paints the place itself instead). */
const sceneryWords: ReadonlyArray<readonly [RegExp, number]> = [
  [/\b(desert|sand)\b/, 46],
  [/\b(forest|jungle|grass|moss|leaf)\b/, 120],
  [/\b(ocean|sea|sky|ice|winter|underwater)\b/, 215],
  [/\b(galaxy)\b/, 275],
];

/**
 * The hue the lower-cased text names: its first colour or mood word, else (with
 * `scenery`) its first place word. Undefined when it names none.
 */
export function namedHue(words: string, scenery = false): number | undefined {
  const first = (list: ReadonlyArray<readonly [RegExp, number]>): { at: number; hue: number } | undefined => {
    let best: { at: number; hue: number } | undefined;
    for (const [pattern, hue] of list) {
      const at = words.search(pattern);
      if (at >= 0 && (best === undefined || at < best.at)) best = { at, hue };
    }
    return best;
  };
  return first(colourWords)?.hue ?? (scenery ? first(sceneryWords)?.hue : undefined);
}
