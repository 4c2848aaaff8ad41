// The embedded default model: draws a deterministic picture that answers the prompt (a UI
// mock-up, a sprite sheet, concept art, or a generic poster; see offline-picture.ts).
// No key, no network; the same prompt, size and seed always give the same bytes. Honours
// size, output format (PNG, or JPEG/WebP through sharp), transparency and partial previews.
// `metadata.credit` carries the attribution a concept art's icon needs (CC BY 3.0).
// With input images it edits the first one instead (offline-edit.ts): a palette shift, a
// mirror, a cut-out, read from the prompt; the seed makes variants of one edit differ.
import { abortableSleep, cancelledError } from './abortable-sleep.ts';
import type {
  ImageGenerateOptions,
  ImageGenerationEvent,
  ImageGenerationRequest,
  ImageGenerationWarning,
  ImageMediaType,
  ImageModelV1,
  ImageOutputFormat,
} from './image-model-spec.ts';
import { loadSharp } from './load-sharp.ts';
import { applyOfflineEdit, planOfflineEdit } from './offline-edit.ts';
import { offlinePngText, pixelate, renderOfflinePixels, type OfflinePixels } from './offline-picture.ts';
import { encodePng } from './png-encoder.ts';
import { SpareBuffer } from './spare-buffer.ts';
import { parseImageSize, validateImageRequest } from './request-validation.ts';

export const offlineModelId = 'forge-offline-1';

/** The pixels of the last picture drawn, reused for the next one of the same size. */
export const sparePixels = new SpareBuffer();

const minSide = 16;
const maxSide = 4096;
const mediaTypes: Record<ImageOutputFormat, ImageMediaType> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

function resolveSize(size: ImageGenerationRequest['size'], warnings: ImageGenerationWarning[]): { width: number; height: number } {
  const parsed = parseImageSize(size);
  if (parsed === undefined) return { width: 1024, height: 1024 };
  const clamp = (value: number): number => Math.min(maxSide, Math.max(minSide, value));
  const width = clamp(parsed.width);
  const height = clamp(parsed.height);
  if (width !== parsed.width || height !== parsed.height) {
    warnings.push({ type: 'adjusted-option', option: 'size', message: `Size ${size ?? 'auto'} was adjusted to ${width}x${height} (${minSide}–${maxSide} px per side).` });
  }
  return { width, height };
}

async function encode(
  rgba: Uint8Array,
  width: number,
  height: number,
  format: ImageOutputFormat,
  quality: number,
): Promise<Uint8Array> {
  if (format === 'png') return encodePng(width, height, rgba, { text: offlinePngText });
  // sharp is only loaded for JPEG and WebP, so PNG-only hosts never pay for it.
  const sharp = await loadSharp();
  const image = sharp(rgba, { raw: { width, height, channels: 4 } });
  const encoded = format === 'jpeg' ? await image.flatten({ background: '#ffffff' }).jpeg({ quality }).toBuffer() : await image.webp({ quality }).toBuffer();
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

export interface OfflineImageModelOptions {
  /** Simulated latency, so hosts can show their in-flight state (default 0). Spread over the partial previews. */
  delayMs?: number;
}

function unsupportedWarnings(request: ImageGenerationRequest): ImageGenerationWarning[] {
  const warnings: ImageGenerationWarning[] = [];
  const ignore = (option: keyof ImageGenerationRequest, message: string): void => {
    warnings.push({ type: 'unsupported-option', option, message });
  };
  if (request.quality !== undefined && request.quality !== 'auto') ignore('quality', `The offline model has one quality; "${request.quality}" was ignored.`);
  if (request.moderation !== undefined && request.moderation !== 'auto') ignore('moderation', 'The offline model does no moderation; the setting was ignored.');
  if (request.inputImages !== undefined && request.inputImages.length > 1) {
    const others = request.inputImages.length - 1;
    ignore('inputImages', `The offline model edits the first input image only; ${others === 1 ? 'the other one was' : `the other ${others} were`} not drawn from.`);
  }
  if (request.outputCompression !== undefined && (request.outputFormat ?? 'png') === 'png') ignore('outputCompression', 'outputCompression applies to JPEG and WebP only.');
  return warnings;
}

/** The first input image, decoded (and fitted to `size` when one was asked for), with the prompt's edit applied. */
async function editPixels(base: Uint8Array, request: ImageGenerationRequest, seed: number, size: { width: number; height: number } | undefined): Promise<OfflinePixels> {
  const sharp = await loadSharp();
  let image = sharp(base, { failOn: 'error', limitInputPixels: 8192 * 8192 }).ensureAlpha();
  if (size !== undefined) image = image.resize(size.width, size.height, { fit: 'cover' });
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const plan = planOfflineEdit(request.prompt, { transparentBackground: request.background === 'transparent' });
  const rgba = applyOfflineEdit(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, plan, seed);
  return { width: info.width, height: info.height, rgba, kind: 'edit', details: { edit: plan.description } };
}

export function createOfflineImageModel(options: OfflineImageModelOptions = {}): ImageModelV1 {
  return {
    specificationVersion: 'v1',
    provider: 'offline',
    modelId: offlineModelId,
    async *generate(request: ImageGenerationRequest, generateOptions: ImageGenerateOptions = {}): AsyncGenerator<ImageGenerationEvent> {
      const { abortSignal } = generateOptions;
      validateImageRequest(request);
      const warnings = unsupportedWarnings(request);
      const { width, height } = resolveSize(request.size, warnings);
      const format = request.outputFormat ?? 'png';
      const quality = Math.min(100, Math.max(1, request.outputCompression ?? 90));
      const seed = request.seed ?? 0;
      yield { type: 'started', model: offlineModelId, prompt: request.prompt };
      const partials = request.partialImages ?? 0;
      const pause = (options.delayMs ?? 0) / (partials + 1);
      await abortableSleep(pause, abortSignal);
      const [base] = request.inputImages ?? [];
      const pixels =
        base === undefined
          ? renderOfflinePixels(request.prompt, width, height, { seed, transparentBackground: request.background === 'transparent', pixels: sparePixels.take(width * height * 4, { zeroed: true }) })
          : await editPixels(base, request, seed, request.size === undefined || request.size === 'auto' ? undefined : { width, height });
      for (let index = 0; index < partials; index += 1) {
        const block = Math.max(2, Math.round(Math.min(pixels.width, pixels.height) / (12 << (index * 2))));
        yield { type: 'partial', index, bytes: await encode(pixelate(pixels, block), pixels.width, pixels.height, format, quality), mediaType: mediaTypes[format] };
        await abortableSleep(pause, abortSignal);
      }
      if (abortSignal?.aborted === true) throw cancelledError(abortSignal.reason);
      const bytes = await encode(pixels.rgba, pixels.width, pixels.height, format, quality);
      // Encoded: the pixels are done with, and the next picture draws into them.
      if (base === undefined) sparePixels.give(pixels.rgba);
      yield {
        type: 'completed',
        bytes,
        mediaType: mediaTypes[format],
        width: pixels.width,
        height: pixels.height,
        model: offlineModelId,
        warnings,
        metadata: {
          offlinePreview: true,
          label: 'Offline preview',
          kind: pixels.kind,
          ...pixels.details,
          ...(pixels.credit === undefined ? {} : { credit: pixels.credit }),
          seed,
        },
      };
    },
  };
}
