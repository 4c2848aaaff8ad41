// sharp is an optional peer: only the offline model's JPEG and WebP output needs it, so a host
// that draws PNG (or uses the OpenAI model) installs nothing native. Without it, that path
// fails with a message that names the package to install.
import type Sharp from 'sharp';

import { ImageGenerationError } from './image-generation-error.ts';

type SharpFactory = typeof Sharp;

/** `import('sharp')`, or an `invalid_request` ImageGenerationError saying how to get it. */
export async function loadSharp(load: () => Promise<{ default: SharpFactory }> = () => import('sharp')): Promise<SharpFactory> {
  try {
    return (await load()).default;
  } catch (error) {
    throw new ImageGenerationError({
      code: 'invalid_request',
      message: 'JPEG and WebP output from the offline model needs the optional package sharp: install it (npm install sharp), or ask for PNG.',
      retryable: false,
      cause: error,
    });
  }
}
