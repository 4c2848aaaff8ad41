// The embedded default model: draws a deterministic procedural picture from the prompt.
// No key, no network; the same prompt, size and seed always give the same bytes.
import { ImageGenerationError } from './image-generation-error.ts';
import type {
  ImageGenerationEvent,
  ImageGenerationRequest,
  ImageGenerationWarning,
  ImageGenerateOptions,
  ImageModelV1,
} from './image-model-spec.ts';
import { encodePng } from './png-encoder.ts';

export const offlineModelId = 'forge-offline-1';

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

type Rgb = [number, number, number];

function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const segment = (((hue % 360) + 360) % 360) / 60;
  const second = chroma * (1 - Math.abs((segment % 2) - 1));
  const [red, green, blue] =
    segment < 1 ? [chroma, second, 0] : segment < 2 ? [second, chroma, 0] : segment < 3 ? [0, chroma, second]
      : segment < 4 ? [0, second, chroma] : segment < 5 ? [second, 0, chroma] : [chroma, 0, second];
  const match = lightness - chroma / 2;
  return [Math.round((red + match) * 255), Math.round((green + match) * 255), Math.round((blue + match) * 255)];
}

function parseSize(size: ImageGenerationRequest['size'], warnings: ImageGenerationWarning[]): { width: number; height: number } {
  if (size === undefined || size === 'auto') return { width: 1024, height: 1024 };
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match) {
    throw new ImageGenerationError({ code: 'invalid_request', message: `Image size "${size}" is not "auto" or WIDTHxHEIGHT (for example 1024x1024).` });
  }
  const clamp = (value: number): number => Math.min(4096, Math.max(16, value));
  const width = clamp(Number(match[1]));
  const height = clamp(Number(match[2]));
  if (`${width}x${height}` !== size) {
    warnings.push({ type: 'adjusted-option', option: 'size', message: `Size ${size} was adjusted to ${width}x${height} (16–4096 px per side).` });
  }
  return { width, height };
}

/** Draws the picture for a prompt: a palette, a sky, a sun and ridges, all derived from the prompt. */
export function drawOfflinePicture(prompt: string, width: number, height: number, seed = 0): Uint8Array {
  const random = createRandom(hashText(`${prompt}\u0000${seed}`));
  const baseHue = random() * 360;
  const skyTop = hslToRgb(baseHue, 0.55, 0.18 + random() * 0.2);
  const skyBottom = hslToRgb(baseHue + 40 + random() * 80, 0.65, 0.55 + random() * 0.2);
  const sunColour = hslToRgb(baseHue + 180 + random() * 60, 0.8, 0.7);
  const sun = { x: (0.2 + random() * 0.6) * width, y: (0.2 + random() * 0.3) * height, radius: (0.08 + random() * 0.1) * Math.min(width, height) };
  const ridges = Array.from({ length: 3 + Math.floor(random() * 3) }, (_, index) => ({
    base: 0.5 + index * 0.12 + random() * 0.05,
    amplitude: 0.04 + random() * 0.1,
    frequency: 1 + random() * 5,
    phase: random() * Math.PI * 2,
    colour: hslToRgb(baseHue + 200 + index * 25 + random() * 20, 0.4, 0.35 - index * 0.06),
  }));
  const pixels = new Uint8Array(width * height * 4);
  const ridgeTops = ridges.map((ridge) =>
    Float64Array.from({ length: width }, (_, x) => {
      const u = x / width;
      const wave = Math.sin(u * ridge.frequency * Math.PI * 2 + ridge.phase) + 0.5 * Math.sin(u * ridge.frequency * 5.3 + ridge.phase * 2);
      return (ridge.base + wave * ridge.amplitude) * height;
    }),
  );
  for (let y = 0; y < height; y += 1) {
    const t = y / height;
    const sky: Rgb = [0, 1, 2].map((channel) => Math.round(skyTop[channel as 0] * (1 - t) + skyBottom[channel as 0] * t)) as Rgb;
    for (let x = 0; x < width; x += 1) {
      let colour = sky;
      const distance = Math.hypot(x - sun.x, y - sun.y);
      if (distance < sun.radius) colour = sunColour;
      else if (distance < sun.radius * 1.6) {
        const glow = 1 - (distance - sun.radius) / (sun.radius * 0.6);
        colour = [0, 1, 2].map((channel) => Math.round(sky[channel as 0] + (sunColour[channel as 0] - sky[channel as 0]) * glow * 0.35)) as Rgb;
      }
      for (let index = 0; index < ridges.length; index += 1) {
        const top = ridgeTops[index]?.[x] ?? height;
        const ridge = ridges[index];
        if (ridge && y >= top) colour = ridge.colour;
      }
      const offset = (y * width + x) * 4;
      pixels[offset] = colour[0];
      pixels[offset + 1] = colour[1];
      pixels[offset + 2] = colour[2];
      pixels[offset + 3] = 255;
    }
  }
  return encodePng(width, height, pixels);
}

export interface OfflineImageModelOptions {
  /** Simulated latency, so hosts can show their in-flight state (default 0). */
  delayMs?: number;
}

function delay(milliseconds: number, abortSignal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (milliseconds <= 0) {
      resolve();
      return;
    }
    const timer = setTimeout(resolve, milliseconds);
    abortSignal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(cancelledError(abortSignal.reason));
    }, { once: true });
  });
}

function cancelledError(cause: unknown): ImageGenerationError {
  return new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.', cause });
}

export function createOfflineImageModel(options: OfflineImageModelOptions = {}): ImageModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'offline',
    modelId: offlineModelId,
    async *generate(request: ImageGenerationRequest, generateOptions: ImageGenerateOptions = {}): AsyncGenerator<ImageGenerationEvent> {
      const { abortSignal } = generateOptions;
      if (request.prompt.trim() === '') {
        throw new ImageGenerationError({ code: 'invalid_request', message: 'The image prompt is empty: describe the picture you want.' });
      }
      const warnings: ImageGenerationWarning[] = [];
      const { width, height } = parseSize(request.size, warnings);
      if (request.outputFormat !== undefined && request.outputFormat !== 'png') {
        warnings.push({ type: 'unsupported-option', option: 'outputFormat', message: `The offline model draws PNG only; ${request.outputFormat} was ignored.` });
      }
      yield { type: 'started', model: offlineModelId, prompt: request.prompt };
      await delay(options.delayMs ?? 0, abortSignal);
      if (abortSignal?.aborted) throw cancelledError(abortSignal.reason);
      const bytes = drawOfflinePicture(request.prompt, width, height, request.seed ?? 0);
      yield {
        type: 'completed',
        bytes,
        mediaType: 'image/png',
        width,
        height,
        model: offlineModelId,
        warnings,
        metadata: { offlinePreview: true },
      };
    },
  };
}
