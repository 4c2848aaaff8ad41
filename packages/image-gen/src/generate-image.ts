// Runs one generation on any model: delivers events as they happen, validates the bytes,
// and turns every failure into an ImageGenerationError.
import { ImageGenerationError } from './image-generation-error.ts';
import type { GeneratedImage, ImageGenerationEvent, ImageGenerationRequest, ImageModel } from './image-model-spec.ts';
import { inspectImage } from './inspect-image.ts';

export interface StreamImageOptions extends ImageGenerationRequest {
  model: ImageModel;
  abortSignal?: AbortSignal;
}

export interface GenerateImageOptions extends StreamImageOptions {
  onEvent?: (event: ImageGenerationEvent) => void;
}

/** Wraps anything thrown into the taxonomy, so callers only ever branch on `code`. */
export function toImageGenerationError(error: unknown, abortSignal?: AbortSignal): ImageGenerationError {
  if (ImageGenerationError.isInstance(error)) return error;
  if (abortSignal?.aborted === true) {
    return new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.', cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageGenerationError({ code: 'server', message: `Image generation failed unexpectedly: ${detail}`, cause: error });
}

/**
 * The event stream of one generation, validated: `started` → `partial`* → `completed` | `failed`.
 * It never throws; a failure is the last event.
 */
export async function* streamImage(options: StreamImageOptions): AsyncGenerator<ImageGenerationEvent, void, undefined> {
  const { model, abortSignal, ...request } = options;
  try {
    if (abortSignal?.aborted === true) throw new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.' });
    for await (const event of model.generate(request, abortSignal === undefined ? {} : { abortSignal })) {
      if (event.type === 'failed') throw event.error;
      if (event.type === 'completed') {
        const info = inspectImage(event.bytes);
        yield { ...event, mediaType: info.mediaType, width: info.width, height: info.height };
        return;
      }
      yield event;
    }
    throw new ImageGenerationError({ code: 'invalid_output', message: `The model ${model.modelId} finished without returning an image.` });
  } catch (error) {
    yield { type: 'failed', error: toImageGenerationError(error, abortSignal) };
  }
}

/** Generates one image and resolves with it, or rejects with an ImageGenerationError. */
export async function generateImage(options: GenerateImageOptions): Promise<GeneratedImage> {
  const { onEvent, ...streamOptions } = options;
  for await (const event of streamImage(streamOptions)) {
    onEvent?.(event);
    if (event.type === 'failed') throw event.error;
    if (event.type === 'completed') {
      const { type: _type, ...image } = event;
      return image;
    }
  }
  // streamImage always ends with `completed` or `failed`.
  throw new ImageGenerationError({ code: 'invalid_output', message: 'The image stream ended without a result.' });
}
