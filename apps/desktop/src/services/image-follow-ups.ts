// What one turn carries for the image follow-ups (issue 17) and what the session does with it
// for each image the turn draws: the lineage its file records, the folder it goes to, and the
// check of the result against what was asked.
import type { AgentImageOptions } from '@forge/agent';
import type { ProvenanceParent } from '@forge/asset-store';
import { checkGeneratedImage } from '@forge/image-gen';

import type { ChatPart } from '../contract/index.ts';
import { type CheckedInputImage, fileName } from './image-inputs.ts';
import type { Logger } from './logger.ts';

export interface TurnFollowUps {
  /** Checked, parent first. */
  images: readonly CheckedInputImage[];
  imageOptions?: AgentImageOptions;
  /** The thread's latest image (checked), which a follow-up in words may refine when the agent decides so. */
  latestImage?: CheckedInputImage;
}

/** The files a drawn image came from: those handed in, or the latest image when the backend says it refined it. */
export function parentsOf(followUps: TurnFollowUps, metadata: Readonly<Record<string, unknown>> | undefined): ProvenanceParent[] {
  if (followUps.images.length > 0) return lineageOf(followUps.images);
  const latest = followUps.latestImage;
  return latest !== undefined && metadata?.refinedFrom === latest.relativePath ? lineageOf([{ ...latest, role: 'parent' }]) : [];
}

/** Each image handed in, by path and hash, for the drawn image's provenance and ASSETS.md entry. */
export function lineageOf(images: readonly CheckedInputImage[]): ProvenanceParent[] {
  return images.map(({ relativePath, sha256, role }) => ({ relativePath, sha256, role }));
}

const spriteWords = /\bsprites?\b|\bsprite[- ]?sheets?\b/i;

/** A sprite on a transparent background is saved in `generated/sprites/`, the Asset studio's folder. */
export function saveKindFor(prompt: string, options: AgentImageOptions | undefined): { kind?: string } {
  return askedBackground(prompt, options) === 'transparent' && spriteWords.test(prompt) ? { kind: 'sprites' } : {};
}

/** The background asked for: the option, else "transparent" in the words. */
export function askedBackground(prompt: string, options: AgentImageOptions | undefined): AgentImageOptions['background'] {
  return options?.background ?? (/\btransparent\b/i.test(prompt) ? 'transparent' : undefined);
}

/** What the renderer shows on the image: its transparency and a warning per option it ignored. */
export async function checkResult(bytes: Uint8Array, prompt: string, options: AgentImageOptions | undefined, logger: Logger): Promise<{ hasTransparency?: boolean; warnings?: string[] }> {
  try {
    const check = await checkGeneratedImage(bytes, { size: options?.size, background: askedBackground(prompt, options) });
    return { hasTransparency: check.hasTransparency, ...(check.warnings.length === 0 ? {} : { warnings: check.warnings.map((warning) => warning.message) }) };
  } catch (error) {
    // The file is saved and valid (the store checked it); only the check is missing.
    logger.warn('could not check the generated image', error);
    return {};
  }
}

/** The line under the user's words naming what the request handed the model. */
export function requestChips(images: readonly CheckedInputImage[]): ChatPart[] {
  if (images.length === 0) return [];
  const named = images.map((image) => `${image.role === 'parent' ? 'Refine' : 'Reference'}: ${fileName(image.relativePath)}`);
  return [{ type: 'text', text: `\n\n(${named.join(' · ')})` }];
}
