// Checks a finished image against what was asked, because models do not always honour their
// options: a "transparent" picture with every pixel opaque, a size other than the one requested.
// The alpha channel is decoded (sharp), so the answer is the pixels', not the header's.
import type { ImageBackground, ImageGenerationWarning, ImageSize } from './image-model-spec.ts';
import { inspectImage } from './inspect-image.ts';
import { loadSharp } from './load-sharp.ts';
import { parseImageSize } from './request-validation.ts';

export interface ImageResultRequest {
  /** The size asked for; `auto` or absent is not checked. */
  size?: ImageSize | undefined;
  /** The background asked for; only `transparent` is checked. */
  background?: ImageBackground | undefined;
  /** Replaces `import('sharp')` (tests). */
  loadSharp?: typeof loadSharp | undefined;
}

export interface ImageResultCheck {
  width: number;
  height: number;
  /** Some pixel is not fully opaque: show it on a checkerboard. */
  hasTransparency: boolean;
  /** What the image does not do of what was asked, for a person to read on the image. */
  warnings: ImageGenerationWarning[];
}

/** The image's real size and transparency, and a warning for each option it ignored. */
export async function checkGeneratedImage(bytes: Uint8Array, request: ImageResultRequest = {}): Promise<ImageResultCheck> {
  const info = inspectImage(bytes);
  const warnings: ImageGenerationWarning[] = [];
  const asked = parseImageSize(request.size);
  if (asked !== undefined && (asked.width !== info.width || asked.height !== info.height)) {
    warnings.push({ type: 'adjusted-option', option: 'size', message: `Asked for ${asked.width} × ${asked.height}; the model drew ${info.width} × ${info.height}.` });
  }
  const sharp = await (request.loadSharp ?? loadSharp)();
  const image = sharp(bytes, { failOn: 'error' });
  // Without an alpha channel (or a PNG tRNS, which the decoder turns into one) every pixel is
  // opaque: the header says so without decoding. Otherwise only the alpha channel is read.
  const { hasAlpha } = await image.metadata();
  const isOpaque = !hasAlpha || (await image.extractChannel('alpha').raw().toBuffer()).every((alpha) => alpha === 255);
  if (request.background === 'transparent' && isOpaque) {
    warnings.push({ type: 'other', option: 'background', message: 'Asked for a transparent background, but every pixel of this image is opaque.' });
  }
  return { width: info.width, height: info.height, hasTransparency: !isOpaque, warnings };
}
