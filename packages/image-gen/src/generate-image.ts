// Runs one generation on any model: checks the request, delivers events as they happen,
// validates every image's bytes, honours cancellation even when a model ignores it, and
// turns every failure into an ImageGenerationError.
import { ImageGenerationError } from './image-generation-error.ts';
import type {
  GeneratedImage,
  ImageGenerationEvent,
  ImageGenerationRequest,
  ImageGenerationWarning,
  ImageModel,
} from './image-model-spec.ts';
import { inspectImage } from './inspect-image.ts';
import { parseImageSize, validateImageRequest } from './request-validation.ts';

export interface StreamImageOptions extends ImageGenerationRequest {
  model: ImageModel;
  abortSignal?: AbortSignal;
}

export interface GenerateImageOptions extends StreamImageOptions {
  /** Called with each event as it happens (`started`, `partial`*, then `completed` or `failed`). */
  onEvent?: (event: ImageGenerationEvent) => void;
}

function cancelledError(cause?: unknown): ImageGenerationError {
  return new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.', cause });
}

/** Wraps anything thrown into the taxonomy, so callers only ever branch on `code`. */
export function toImageGenerationError(error: unknown, abortSignal?: AbortSignal): ImageGenerationError {
  if (ImageGenerationError.isInstance(error)) return error;
  if (abortSignal?.aborted === true) return cancelledError(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageGenerationError({ code: 'server', message: `Image generation failed unexpectedly: ${detail}`, cause: error });
}

/** A function, so TypeScript does not keep an earlier narrowing of `aborted` across awaits. */
function isAborted(abortSignal: AbortSignal | undefined): boolean {
  return abortSignal?.aborted === true;
}

const abortedMarker = Symbol('aborted');

/** Resolves with the marker when the signal aborts, so a model that ignores the signal cannot hold us. */
function whenAborted(abortSignal: AbortSignal | undefined): { promise: Promise<typeof abortedMarker>; dispose(): void } {
  if (abortSignal === undefined) return { promise: new Promise(() => undefined), dispose: () => undefined };
  let onAbort: () => void = () => undefined;
  const promise = new Promise<typeof abortedMarker>((resolve) => {
    onAbort = () => resolve(abortedMarker);
    if (abortSignal.aborted) resolve(abortedMarker);
    else abortSignal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => abortSignal.removeEventListener('abort', onAbort) };
}

function sizeWarning(requested: string | undefined, width: number, height: number): ImageGenerationWarning | undefined {
  const parsed = parseImageSize(requested);
  if (parsed === undefined || (parsed.width === width && parsed.height === height)) return undefined;
  return { type: 'adjusted-option', option: 'size', message: `Asked for ${requested ?? 'auto'}, the model drew ${width}x${height}.` };
}

/**
 * The event stream of one generation, validated: `started` → `partial`* → `completed` | `failed`.
 * It never throws; a failure is the last event.
 */
export async function* streamImage(options: StreamImageOptions): AsyncGenerator<ImageGenerationEvent, void, undefined> {
  const { model, abortSignal, ...request } = options;
  const aborted = whenAborted(abortSignal);
  let iterator: AsyncIterator<ImageGenerationEvent> | undefined;
  // True while a `next()` of the model is outstanding (we may have stopped waiting for it).
  let waiting = false;
  try {
    if (abortSignal?.aborted === true) throw cancelledError(abortSignal.reason);
    validateImageRequest(request);
    iterator = model.generate(request, abortSignal === undefined ? {} : { abortSignal })[Symbol.asyncIterator]();
    let started = false;
    const droppedPartials: ImageGenerationWarning[] = [];
    for (;;) {
      waiting = true;
      const next = await Promise.race([iterator.next(), aborted.promise]);
      if (next === abortedMarker) throw cancelledError(abortSignal?.reason);
      waiting = false;
      if (next.done === true) break;
      const event = next.value;
      if (event.type === 'failed') throw event.error;
      if (!started && event.type !== 'started') yield { type: 'started', model: model.modelId, prompt: request.prompt };
      started = true;
      if (event.type === 'started') {
        yield event;
      } else if (event.type === 'partial') {
        // A broken preview is not worth failing the image for: drop it and say so.
        try {
          const info = inspectImage(event.bytes);
          yield { ...event, mediaType: info.mediaType };
        } catch (error) {
          droppedPartials.push({ type: 'other', option: 'partialImages', message: `Partial preview ${event.index} was not a valid image and was dropped (${toImageGenerationError(error).message}).` });
        }
      } else {
        const info = inspectImage(event.bytes);
        if (isAborted(abortSignal)) throw cancelledError(abortSignal?.reason);
        const adjusted = event.warnings.some((warning) => warning.option === 'size') ? undefined : sizeWarning(request.size, info.width, info.height);
        yield {
          ...event,
          mediaType: info.mediaType,
          width: info.width,
          height: info.height,
          warnings: [...event.warnings, ...droppedPartials, ...(adjusted ? [adjusted] : [])],
        };
        return;
      }
    }
    throw new ImageGenerationError({ code: 'invalid_output', message: `The model ${model.modelId} finished without returning an image.` });
  } catch (error) {
    yield { type: 'failed', error: toImageGenerationError(error, abortSignal) };
  } finally {
    aborted.dispose();
    // Stop the model (closing its connection) when we leave early: cancelled, failed, or the consumer quit.
    // A model stuck in a pending step would hold `return()` until it wakes: do not wait for that one.
    if (iterator?.return !== undefined) {
      const closing = iterator.return();
      if (waiting) void closing.catch(() => undefined);
      else await closing.catch(() => undefined);
    }
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
