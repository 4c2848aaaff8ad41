import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { describe, expect, it } from 'vitest';

import { conceptSubjectFor, conceptSubjects } from './concept-subjects.ts';

const require = createRequire(import.meta.url);
const iconSet = JSON.parse(readFileSync(require.resolve('@iconify-json/game-icons/icons.json'), 'utf8')) as { icons: Record<string, { body: string }> };
const info = JSON.parse(readFileSync(require.resolve('@iconify-json/game-icons/info.json'), 'utf8')) as { license: { spdx: string } };

// The contributors the set's licence file names (github.com/game-icons/icons, license.txt).
const contributors = new Set([
  'Lorc', 'Delapouite', 'John Colburn', 'Felbrigg', 'John Redman', 'Carl Olsen', 'Sbed', 'PriorBlue', 'Willdabeast', 'Viscious Speed',
  'Lord Berandas', 'Irongamer', 'HeavenlyDog', 'Lucas', 'Faithtoken', 'Skoll', 'Andy Meneely', 'Cathelineau', 'Kier Heyl', 'Aussiesim',
  'Sparker', 'Zeromancer', 'Rihlsul', 'Quoting', 'Guard13007', 'DarkZaitzev', 'SpencerDub', 'GeneralAce135', 'Zajkonur', 'Catsu',
  'Starseeker', 'Pepijn Poolman', 'Pierre Leducq', 'Caro Asercion', 'SeregaCthtuf',
]);

describe('concept subjects', () => {
  it('names only icons the installed set has, each credited to one of its contributors', () => {
    expect(info.license.spdx).toBe('CC-BY-3.0');
    for (const subject of conceptSubjects) {
      expect(iconSet.icons[subject.icon]?.body, subject.icon).toContain(' d="');
      expect(contributors.has(subject.author), `${subject.icon}: ${subject.author}`).toBe(true);
    }
  });

  it('gives each word one subject', () => {
    const words = conceptSubjects.flatMap((subject) => subject.words);
    expect(new Set(words).size).toBe(words.length);
  });

  it.each([
    ['a steampunk airship', 'zeppelin'],
    ['three airships', 'zeppelin'],
    ['dragons', 'wyvern'],
    ['a pirate ship', 'galleon'],
    ['the pirate', 'pirate-captain'],
    ['a t-rex', 'dinosaur-rex'],
    ['a t rex', 'dinosaur-rex'],
    ['a cat and a dog', 'cat'],
    ['a dog and a cat', 'sitting-dog'],
  ])('%s → %s (the first subject named, longest words first)', (words, icon) => {
    expect(conceptSubjectFor(words)?.icon).toBe(icon);
  });

  it.each(['a catalogue', 'shipping costs', 'a scatter plot', 'nothing here'])('%s → no subject (whole words only)', (words) => {
    expect(conceptSubjectFor(words)).toBeUndefined();
  });
});
