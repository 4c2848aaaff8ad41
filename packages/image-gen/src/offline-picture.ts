// The offline model's drawing: a deterministic picture that answers the request. The plan
// (offline-request.ts) picks the kind: a UI mock-up of the element in its states, a sprite
// sheet of a walk (or run, jump, idle, attack) cycle on a transparent background, concept
// art with the subject's silhouette from the Game Icons set, or the generic poster. A hash
// of the prompt and seed places everything. No stamp in the picture: hosts badge previews.
import { Canvas } from './offline-canvas.ts';
import { createRandom, hashText } from './offline-colour.ts';
import { drawConceptArt } from './offline-concept-art.ts';
import { planOfflinePicture, type OfflinePlan } from './offline-request.ts';
import { choosePalette, drawGenericScene, offlineSceneFor, type OfflineScene } from './offline-scenery.ts';
import { drawSpriteSheet } from './offline-sprite-sheet.ts';
import { drawUiMockup } from './offline-ui-mockup.ts';
import { iconCredit } from './game-icon-set.ts';
import { encodePng } from './png-encoder.ts';

export { offlineSceneFor, type OfflineScene };

/** What was drawn; `edit` is an input image changed (offline-edit.ts). */
export type OfflinePictureKind = OfflinePlan['kind'] | 'edit';

export interface OfflinePictureOptions {
  seed?: number;
  /** Leave the background transparent (for PNG and WebP output). Sprite sheets always are. */
  transparentBackground?: boolean;
  /** Where to draw: `width × height × 4` zeroed bytes (a reused buffer); a new one otherwise. */
  pixels?: Uint8Array;
}

/** RGBA pixels of a picture plus what was drawn. */
export interface OfflinePixels {
  width: number;
  height: number;
  rgba: Uint8Array;
  kind: OfflinePictureKind;
  /** What the picture shows, for the completed event's metadata (no secrets: only words of our own). */
  details: Readonly<Record<string, string | number>>;
  /** The attribution the picture's icon needs, when it has one. */
  credit?: string;
}

/** Draws the picture for a prompt as RGBA pixels. Same prompt, size and seed → same pixels. */
export function renderOfflinePixels(prompt: string, width: number, height: number, options: OfflinePictureOptions = {}): OfflinePixels {
  const seed = options.seed ?? 0;
  const random = createRandom(hashText(`${prompt}\u0000${seed}`));
  const words = prompt.toLowerCase().replace(/\s+/g, ' ');
  const transparent = options.transparentBackground === true;
  const canvas = new Canvas(width, height, options.pixels);
  const plan = planOfflinePicture(prompt);
  const done = (details: Record<string, string | number>, credit?: string): OfflinePixels => ({
    width, height, rgba: canvas.rgba, kind: plan.kind, details, ...(credit === undefined ? {} : { credit }),
  });
  switch (plan.kind) {
    case 'ui-mockup':
      drawUiMockup(canvas, words, plan.element, plan.states, transparent);
      return done({ element: plan.element, states: plan.states.join(', ') });
    case 'sprite-sheet':
      drawSpriteSheet(canvas, words, plan.cycle, plan.frames);
      return done({ cycle: plan.cycle, frames: plan.frames });
    case 'concept-art': {
      const art = drawConceptArt(canvas, words, plan.subject, random);
      if (art.drewSubject) return done({ subject: plan.subject.icon, setting: art.setting, time: art.time }, iconCredit(plan.subject));
      // The installed icon set lacks the icon: the backdrop alone would look unfinished.
      break;
    }
    case 'scene':
      break;
    default:
      plan satisfies never;
  }
  const palette = choosePalette(words, random);
  const scene = offlineSceneFor(prompt, seed);
  drawGenericScene(canvas, prompt, scene, palette, random, transparent);
  return { width, height, rgba: canvas.rgba, kind: 'scene', details: { scene } };
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
