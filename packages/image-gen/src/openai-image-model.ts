// The OpenAI image model on the official `openai` SDK: Images API generate (and edit, with
// input images), streamed partials, every gpt-image option, our own retry policy (quota is
// never retried; rate limits honour the server's wait, capped), and `listModels()`.
import OpenAI, { toFile } from 'openai';

import { abortableSleep } from './abortable-sleep.ts';
import { ImageGenerationError } from './image-generation-error.ts';
import type {
  ImageGenerateOptions,
  ImageGenerationEvent,
  ImageGenerationRequest,
  ImageGenerationWarning,
  ImageMediaType,
  ImageModelV1,
  ImageUsage,
} from './image-model-spec.ts';
import { decodeBase64Image } from './decode-base64-image.ts';
import { inspectImage } from './inspect-image.ts';
import { checkOpenAIImageSize } from './openai-image-size.ts';
import { mapOpenAIError } from './openai-error-mapping.ts';
import { backoffMs } from './retry-delay.ts';

export const defaultOpenAIImageModelId = 'gpt-image-2';

export interface OpenAIImageModelOptions {
  /** The API key. Required unless `client` is given. Never logged or put in an error. */
  apiKey?: string;
  /** Any OpenAI-compatible base URL (default: the OpenAI API). */
  baseURL?: string;
  /** The image model (default `gpt-image-2`). */
  model?: string;
  /** A ready client (its own retries are turned off per request: this model retries itself). */
  client?: OpenAI;
  /** Retries after a retryable failure (rate limit, 5xx, network, timeout). Default 2. */
  maxRetries?: number;
  /** Deadline for one attempt, streaming included (default 300 000 ms). */
  timeoutMs?: number;
  /** The longest server-requested wait we sit through before retrying; a longer one fails at once with `retryAfterMs` (default 20 000 ms). */
  maxRetryDelayMs?: number;
  /** Stream the result (and partial previews). Default true; turn off for servers that cannot stream. */
  stream?: boolean;
  /** Injected for tests: waits between retries. */
  sleep?: (milliseconds: number, abortSignal?: AbortSignal) => Promise<void>;
}

export interface ListModelsOptions {
  abortSignal?: AbortSignal;
}

export interface OpenAIImageModel extends ImageModelV1 {
  /** The image models the key can use, sorted (e.g. `['gpt-image-1.5', 'gpt-image-2']`). */
  listModels(options?: ListModelsOptions): Promise<string[]>;
}

const mediaTypes: Record<string, ImageMediaType> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

function toUsage(usage: unknown): ImageUsage | undefined {
  if (typeof usage !== 'object' || usage === null) return undefined;
  const { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: totalTokens } = usage as Record<string, unknown>;
  const result: ImageUsage = {};
  if (typeof inputTokens === 'number') result.inputTokens = inputTokens;
  if (typeof outputTokens === 'number') result.outputTokens = outputTokens;
  if (typeof totalTokens === 'number') result.totalTokens = totalTokens;
  return Object.keys(result).length > 0 ? result : undefined;
}

function isImageModelId(id: string): boolean {
  return /^(gpt-image|chatgpt-image|dall-e)/.test(id) || /(^|-)image(-|$)/.test(id);
}

/** The warnings for options this model ignores or adjusts. */
function collectWarnings(request: ImageGenerationRequest, streaming: boolean): ImageGenerationWarning[] {
  const warnings: ImageGenerationWarning[] = [];
  if (request.seed !== undefined) {
    warnings.push({ type: 'unsupported-option', option: 'seed', message: 'OpenAI image models do not take a seed; it was ignored.' });
  }
  if (!streaming && (request.partialImages ?? 0) > 0) {
    warnings.push({ type: 'unsupported-option', option: 'partialImages', message: 'Partial previews need streaming, which is turned off for this model.' });
  }
  if (request.outputCompression !== undefined && (request.outputFormat ?? 'png') === 'png') {
    warnings.push({ type: 'unsupported-option', option: 'outputCompression', message: 'outputCompression applies to JPEG and WebP only; it was ignored for PNG.' });
  }
  return warnings;
}

interface Attempt {
  signal: AbortSignal;
  state: { timedOut: boolean };
  dispose(): void;
}

function startAttempt(abortSignal: AbortSignal | undefined, timeoutMs: number): Attempt {
  const controller = new AbortController();
  const state = { timedOut: false };
  const onAbort = (): void => controller.abort(abortSignal?.reason);
  abortSignal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    state.timedOut = true;
    controller.abort(new Error('timeout'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    state,
    dispose() {
      clearTimeout(timer);
      abortSignal?.removeEventListener('abort', onAbort);
    },
  };
}

export function createOpenAIImageModel(options: OpenAIImageModelOptions = {}): OpenAIImageModel {
  const modelId = options.model ?? defaultOpenAIImageModelId;
  if (options.client === undefined && (options.apiKey === undefined || options.apiKey.trim() === '')) {
    throw new ImageGenerationError({ code: 'authentication', message: 'No OpenAI API key is set. Add one in Settings → Account.' });
  }
  const client =
    options.client ?? new OpenAI({ apiKey: options.apiKey, ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }), maxRetries: 0 });
  const maxRetries = options.maxRetries ?? 2;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 20_000;
  const streaming = options.stream ?? true;
  const sleep = options.sleep ?? abortableSleep;
  const secrets = options.apiKey === undefined ? [] : [options.apiKey];

  /** The request body shared by generate and edit. */
  function body(request: ImageGenerationRequest): Record<string, unknown> {
    return {
      model: modelId,
      prompt: request.prompt,
      n: 1,
      ...(request.size === undefined ? {} : { size: request.size }),
      ...(request.quality === undefined ? {} : { quality: request.quality }),
      ...(request.background === undefined ? {} : { background: request.background }),
      ...(request.outputFormat === undefined ? {} : { output_format: request.outputFormat }),
      ...(request.outputCompression === undefined || (request.outputFormat ?? 'png') === 'png' ? {} : { output_compression: request.outputCompression }),
      ...(request.moderation === undefined ? {} : { moderation: request.moderation }),
      ...(streaming ? { stream: true, partial_images: request.partialImages ?? 0 } : {}),
    };
  }

  async function send(request: ImageGenerationRequest, signal: AbortSignal): Promise<unknown> {
    const requestOptions = { signal, maxRetries: 0, timeout: timeoutMs };
    const parameters = body(request) as unknown as OpenAI.Images.ImageGenerateParams;
    if (request.inputImages === undefined || request.inputImages.length === 0) {
      return client.images.generate(parameters, requestOptions);
    }
    const image = await Promise.all(
      request.inputImages.map((bytes, index) => {
        const info = inspectImage(bytes);
        const extension = info.mediaType.slice('image/'.length);
        return toFile(bytes, `reference-${index + 1}.${extension}`, { type: info.mediaType });
      }),
    );
    return client.images.edit({ ...(parameters as unknown as OpenAI.Images.ImageEditParams), image }, requestOptions);
  }

  async function* attemptOnce(
    request: ImageGenerationRequest,
    attempt: Attempt,
    warnings: ImageGenerationWarning[],
    progress: { partials: number },
  ): AsyncGenerator<ImageGenerationEvent> {
    const format = request.outputFormat ?? 'png';
    const mediaType = mediaTypes[format] ?? 'image/png';
    const answer = await send(request, attempt.signal);
    const completed = (bytes: Uint8Array, usage: unknown, revisedPrompt: unknown): ImageGenerationEvent => {
      const info = inspectImage(bytes);
      const mapped = toUsage(usage);
      return {
        type: 'completed',
        bytes,
        mediaType: info.mediaType,
        width: info.width,
        height: info.height,
        model: modelId,
        warnings,
        ...(typeof revisedPrompt === 'string' && revisedPrompt !== '' ? { revisedPrompt } : {}),
        ...(mapped === undefined ? {} : { usage: mapped }),
      };
    };
    if (typeof answer === 'string') {
      throw new ImageGenerationError({
        code: 'invalid_output',
        message: 'The image service answered with a web page or text instead of an image. Check the base URL points at an OpenAI-compatible API.',
      });
    }
    if (!(Symbol.asyncIterator in (answer as object))) {
      const response = answer as OpenAI.Images.ImagesResponse;
      const first = response.data?.[0];
      if (first === undefined) throw new ImageGenerationError({ code: 'invalid_output', message: `The model ${modelId} returned no image.` });
      yield completed(decodeBase64Image(first.b64_json), response.usage, first.revised_prompt);
      return;
    }
    for await (const event of answer as AsyncIterable<{ type?: unknown; b64_json?: unknown; partial_image_index?: unknown; usage?: unknown }>) {
      if (event.type === 'image_generation.partial_image' || event.type === 'image_edit.partial_image') {
        const index = typeof event.partial_image_index === 'number' ? event.partial_image_index : progress.partials;
        progress.partials += 1;
        yield { type: 'partial', index, bytes: decodeBase64Image(event.b64_json, 'partial image'), mediaType };
      } else if (event.type === 'image_generation.completed' || event.type === 'image_edit.completed') {
        yield completed(decodeBase64Image(event.b64_json), event.usage, undefined);
        return;
      }
    }
    if (attempt.signal.aborted) throw attempt.signal.reason;
    throw new ImageGenerationError({ code: 'invalid_output', message: `The image stream from ${modelId} ended without an image.` });
  }

  async function* generate(request: ImageGenerationRequest, generateOptions: ImageGenerateOptions = {}): AsyncGenerator<ImageGenerationEvent> {
    const { abortSignal } = generateOptions;
    checkOpenAIImageSize(modelId, request.size);
    const warnings = collectWarnings(request, streaming);
    yield { type: 'started', model: modelId, prompt: request.prompt };
    const progress = { partials: 0 };
    for (let retry = 0; ; retry += 1) {
      const attempt = startAttempt(abortSignal, timeoutMs);
      try {
        yield* attemptOnce(request, attempt, warnings, progress);
        return;
      } catch (error) {
        const mapped = mapOpenAIError(error, {
          model: modelId,
          cancelled: abortSignal?.aborted === true,
          timedOut: attempt.state.timedOut,
          timeoutMs,
          secrets,
        });
        // After a partial preview the stream cannot resume, and quota or policy never heal by retrying.
        if (!mapped.retryable || retry >= maxRetries || progress.partials > 0) throw mapped;
        const wait = mapped.retryAfterMs ?? backoffMs(retry);
        if (wait > maxRetryDelayMs) throw mapped;
        await sleep(wait, abortSignal);
      } finally {
        attempt.dispose();
      }
    }
  }

  async function listModels(listOptions: ListModelsOptions = {}): Promise<string[]> {
    try {
      const ids: string[] = [];
      for await (const model of client.models.list({ maxRetries, timeout: timeoutMs, ...(listOptions.abortSignal ? { signal: listOptions.abortSignal } : {}) })) {
        if (isImageModelId(model.id)) ids.push(model.id);
      }
      return ids.sort();
    } catch (error) {
      throw mapOpenAIError(error, { model: modelId, cancelled: listOptions.abortSignal?.aborted === true, secrets });
    }
  }

  return { specificationVersion: 'v1', provider: 'openai', modelId, generate, listModels };
}
