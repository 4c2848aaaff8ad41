// The Game Icons set as the offline model reads it: the icon bodies from the
// @iconify-json/game-icons package (CC BY 3.0), turned into polygons once per icon and
// process. The package's icons.json (6 MB) is parsed on the first concept art only, and
// only the icons the subject table names are kept; nothing is fetched at run time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { conceptSubjects, type ConceptSubject } from './concept-subjects.ts';
import type { Contours } from './fill-contours.ts';
import { pathToContours } from './icon-path.ts';

interface IconSetFile {
  icons?: Record<string, { body?: unknown } | undefined>;
}

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

let bodies: Map<string, string> | undefined;
const shapes = new Map<string, IconShape>();

function loadBodies(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const file = JSON.parse(readFileSync(require.resolve('@iconify-json/game-icons/icons.json'), 'utf8')) as IconSetFile;
  const wanted = new Set(conceptSubjects.map((subject) => subject.icon));
  const kept = new Map<string, string>();
  for (const name of wanted) {
    const body = file.icons?.[name]?.body;
    if (typeof body === 'string') kept.set(name, body);
  }
  return kept;
}

/** The icon's outline, or undefined when the installed set has no such icon. */
export function iconShape(name: string): IconShape | undefined {
  const cached = shapes.get(name);
  if (cached !== undefined) return cached;
  bodies ??= loadBodies();
  const body = bodies.get(name);
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
