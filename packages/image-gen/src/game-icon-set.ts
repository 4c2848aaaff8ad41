// The Game Icons set as the offline model reads it: the icon bodies from the
// @iconify-json/game-icons package (CC BY 3.0), turned into polygons once per icon and
// process; nothing is fetched at run time. The package's icons.json (6 MB) is read on the
// first concept art, but never parsed whole (that took ~45 ms, most of a picture's budget on
// a first request): each icon's body is found by its key and only that string is parsed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import type { ConceptSubject } from './concept-subjects.ts';
import type { Contours } from './fill-contours.ts';
import { pathToContours } from './icon-path.ts';

export interface IconShape {
  contours: Contours;
  /** The icons' square canvas (512 units). */
  size: number;
  /** The box the drawing fills inside it. */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export const iconSetName = 'Game Icons';
export const iconSetLicense = 'CC BY 3.0';
export const iconSetUrl = 'https://game-icons.net';

let setText: string | undefined;
const shapes = new Map<string, IconShape>();

/** The icon's SVG body from icons.json: `"<name>": { "body": "<JSON string>" }` (aliases have no body). */
export function iconBody(name: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(name)) return undefined;
  setText ??= readFileSync(createRequire(import.meta.url).resolve('@iconify-json/game-icons/icons.json'), 'utf8');
  const literal = new RegExp(`"${name}":\\s*\\{\\s*"body":\\s*("(?:[^"\\\\]|\\\\.)*")`).exec(setText)?.[1];
  return literal === undefined ? undefined : (JSON.parse(literal) as string);
}

/** The icon's outline, or undefined when the installed set has no such icon. */
export function iconShape(name: string): IconShape | undefined {
  const cached = shapes.get(name);
  if (cached !== undefined) return cached;
  const body = iconBody(name);
  if (body === undefined) return undefined;
  const contours = [...body.matchAll(/\sd="([^"]+)"/g)].flatMap((match) => pathToContours(match[1] ?? ''));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const contour of contours) {
    for (let index = 0; index + 1 < contour.length; index += 2) {
      const x = contour[index] ?? 0;
      const y = contour[index + 1] ?? 0;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  if (contours.length === 0) return undefined;
  const shape = { contours, size: 512, minX, minY, maxX, maxY };
  shapes.set(name, shape);
  return shape;
}

/** The attribution the licence asks for, as it goes into the image's provenance. */
export function iconCredit(subject: ConceptSubject): string {
  return `Silhouette "${subject.icon}" by ${subject.author} from ${iconSetName} (${iconSetUrl}), ${iconSetLicense}`;
}
