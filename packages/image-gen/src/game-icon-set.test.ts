import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { conceptSubjects } from './concept-subjects.ts';
import { iconBody, iconShape } from './game-icon-set.ts';

interface IconSetFile {
  icons: Record<string, { body: string }>;
  aliases?: Record<string, { parent: string }>;
}

const set = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@iconify-json/game-icons/icons.json'), 'utf8')) as IconSetFile;

describe('the Game Icons set, read without parsing it whole', () => {
  it('finds every icon the subject table names, exactly as the whole file parsed says', () => {
    for (const { icon } of conceptSubjects) expect(iconBody(icon), icon).toBe(set.icons[icon]?.body);
  });

  it('gives each subject an outline inside the 512-unit canvas', () => {
    for (const { icon } of conceptSubjects) {
      const shape = iconShape(icon);
      expect(shape?.contours.length, icon).toBeGreaterThan(0);
      expect(shape?.minX).toBeGreaterThanOrEqual(0);
      expect(shape?.maxY).toBeLessThanOrEqual(512);
    }
  });

  it('finds no body for a name that is not an icon, an alias, or text that is not a name', () => {
    const alias = Object.keys(set.aliases ?? {}).find((name) => set.icons[name] === undefined);
    for (const name of ['no-such-icon', 'body', '', '.*', '"zeppelin"', 'zeppelin":{"body', ...(alias === undefined ? [] : [alias])]) {
      expect(iconBody(name), name).toBeUndefined();
      expect(iconShape(name), name).toBeUndefined();
    }
  });

  it('does not take a name that ends another name for it', () => {
    // "ship" must not match the end of "sailing-ship" or a longer name's key.
    const names = Object.keys(set.icons).filter((name) => Object.keys(set.icons).some((other) => other !== name && other.endsWith(`-${name}`)));
    for (const name of names.slice(0, 50)) expect(iconBody(name), name).toBe(set.icons[name]?.body);
  });
});
