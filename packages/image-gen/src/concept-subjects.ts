// The subjects concept art can draw: words people use for a main subject → a silhouette
// from the Game Icons set (@iconify-json/game-icons, CC BY 3.0) and its author, who must be
// credited ("Icons made by {author}"). The author is each icon's folder in the set's
// source repository (github.com/game-icons/icons), checked by hand when this table was
// written: when an icon is added here, look its author up there. `placement` says where
// the subject sits in the scene. The icons are picked to read well as silhouettes.
export type SubjectPlacement = 'sky' | 'ground' | 'water';

export interface ConceptSubject {
  /** Lower-case words (or hyphenated pairs, matched with a space too), singular; plurals match. */
  words: readonly string[];
  /** The icon's name in the set. */
  icon: string;
  author: string;
  placement: SubjectPlacement;
}

export const conceptSubjects: readonly ConceptSubject[] = [
  // In the sky
  { words: ['airship', 'zeppelin', 'blimp', 'dirigible'], icon: 'zeppelin', author: 'Skoll', placement: 'sky' },
  { words: ['balloon'], icon: 'air-balloon', author: 'Delapouite', placement: 'sky' },
  { words: ['jet', 'fighter'], icon: 'jet-fighter', author: 'Delapouite', placement: 'sky' },
  { words: ['airplane', 'plane', 'aircraft'], icon: 'airplane', author: 'Skoll', placement: 'sky' },
  { words: ['helicopter'], icon: 'helicopter', author: 'Delapouite', placement: 'sky' },
  { words: ['starfighter', 'x-wing'], icon: 'starfighter', author: 'Delapouite', placement: 'sky' },
  { words: ['spaceship', 'starship', 'spacecraft'], icon: 'spaceship', author: 'Delapouite', placement: 'sky' },
  { words: ['ufo', 'saucer'], icon: 'ufo', author: 'Delapouite', placement: 'sky' },
  { words: ['rocket'], icon: 'rocket', author: 'Lorc', placement: 'sky' },
  { words: ['dragon', 'dragons', 'wyvern', 'drake'], icon: 'wyvern', author: 'Lorc', placement: 'sky' },
  { words: ['raven', 'crow'], icon: 'raven', author: 'Lorc', placement: 'sky' },
  { words: ['bird', 'birds', 'seagull', 'gull'], icon: 'seagull', author: 'Delapouite', placement: 'sky' },
  { words: ['owl'], icon: 'owl', author: 'Lorc', placement: 'sky' },
  { words: ['bat', 'bats'], icon: 'bat', author: 'Skoll', placement: 'sky' },
  { words: ['pegasus'], icon: 'pegasus', author: 'Skoll', placement: 'sky' },
  { words: ['witch'], icon: 'witch-flight', author: 'Lorc', placement: 'sky' },
  { words: ['fairy'], icon: 'fairy', author: 'Lorc', placement: 'sky' },
  { words: ['satellite'], icon: 'satellite', author: 'Lorc', placement: 'sky' },
  // On the ground
  { words: ['castle', 'fortress', 'citadel', 'palace'], icon: 'elven-castle', author: 'Pepijn Poolman', placement: 'ground' },
  { words: ['cabin', 'cottage'], icon: 'wood-cabin', author: 'Delapouite', placement: 'ground' },
  { words: ['house', 'home', 'mansion'], icon: 'family-house', author: 'Delapouite', placement: 'ground' },
  { words: ['tower'], icon: 'white-tower', author: 'Lorc', placement: 'ground' },
  { words: ['lighthouse'], icon: 'lighthouse', author: 'Delapouite', placement: 'ground' },
  { words: ['windmill'], icon: 'windmill', author: 'Delapouite', placement: 'ground' },
  { words: ['temple', 'shrine'], icon: 'greek-temple', author: 'Delapouite', placement: 'ground' },
  { words: ['pyramid'], icon: 'great-pyramid', author: 'Delapouite', placement: 'ground' },
  { words: ['village'], icon: 'village', author: 'Delapouite', placement: 'ground' },
  { words: ['factory'], icon: 'factory', author: 'Delapouite', placement: 'ground' },
  { words: ['ruins'], icon: 'ancient-ruins', author: 'Delapouite', placement: 'ground' },
  { words: ['volcano'], icon: 'smoking-volcano', author: 'Delapouite', placement: 'ground' },
  { words: ['tree', 'oak'], icon: 'oak', author: 'Lorc', placement: 'ground' },
  { words: ['pine'], icon: 'pine-tree', author: 'Lorc', placement: 'ground' },
  { words: ['mushroom'], icon: 'mushroom', author: 'Lorc', placement: 'ground' },
  { words: ['cactus'], icon: 'cactus', author: 'Delapouite', placement: 'ground' },
  { words: ['palm'], icon: 'palm-tree', author: 'Delapouite', placement: 'ground' },
  { words: ['robot', 'android', 'automaton'], icon: 'vintage-robot', author: 'Lorc', placement: 'ground' },
  { words: ['mech'], icon: 'battle-mech', author: 'Delapouite', placement: 'ground' },
  { words: ['knight', 'paladin'], icon: 'mounted-knight', author: 'Skoll', placement: 'ground' },
  { words: ['warrior', 'swordsman', 'swordman'], icon: 'swordman', author: 'Cathelineau', placement: 'ground' },
  { words: ['wizard', 'mage', 'sorcerer'], icon: 'wizard-face', author: 'Delapouite', placement: 'ground' },
  { words: ['king', 'queen'], icon: 'throne-king', author: 'Delapouite', placement: 'ground' },
  { words: ['archer'], icon: 'archer', author: 'Delapouite', placement: 'ground' },
  { words: ['ninja'], icon: 'ninja-heroic-stance', author: 'DarkZaitzev', placement: 'ground' },
  { words: ['pirate'], icon: 'pirate-captain', author: 'Delapouite', placement: 'ground' },
  { words: ['giant'], icon: 'giant', author: 'Delapouite', placement: 'ground' },
  { words: ['troll'], icon: 'troll', author: 'Skoll', placement: 'ground' },
  { words: ['goblin'], icon: 'goblin', author: 'Caro Asercion', placement: 'ground' },
  { words: ['golem'], icon: 'rock-golem', author: 'Delapouite', placement: 'ground' },
  { words: ['ghost'], icon: 'ghost', author: 'Lorc', placement: 'ground' },
  { words: ['zombie'], icon: 'shambling-zombie', author: 'Delapouite', placement: 'ground' },
  { words: ['vampire'], icon: 'vampire-dracula', author: 'Delapouite', placement: 'ground' },
  { words: ['cat', 'kitten'], icon: 'cat', author: 'Lorc', placement: 'ground' },
  { words: ['dog', 'puppy'], icon: 'sitting-dog', author: 'Delapouite', placement: 'ground' },
  { words: ['wolf'], icon: 'wolf-howl', author: 'Lorc', placement: 'ground' },
  { words: ['fox'], icon: 'fox', author: 'Caro Asercion', placement: 'ground' },
  { words: ['bear'], icon: 'polar-bear', author: 'Cathelineau', placement: 'ground' },
  { words: ['unicorn'], icon: 'unicorn', author: 'Delapouite', placement: 'ground' },
  { words: ['deer', 'stag'], icon: 'deer', author: 'Caro Asercion', placement: 'ground' },
  { words: ['rabbit', 'bunny'], icon: 'rabbit', author: 'Delapouite', placement: 'ground' },
  { words: ['frog', 'toad'], icon: 'frog', author: 'Lorc', placement: 'ground' },
  { words: ['lion'], icon: 'lion', author: 'Lorc', placement: 'ground' },
  { words: ['tiger'], icon: 'tiger', author: 'Delapouite', placement: 'ground' },
  { words: ['elephant'], icon: 'elephant', author: 'Delapouite', placement: 'ground' },
  { words: ['dinosaur', 't-rex'], icon: 'dinosaur-rex', author: 'Lorc', placement: 'ground' },
  { words: ['raptor', 'velociraptor'], icon: 'velociraptor', author: 'Delapouite', placement: 'ground' },
  { words: ['rat', 'mouse'], icon: 'rat', author: 'Delapouite', placement: 'ground' },
  { words: ['spider'], icon: 'spider-alt', author: 'Carl Olsen', placement: 'ground' },
  { words: ['snake', 'serpent'], icon: 'snake', author: 'Lorc', placement: 'ground' },
  { words: ['tortoise', 'turtle'], icon: 'turtle', author: 'Lorc', placement: 'ground' },
  { words: ['scorpion'], icon: 'scorpion', author: 'Lorc', placement: 'ground' },
  { words: ['penguin'], icon: 'penguin', author: 'Delapouite', placement: 'ground' },
  { words: ['gorilla', 'ape'], icon: 'gorilla', author: 'Delapouite', placement: 'ground' },
  { words: ['werewolf'], icon: 'werewolf', author: 'Lorc', placement: 'ground' },
  { words: ['minotaur'], icon: 'minotaur', author: 'Lorc', placement: 'ground' },
  { words: ['hydra'], icon: 'hydra', author: 'Lorc', placement: 'ground' },
  { words: ['centaur'], icon: 'centaur', author: 'Delapouite', placement: 'ground' },
  { words: ['car'], icon: 'city-car', author: 'Delapouite', placement: 'ground' },
  { words: ['truck'], icon: 'truck', author: 'Delapouite', placement: 'ground' },
  { words: ['tank'], icon: 'battle-tank', author: 'Lorc', placement: 'ground' },
  { words: ['train', 'locomotive'], icon: 'steam-locomotive', author: 'Delapouite', placement: 'ground' },
  { words: ['chest', 'treasure'], icon: 'open-treasure-chest', author: 'Skoll', placement: 'ground' },
  { words: ['crystal', 'crystals'], icon: 'crystal-cluster', author: 'Lorc', placement: 'ground' },
  { words: ['tent', 'camp'], icon: 'camping-tent', author: 'Delapouite', placement: 'ground' },
  { words: ['bridge'], icon: 'stone-bridge', author: 'Delapouite', placement: 'ground' },
  { words: ['anvil'], icon: 'anvil', author: 'Lorc', placement: 'ground' },
  { words: ['campfire', 'bonfire'], icon: 'campfire', author: 'Lorc', placement: 'ground' },
  { words: ['hero', 'adventurer', 'traveler', 'traveller', 'wanderer'], icon: 'hooded-figure', author: 'DarkZaitzev', placement: 'ground' },
  { words: ['person', 'character', 'man', 'woman'], icon: 'person', author: 'Delapouite', placement: 'ground' },
  // On or in the water
  { words: ['ship', 'galleon', 'pirate-ship', 'sailing-ship'], icon: 'galleon', author: 'Lorc', placement: 'water' },
  { words: ['boat', 'sailboat', 'yacht'], icon: 'sailboat', author: 'Delapouite', placement: 'water' },
  { words: ['longship', 'drakkar', 'viking'], icon: 'drakkar-dragon', author: 'Delapouite', placement: 'water' },
  { words: ['submarine'], icon: 'submarine', author: 'Delapouite', placement: 'water' },
  { words: ['whale'], icon: 'whale-tail', author: 'Delapouite', placement: 'water' },
  { words: ['shark'], icon: 'shark-fin', author: 'Delapouite', placement: 'water' },
  { words: ['octopus'], icon: 'octopus', author: 'Lorc', placement: 'water' },
  { words: ['kraken', 'squid'], icon: 'giant-squid', author: 'Delapouite', placement: 'water' },
  { words: ['dolphin'], icon: 'dolphin', author: 'Delapouite', placement: 'water' },
  { words: ['jellyfish'], icon: 'jellyfish', author: 'Lorc', placement: 'water' },
  { words: ['sea-turtle'], icon: 'sea-turtle', author: 'Delapouite', placement: 'water' },
  { words: ['island'], icon: 'island', author: 'Delapouite', placement: 'water' },
  { words: ['mermaid'], icon: 'mermaid', author: 'Delapouite', placement: 'water' },
  { words: ['leviathan', 'sea-serpent'], icon: 'sea-dragon', author: 'Lorc', placement: 'water' },
  { words: ['steamboat', 'steamer'], icon: 'paddle-steamer', author: 'Delapouite', placement: 'water' },
];

function escapeWord(word: string): string {
  return word.replace(/[-\s]/g, '[-\\s]?');
}

// Longest first, so "pirate ship" wins over "pirate" where both start.
const allWords = conceptSubjects.flatMap((subject) => subject.words).sort((a, b) => b.length - a.length);
const subjectPattern = new RegExp(`\\b(${allWords.map(escapeWord).join('|')})(?:s|es)?\\b`, 'g');
const squash = (word: string): string => word.replace(/[-\s]/g, '');
const subjectByWord = new Map(conceptSubjects.flatMap((subject) => subject.words.map((word) => [squash(word), subject] as const)));

/** The subject the prompt names first (lower-cased text), if the table knows one. */
export function conceptSubjectFor(words: string): ConceptSubject | undefined {
  for (const match of words.matchAll(subjectPattern)) {
    const subject = subjectByWord.get(squash(match[1] ?? ''));
    if (subject !== undefined) return subject;
  }
  return undefined;
}
