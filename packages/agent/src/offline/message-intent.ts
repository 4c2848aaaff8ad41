// Decides, by rule, what a chat message asks of the offline agent — the way a person reads it:
//
// 1. Normalise: accents and emoji dropped, curly quotes straightened, lower case, one space.
// 2. Split into sentences (on . ! ? ; and line breaks); each is read on its own.
// 3. A refusal anywhere wins: "don't draw (anything yet)", "do not generate…", "no images",
//    "without a picture", "just explain…" → `declined` (text only, even in Agent mode).
// 4. A sentence is a picture request when, after a polite opening ("please", "can you",
//    "could you", "I'd like you to", "go ahead and", "let's"…), it starts with
//    - a drawing verb: draw, sketch, paint, illustrate, render, doodle, visualise, mock up,
//      storyboard (with something to draw: "can you draw?" alone asks about ability); or
//    - a making verb (generate, make, create, design, produce, give me, show me, build, do)
//      whose object is not text ("generate a name" is not a picture; "show me how" is a question); or
//    - a wish for a visual thing: "I'd like / I want / I need / can I get a logo…"; or
//    - a bare visual noun phrase with no question mark: "concept art for a castle", "a pixel-art knight".
// 5. Otherwise a sentence is a question when it starts with a question word (what, how, why…),
//    an auxiliary (is, are, can, should, do…), "explain / describe / tell me…", or ends with "?".
// 6. Any picture request in the message → `picture`; else any question → `question`; else `chat`.
//    The topic (offline-answers.ts) is read from the whole message, for the text reply.
import { topicOf, type OfflineTopic } from './offline-answers.ts';

export type MessageIntent =
  /** Draw something; `request` is the sentence that asked. */
  | { kind: 'picture'; request: string; topic?: OfflineTopic }
  /** The user said not to draw. */
  | { kind: 'declined'; topic?: OfflineTopic }
  | { kind: 'question'; topic?: OfflineTopic }
  | { kind: 'chat'; topic?: OfflineTopic };

/** Lower case, no accents or emoji, straight quotes, single spaces. */
export function normaliseMessage(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .toLowerCase()
    .replace(/[^a-z0-9'".,;:!?()\-/&+#%\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const drawingVerbs = '(?:draw|sketch|paint|illustrate|render|doodle|visuali[sz]e|mock[-\\s]?up|storyboard)';
const makingVerbs = '(?:generate|make|create|design|produce|give|show|build|craft|do|get|whip up|put together|come up with)';
/** "do you…", "make it…": the verb is an auxiliary or points back at something, not a new picture. */
const notAnObject = /^(?:you|u|i|we|they|it|its|that|this|these|those|sure|sense)\b/;
/** Sentences that start with a speaker, not with the thing to draw. */
const speakerStart = /^(?:i|i'm|im|i'd|i've|i'll|we|you|u|my|our|it|its|it's|this|that|these|those|there|they|he|she|let|thanks|thank|yes|no|yeah|nope|sure|ok|okay)\b/;
// "sketching" after "would you mind", "draws" in "who draws a…" never starts a request, but costs nothing.
const drawingVerbPattern = new RegExp(`^${drawingVerbs}(?:ing|s)?\\b`);
const makingVerbPattern = new RegExp(`^${makingVerbs}\\b`);

/** Words that name something to look at. */
const visualNoun =
  /\b(images?|pictures?|pics?|photos?|art(work)?|concept[-\s]?art|illustrations?|drawings?|sketch(es)?|paintings?|renders?|sprites?|sprite[-\s]?sheets?|spritesheets?|icons?|logos?|mock[-\s]?ups?|wireframes?|posters?|banners?|wallpapers?|thumbnails?|avatars?|portraits?|textures?|tile ?sets?|tiles?|backgrounds?|scenes?|characters?|creatures?|buttons?|ui|screens?|cards?|(walk|run|idle|jump|attack|animation)[-\s]cycles?|animations?|frames?|diagrams?|maps?|emblems?|badges?|landscapes?|covers?|visuals?|pixel[-\s]?art|toggles?|sliders?|check ?box(es)?|text ?fields?)\b/;

/** Objects that are text, not pictures: "generate a name", "make a list". */
const textObject =
  /^(an? |the |some |me an? |me the |me some |me )?(names?|story|stories|lists?|plans?|scripts?|code|text|emails?|summary|summaries|description|descriptions|explanations?|ideas?|poems?|songs?|jokes?|words?|titles?|sentences?|paragraphs?|functions?|tests?|files?|documents?|tables?|schedules?|outlines?|answers?|decision|choice|guess|question|how|what|why|where|when|which|who|sense|sure|it work)\b/;

const politeOpening =
  /^(?:(?:please|pls|plz|kindly|hey|hi|hello|ok(?:ay)?|so|now|alright|right|uh+|um+|hm+|well|forge|yo|then|also|and|next|great|thanks|thank you|cool|nice|lol)\b[,!:]?\s*)+/;
const askingOpening =
  /^(?:would you mind|do you mind|(?:can|could|would|will) (?:you|u)(?: please| pls| kindly| maybe| also| just)?|i'?d like you to|i would like you to|i want you to|i need you to|i'?d love (?:it if )?you (?:to|could)|go ahead and|let'?s|let us|try to|try and|help me|you should|just|quickly|now|is it possible to|would it be possible to|i wonder if you could|are you able to)\s+/;
const wishOpening = /^(?:i'?d like|i would like|i want|i need|i'?d love|i would love|gimme|can i (?:get|have|see)|could i (?:get|have|see)|may i (?:get|have|see)|how about|what about)\s+/;
const questionStart =
  /^(?:what|what's|whats|how|why|when|where|which|who|whose|whom|is|are|was|were|do|does|did|should|shall|would|could|can|will|may|might|must|isn't|aren't|doesn't|didn't|explain|describe|tell me|define|teach me|help me understand|i wonder|i'?m curious|any tips|difference between|compare)\b/;

const negation = "(?:don'?t|do not|dont|never|no need to|hold off on|not)\\s+(?:(?:you|yet|please|actually|just|need to|have to|bother(?: to)?|want(?: you)? to|go(?: and)?|start(?: to)?|try to)\\s+)*";
const refusal = [
  new RegExp(`\\b${negation}${drawingVerbs}`),
  new RegExp(`\\b${negation}(?:generat|mak|creat|produc|design|show)\\w*\\s+(?:me |us )?(?:anything|any\\b|an? (?:image|picture|drawing|preview)|images|pictures|drawings|previews|(?:it|one|them) yet|yet|art\\b)`),
  /\bno (?:images?|pictures?|pics?|drawings?|art|renders?|sketch(?:es)?|visuals?|previews?)\b/,
  /\b(?:without|w\/o) (?:an? |any )?(?:images?|pictures?|drawings?|art|previews?)\b/,
  /\b(?:don'?t|do not|dont) (?:want|need) (?:an? |any )?(?:images?|pictures?|drawings?|art|previews?)\b/,
  /\b(?:just|only) (?:explain|tell|describe|answer|talk|text|words|in words|a text)\b/,
];

function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+|(?<=[!?])(?=\S)/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /[a-z]/.test(sentence));
}

/** What follows the verb, without "me" / "for me" and the closing punctuation. */
function objectAfter(sentence: string, verb: RegExp): string {
  return sentence.replace(verb, '').replace(/^\s*(?:me|us|for me)\b\s*/, '').replace(/[\s.!?,;:]+$/, '').trim();
}

type SentenceKind = 'picture' | 'question' | 'other';

function readSentence(raw: string): SentenceKind {
  const sentence = raw.replace(politeOpening, '');
  const asks = askingOpening.test(sentence);
  const body = sentence.replace(askingOpening, '').replace(askingOpening, '');
  const endsWithQuestionMark = /\?\s*$/.test(sentence);
  if (drawingVerbPattern.test(body)) {
    const object = objectAfter(body, drawingVerbPattern);
    if (object !== '' && !/^(?:well|better|good|at all|anything|things|stuff)\b/.test(object) && !textObject.test(object)) return 'picture';
    return asks || endsWithQuestionMark ? 'question' : 'other';
  }
  if (makingVerbPattern.test(body)) {
    const object = objectAfter(body, makingVerbPattern);
    const visual = visualNoun.test(object);
    // "show me the settings" and "do it" are not pictures; "show me a castle" and "do a walk cycle" are.
    const loose = /^(?:show|give|get|do)\b/.test(body) && !visual && !/^(?:an? |some |\d+ |one |two |three |four )/.test(object);
    if (/^how\b/.test(object)) return 'question';
    if (object !== '' && !notAnObject.test(object) && !textObject.test(object) && !loose) return 'picture';
    return asks || endsWithQuestionMark || questionStart.test(sentence) ? 'question' : 'other';
  }
  if (wishOpening.test(sentence)) {
    const object = sentence.replace(wishOpening, '');
    if (!/^to\b/.test(object) && visualNoun.test(object)) return 'picture';
  }
  if (!asks && !endsWithQuestionMark && !questionStart.test(sentence) && !speakerStart.test(sentence)) {
    // A bare phrase naming a visual thing early on ("concept art for a castle", "pixel-art knight").
    const head = sentence.split(/\s+/).slice(0, 6).join(' ');
    if (visualNoun.test(head) && !/\b(is|are|was|were|means?|does|do)\b/.test(head)) return 'picture';
  }
  if (asks || endsWithQuestionMark || questionStart.test(sentence)) return 'question';
  return 'other';
}

/** Reads a chat message the way a person would. */
export function classifyMessage(text: string): MessageIntent {
  const normalised = normaliseMessage(text);
  const topic = topicOf(normalised);
  const withTopic = <T extends object>(intent: T): T & { topic?: OfflineTopic } => (topic === undefined ? intent : { ...intent, topic });
  if (refusal.some((pattern) => pattern.test(normalised))) return withTopic({ kind: 'declined' as const });
  const sentences = splitSentences(normalised);
  const originals = splitSentences(text.replace(/\s+/g, ' ').trim());
  const kinds = sentences.map(readSentence);
  const asked = kinds.indexOf('picture');
  if (asked >= 0) {
    const request = sentences.length === originals.length ? (originals[asked] ?? text) : text;
    return withTopic({ kind: 'picture' as const, request });
  }
  if (kinds.includes('question')) return withTopic({ kind: 'question' as const });
  return withTopic({ kind: 'chat' as const });
}
