// What the offline model reads in a prompt: which kind of picture answers it, and the
// numbers and names that shape it. Rules, in order:
// 1. A UI element (button, toggle, slider, checkbox, text field; a card only next to a UI
//    word such as "ui", "app", "mock up") or "UI" / "wireframe" alone → a mock-up of that element
//    (a button when none is named) in N states: N from "three states" / "3 states", else the
//    state names the prompt lists, else the element's usual set.
// 2. A sprite sheet, sprite, or an animation cycle ("walk cycle", "running animation") → a
//    strip of N frames ("four-frame", "4 frames"; else the cycle's usual count) of that cycle
//    (walk, run, jump, idle, attack; walk when none is named).
// 3. A subject the icon table knows (concept-subjects.ts; the first one named) → concept art.
// 4. Anything else → the generic poster.
import { conceptSubjectFor, type ConceptSubject } from './concept-subjects.ts';

export type UiElement = 'button' | 'toggle' | 'slider' | 'checkbox' | 'text-field' | 'card';
export type SpriteCycle = 'walk' | 'run' | 'jump' | 'idle' | 'attack';

export type OfflinePlan =
  | { kind: 'ui-mockup'; element: UiElement; states: readonly string[] }
  | { kind: 'sprite-sheet'; cycle: SpriteCycle; frames: number }
  | { kind: 'concept-art'; subject: ConceptSubject }
  | { kind: 'scene' };

const numberWords: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, single: 1, pair: 2,
};
const numberPattern = '(\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|single|pair)';

function toNumber(word: string | undefined): number | undefined {
  if (word === undefined) return undefined;
  return numberWords[word] ?? (/^\d+$/.test(word) ? Number(word) : undefined);
}

/** The number written just before `noun` ("three states", "4-frame", "six different frames"). */
function countBefore(words: string, noun: string): number | undefined {
  const match = new RegExp(`\\b${numberPattern}(?:[-\\s]+(?:different|distinct|separate|little|small|key|animation|visual|interaction|ui))?[-\\s]+${noun}\\b`).exec(words);
  return toNumber(match?.[1]);
}

const elementWords: ReadonlyArray<readonly [RegExp, UiElement]> = [
  [/\b(buttons?|cta)\b/, 'button'],
  [/\b(toggles?|toggle switch(es)?|on\/off switch(es)?)\b/, 'toggle'],
  [/\b(sliders?|range input)\b/, 'slider'],
  [/\b(check ?box(es)?|tick ?box(es)?)\b/, 'checkbox'],
  [/\b(text ?fields?|input fields?|text ?inputs?|text ?box(es)?|search bar|form fields?|log[-\s]?in form|sign[-\s]?(in|up) form)\b/, 'text-field'],
];
const uiContext = /\b(ui|ux|user interface|interface|mock[-\s]?ups?|wireframes?|app|web ?site|web|component|widget|design system|screen|dashboard|material|flat design)\b/;
const cardWords = /\b((profile|product|pricing|info|content) cards?|cards?)\b/;

/** The states an element is usually shown in, in the order a designer lays them out. */
const stateSets: Readonly<Record<UiElement, readonly string[]>> = {
  button: ['Default', 'Hover', 'Pressed', 'Disabled', 'Focused', 'Loading'],
  toggle: ['Off', 'On', 'Disabled', 'Focused', 'Hover', 'Loading'],
  slider: ['Default', 'Hover', 'Dragging', 'Disabled', 'Focused', 'Stepped'],
  checkbox: ['Unchecked', 'Checked', 'Indeterminate', 'Disabled', 'Focused', 'Error'],
  'text-field': ['Empty', 'Focused', 'Filled', 'Error', 'Disabled', 'Read-only'],
  card: ['Default', 'Hover', 'Selected', 'Disabled', 'Loading', 'Error'],
};
/** How many states an element gets when the prompt does not say. */
const usualStates: Readonly<Record<UiElement, number>> = { button: 3, toggle: 2, slider: 3, checkbox: 3, 'text-field': 4, card: 2 };
/** For N states of a button, the most useful N (Focused earns its place at five). */
const buttonStatesFor: Readonly<Record<number, readonly string[]>> = {
  1: ['Default'],
  2: ['Default', 'Hover'],
  3: ['Default', 'Hover', 'Pressed'],
  4: ['Default', 'Hover', 'Pressed', 'Disabled'],
  5: ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled'],
  6: ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled', 'Loading'],
};
const stateNames: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(default|normal|idle|rest(ing)?|enabled)\b/, 'Default'],
  [/\b(hover(ed|ing)?|mouse[-\s]?over)\b/, 'Hover'],
  [/\b(press(ed)?|active|click(ed)?|tapped)\b/, 'Pressed'],
  [/\b(disabled|inactive|greyed|grayed)\b/, 'Disabled'],
  [/\b(focus(ed)?)\b/, 'Focused'],
  [/\b(loading|busy|spinner)\b/, 'Loading'],
];
export const maxUiStates = 6;

function uiStates(words: string, element: UiElement): readonly string[] {
  const asked = countBefore(words, '(?:states?|variants?|versions?|variations?)');
  if (asked !== undefined) {
    const count = Math.min(maxUiStates, Math.max(1, asked));
    return element === 'button' ? (buttonStatesFor[count] ?? stateSets.button) : stateSets[element].slice(0, count);
  }
  if (element === 'button') {
    const named = stateNames.filter(([pattern]) => pattern.test(words)).map(([, name]) => name);
    if (named.length >= 2) return named;
  }
  return stateSets[element].slice(0, usualStates[element]);
}

function uiElement(words: string): UiElement | undefined {
  const named = elementWords.find(([pattern]) => pattern.test(words))?.[1];
  if (named !== undefined) return named;
  if (cardWords.test(words) && uiContext.test(words)) return 'card';
  if (/\b(ui|user interface|wireframes?)\b/.test(words)) return 'button';
  return undefined;
}

const cycleWords: ReadonlyArray<readonly [RegExp, SpriteCycle]> = [
  [/^(run(ning|s)?|sprint(ing)?|dash(ing)?)$/, 'run'],
  [/^(jump(ing|s)?|leap(ing)?|hop(ping)?)$/, 'jump'],
  [/^(attack(ing|s)?|slash(ing)?|swing(ing)?|strike|punch(ing)?|fight(ing)?)$/, 'attack'],
  [/^(idle|breath(e|ing)|standing)$/, 'idle'],
  [/^(walk(ing|s)?|stroll(ing)?)$/, 'walk'],
];
const usualFrames: Readonly<Record<SpriteCycle, number>> = { walk: 4, run: 6, jump: 5, idle: 4, attack: 4 };
export const maxSpriteFrames = 12;

function cycleOf(word: string | undefined): SpriteCycle | undefined {
  return word === undefined ? undefined : cycleWords.find(([pattern]) => pattern.test(word))?.[1];
}

/** The cycle named right before "cycle" / "animation" / "loop", else the first one named. */
function spriteCycle(words: string): SpriteCycle | undefined {
  const sheet = /\b(sprite[-\s]?(sheet|strip|atlas)s?|sprites?|spritesheets?)\b/.test(words);
  const named = /\b([a-z]+)[-\s](?:cycle|animation|loop)s?\b/.exec(words)?.[1];
  const cycle = cycleOf(named) ?? [...words.matchAll(/[a-z]+/g)].map((match) => cycleOf(match[0])).find((found) => found !== undefined);
  if (!sheet && cycle === undefined && !/\banimation (cycle|frames?)\b/.test(words)) return undefined;
  if (!sheet && cycleOf(named) === undefined && !/\b(cycle|animation|frames?|loop)\b/.test(words)) return undefined;
  return cycle ?? (sheet ? 'idle' : 'walk');
}

/** What the offline model draws for a prompt. */
export function planOfflinePicture(prompt: string): OfflinePlan {
  const words = prompt.toLowerCase().replace(/\s+/g, ' ');
  const element = uiElement(words);
  if (element !== undefined) return { kind: 'ui-mockup', element, states: uiStates(words, element) };
  const cycle = spriteCycle(words);
  if (cycle !== undefined) {
    const frames = countBefore(words, '(?:frames?|poses?|steps?|images?|cells?)') ?? usualFrames[cycle];
    return { kind: 'sprite-sheet', cycle, frames: Math.min(maxSpriteFrames, Math.max(1, frames)) };
  }
  const subject = conceptSubjectFor(words);
  if (subject !== undefined) return { kind: 'concept-art', subject };
  return { kind: 'scene' };
}
