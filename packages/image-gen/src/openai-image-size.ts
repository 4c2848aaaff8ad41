// The size rules of OpenAI's image models: gpt-image-2 (and later) accept custom WxH within
// limits; older GPT image models accept three fixed sizes. Unknown models are not checked.
import { ImageGenerationError } from './image-generation-error.ts';
import { parseImageSize } from './request-validation.ts';

const fixedSizes = ['1024x1024', '1536x1024', '1024x1536'];
const minPixels = 655_360;
const maxPixels = 8_294_400;
const maxEdge = 3_840;

/** Models that take any `WxH` within the rules below. */
export function acceptsCustomSize(model: string): boolean {
  return /^gpt-image-(2|[3-9])/.test(model);
}

function hasFixedSizes(model: string): boolean {
  return /^(gpt-image-1|chatgpt-image)/.test(model);
}

function roundTo16(value: number): number {
  return Math.max(16, Math.round(value / 16) * 16);
}

/** The nearest size the custom-size rules accept, keeping the aspect ratio as far as they allow. */
export function nearestCustomSize(width: number, height: number): string {
  const ratio = Math.min(3, Math.max(1 / 3, width / height));
  const pixels = Math.min(maxPixels, Math.max(minPixels, width * height));
  let w = Math.sqrt(pixels * ratio);
  let h = w / ratio;
  if (w > maxEdge || h > maxEdge) {
    const scale = maxEdge / Math.max(w, h);
    w *= scale;
    h *= scale;
  }
  let roundedW = roundTo16(w);
  let roundedH = roundTo16(h);
  // Rounding can push a limit over by one step; nudge the offending side back, a bounded number of times.
  for (let step = 0; step < 64; step += 1) {
    if (roundedW * roundedH > maxPixels || Math.max(roundedW, roundedH) > maxEdge) {
      if (roundedW >= roundedH) roundedW -= 16;
      else roundedH -= 16;
    } else if (roundedW > 3 * roundedH) roundedW -= 16;
    else if (roundedH > 3 * roundedW) roundedH -= 16;
    else if (roundedW * roundedH < minPixels) {
      if (roundedW <= roundedH) roundedW += 16;
      else roundedH += 16;
    } else break;
  }
  return `${roundedW}x${roundedH}`;
}

/** Throws `invalid_request` (naming the nearest valid size) when `model` cannot draw `size`. */
export function checkOpenAIImageSize(model: string, size: string | undefined): void {
  const parsed = parseImageSize(size);
  if (parsed === undefined || size === undefined) return;
  const { width, height } = parsed;
  if (acceptsCustomSize(model)) {
    const problems: string[] = [];
    if (width % 16 !== 0 || height % 16 !== 0) problems.push('both sides must be multiples of 16');
    if (width / height > 3 || height / width > 3) problems.push('the aspect ratio must be between 1:3 and 3:1');
    if (width > maxEdge || height > maxEdge) problems.push(`no side may exceed ${maxEdge} px`);
    if (width * height > maxPixels) problems.push(`at most ${maxPixels.toLocaleString('en')} pixels (3840x2160)`);
    if (width * height < minPixels) problems.push(`at least ${minPixels.toLocaleString('en')} pixels (e.g. 1024x640)`);
    if (problems.length > 0) {
      throw new ImageGenerationError({
        code: 'invalid_request',
        message: `${model} cannot draw ${size}: ${problems.join('; ')}. Try ${nearestCustomSize(width, height)}.`,
      });
    }
    return;
  }
  if (hasFixedSizes(model) && !fixedSizes.includes(size)) {
    throw new ImageGenerationError({
      code: 'invalid_request',
      message: `${model} only draws ${fixedSizes.join(', ')} or auto (got ${size}). Choose one of those, or use gpt-image-2 for custom sizes.`,
    });
  }
}
