// Checks a request before any model sees it: bad input is an `invalid_request` error that
// says what to change, never a surprise from deep inside a backend.
import { ImageGenerationError } from './image-generation-error.ts';
import type { ImageGenerationRequest } from './image-model-spec.ts';

export const maxPromptLength = 32_000;

const allowed = {
  quality: ['auto', 'low', 'medium', 'high'],
  background: ['auto', 'opaque', 'transparent'],
  outputFormat: ['png', 'jpeg', 'webp'],
  moderation: ['auto', 'low'],
} as const;

function invalid(message: string): ImageGenerationError {
  return new ImageGenerationError({ code: 'invalid_request', message });
}

/** `auto` → undefined; `WxH` → the numbers; anything else throws `invalid_request`. */
export function parseImageSize(size: string | undefined): { width: number; height: number } | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const match = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(size);
  if (!match) throw invalid(`Image size "${size}" is not "auto" or WIDTHxHEIGHT (for example 1024x1024 or 1536x1024).`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Throws `invalid_request` for a request no model could honour. */
export function validateImageRequest(request: ImageGenerationRequest): void {
  if (typeof request.prompt !== 'string' || request.prompt.trim() === '') {
    throw invalid('The image prompt is empty: describe the picture you want.');
  }
  if (request.prompt.length > maxPromptLength) {
    throw invalid(`The image prompt is ${request.prompt.length} characters long; shorten it to at most ${maxPromptLength}.`);
  }
  parseImageSize(request.size);
  for (const option of ['quality', 'background', 'outputFormat', 'moderation'] as const) {
    const value = request[option];
    if (value !== undefined && !(allowed[option] as readonly string[]).includes(value)) {
      throw invalid(`Image option ${option} "${value}" is not one of: ${allowed[option].join(', ')}.`);
    }
  }
  const { partialImages, outputCompression } = request;
  if (partialImages !== undefined && (!Number.isInteger(partialImages) || partialImages < 0 || partialImages > 3)) {
    throw invalid(`partialImages must be a whole number from 0 to 3 (got ${String(partialImages)}).`);
  }
  if (outputCompression !== undefined && (!Number.isInteger(outputCompression) || outputCompression < 0 || outputCompression > 100)) {
    throw invalid(`outputCompression must be a whole number from 0 to 100 (got ${String(outputCompression)}).`);
  }
  if (request.background === 'transparent' && request.outputFormat === 'jpeg') {
    throw invalid('A transparent background needs PNG or WebP output; JPEG has no transparency.');
  }
}
