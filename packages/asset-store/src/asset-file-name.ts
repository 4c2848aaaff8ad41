// How files in `generated/` are named: `<timestamp>[-n].<ext>` for assets and
// `.<name>.tmp-<pid>-<random>` for temporaries that must never be listed.
import { randomBytes } from 'node:crypto';

import type { ImageMediaType } from '@forge/image-gen';

import { parseTimestamp } from './format-timestamp.ts';

const extensions: Record<ImageMediaType, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' };
const temporaryPattern = /^\.(.+)\.tmp-(\d+)-[0-9a-f]+$/;
const assetNamePattern = /^(\d{8}-\d{6}-\d{3})(?:-(\d+))?\.[^.]+$/;

export function extensionFor(mediaType: ImageMediaType): string {
  return extensions[mediaType];
}

/** `<stem>.png`, `<stem>-2.png`, `<stem>-3.png`, … for attempt 1, 2, 3, … */
export function candidateName(stem: string, extension: string, attempt: number): string {
  return attempt <= 1 ? `${stem}${extension}` : `${stem}-${attempt}${extension}`;
}

export function temporaryName(finalName: string, pid: number): string {
  return `.${finalName}.tmp-${pid}-${randomBytes(6).toString('hex')}`;
}

/** The writer's pid when `name` is one of our temporaries. */
export function parseTemporaryName(name: string): { pid: number } | undefined {
  const match = temporaryPattern.exec(name);
  return match === null ? undefined : { pid: Number(match[2]) };
}

/** Hidden entries (temporaries, `.DS_Store`, editors' swap files) are never assets. */
export function isHiddenName(name: string): boolean {
  return name.startsWith('.');
}

/** The timestamp and collision number a store-made name carries, if any. */
export function parseAssetName(name: string): { createdAt: Date; counter: number } | undefined {
  const match = assetNamePattern.exec(name);
  if (match === null) return undefined;
  const createdAt = parseTimestamp(match[1] ?? '');
  if (createdAt === undefined) return undefined;
  return { createdAt, counter: match[2] === undefined ? 1 : Number(match[2]) };
}
