// Runs one generation on any model: delivers events as they happen, validates the bytes,
// and turns every failure into an ImageGenerationError.
import { ImageGenerationError } from './image-generation-error.ts';
import type { GeneratedImage, ImageGenerationEvent, ImageGenerationRequest, ImageModel } from './image-model-spec.ts';
import { inspectImage } from './inspect-image.ts';

export interface GenerateImageOptions extends ImageGenerationRequest {
  model: ImageModel;
  abortSignal?: AbortSignal;
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

export async function generateImage(options: GenerateImageOptions): Promise<GeneratedImage> {
  const { model, abortSignal, onEvent, ...request } = options;
  try {
    if (abortSignal?.aborted === true) throw new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.' });
    for await (const event of model.generate(request, abortSignal === undefined ? {} : { abortSignal })) {
      if (event.type === 'failed') throw event.error;
      if (event.type === 'completed') {
        const info = inspectImage(event.bytes);
        const { type: _type, ...image } = event;
        const validated: GeneratedImage = { ...image, mediaType: info.mediaType, width: info.width, height: info.height };
        onEvent?.({ type: 'completed', ...validated });
        return validated;
      }
      onEvent?.(event);
    }
    throw new ImageGenerationError({ code: 'invalid_output', message: `The model ${model.modelId} finished without returning an image.` });
  } catch (error) {
    const failure = toImageGenerationError(error, abortSignal);
    onEvent?.({ type: 'failed', error: failure });
    throw failure;
  }
}
