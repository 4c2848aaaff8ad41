// The image model spec: only types. Every model (OpenAI, offline, Codex's tool) implements it,
// and every host consumes the same event stream. Versioned: change the shape, bump the version.
import type { ImageGenerationError } from './image-generation-error.ts';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/webp';
export type ImageOutputFormat = 'png' | 'jpeg' | 'webp';
/** `auto`, one of the model's fixed sizes, or a custom `WxH` the model accepts. */
export type ImageSize = 'auto' | `${number}x${number}`;
export type ImageQuality = 'auto' | 'low' | 'medium' | 'high';
export type ImageBackground = 'auto' | 'opaque' | 'transparent';
export type ImageModeration = 'auto' | 'low';

export interface ImageGenerationRequest {
  prompt: string;
  size?: ImageSize;
  quality?: ImageQuality;
  background?: ImageBackground;
  outputFormat?: ImageOutputFormat;
  /** 0–100, for jpeg and webp. */
  outputCompression?: number;
  /** How many progressive previews to stream (0–3). */
  partialImages?: number;
  moderation?: ImageModeration;
  /** Makes deterministic models repeatable; ignored (with a warning) elsewhere. */
  seed?: number;
  /** Reference images for an edit. */
  inputImages?: readonly Uint8Array[];
}

/** An option the model could not honour: reported, never thrown. */
export interface ImageGenerationWarning {
  type: 'unsupported-option' | 'adjusted-option' | 'other';
  option?: keyof ImageGenerationRequest;
  message: string;
}

export interface ImageUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
}

export interface GeneratedImage {
  bytes: Uint8Array;
  mediaType: ImageMediaType;
  width: number;
  height: number;
  /** What the model actually drew from, when it rewrote the prompt. */
  revisedPrompt?: string;
  /** The model that actually produced the image. */
  model: string;
  usage?: ImageUsage;
  warnings: ImageGenerationWarning[];
  /** Free-form facts a host may show (e.g. `{ offlinePreview: true }`). */
  metadata?: Record<string, string | number | boolean>;
}

export type ImageGenerationEvent =
  | { type: 'started'; model: string; prompt: string }
  | { type: 'partial'; index: number; bytes: Uint8Array; mediaType: ImageMediaType }
  | ({ type: 'completed' } & GeneratedImage)
  | { type: 'failed'; error: ImageGenerationError };

export interface ImageGenerateOptions {
  abortSignal?: AbortSignal;
}

export interface ImageModelV1 {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  generate(request: ImageGenerationRequest, options?: ImageGenerateOptions): AsyncIterable<ImageGenerationEvent>;
}

export type ImageModel = ImageModelV1;
