// @forge/image-gen: the image model spec, the event stream of one generation, the error
// taxonomy, output validation, and the OpenAI and offline models.
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
export { validateImageRequest, parseImageSize } from './request-validation.ts';
export { inspectImage } from './inspect-image.ts';
export type { ImageInfo } from './inspect-image.ts';
export { checkInputImage, maxInputImageBytes, maxInputImagePixels } from './input-image-check.ts';
export type { CheckInputImageOptions, InputImageInfo } from './input-image-check.ts';
export { checkGeneratedImage } from './image-result-check.ts';
export { planOfflineEdit } from './offline-edit.ts';
export type { OfflineEditOperation, OfflineEditPlan } from './offline-edit.ts';
export type { ImageResultCheck, ImageResultRequest } from './image-result-check.ts';
export { decodeBase64Image } from './decode-base64-image.ts';
export { createOfflineImageModel, offlineModelId } from './offline-image-model.ts';
export type { OfflineImageModelOptions } from './offline-image-model.ts';
export { drawOfflinePicture, offlineSceneFor } from './offline-picture.ts';
export type { OfflineScene } from './offline-picture.ts';
export { createOpenAIImageModel, defaultOpenAIImageModelId } from './openai-image-model.ts';
export type { ListModelsOptions, OpenAIImageModel, OpenAIImageModelOptions } from './openai-image-model.ts';
export { checkOpenAIImageSize } from './openai-image-size.ts';
export { mapOpenAIError } from './openai-error-mapping.ts';
export type { OpenAIErrorContext } from './openai-error-mapping.ts';
export { redactSecrets } from './redact-secrets.ts';
