export type {
  GeneratedImage,
  ImageBackground,
  ImageGenerateOptions,
  ImageGenerationEvent,
  ImageGenerationRequest,
  ImageGenerationWarning,
  ImageMediaType,
  ImageModel,
  ImageModelV1,
  ImageModeration,
  ImageOutputFormat,
  ImageQuality,
  ImageSize,
  ImageUsage,
} from './image-model-spec.ts';
export { ImageGenerationError } from './image-generation-error.ts';
export type { ImageGenerationErrorCode, ImageGenerationErrorOptions } from './image-generation-error.ts';
export { generateImage, streamImage, toImageGenerationError } from './generate-image.ts';
export type { GenerateImageOptions, StreamImageOptions } from './generate-image.ts';
export { inspectImage } from './inspect-image.ts';
export type { ImageInfo } from './inspect-image.ts';
export { createOfflineImageModel, drawOfflinePicture, offlineModelId } from './offline-image-model.ts';
export type { OfflineImageModelOptions } from './offline-image-model.ts';
