import { describe, expect, it } from 'vitest';

import { classifyMessage, type MessageIntent } from './message-intent.ts';
import { promptForMessage, promptFromRequest } from './picture-request.ts';

type Kind = MessageIntent['kind'];

// How a person reads each message: a picture to draw, a question to answer, a refusal to
// draw, or chat. The topic is what the text reply is about (undefined: none it knows).
const table: ReadonlyArray<readonly [message: string, kind: Kind, topic?: string]> = [
  // The three seed requests, and imperative requests to make something visual.
  ['Generate concept art for a steampunk airship.', 'picture', 'concept-art'],
  ['Mock up a UI button in three states.', 'picture', 'ui-states'],
  ['Make me a sprite sheet reference for a four-frame walk cycle.', 'picture', 'sprite-sheet'],
  ['Draw a cat', 'picture'],
  ['sketch a lighthouse at dusk', 'picture'],
  ['Paint me a forest at night', 'picture'],
  ['create an icon for my app', 'picture'],
  ['Design a logo for a bakery called Crumbs', 'picture'],
  ['Render a low-poly castle', 'picture'],
  ['Illustrate a dragon over the sea', 'picture'],
  ['show me a castle on a hill', 'picture'],
  ['do a run cycle for my knight', 'picture', 'walk-cycle'],
  // Polite and wishful forms.
  ['can you draw a cat?', 'picture'],
  ['Could you please create a pixel art knight?', 'picture', 'pixel-art'],
  ['Would you mind sketching a robot?', 'picture'],
  ['please sketch a fox in the snow', 'picture'],
  ["I'd like a logo for my coffee shop", 'picture'],
  ['I want a poster for our game jam', 'picture'],
  ['can I get a sprite sheet of a slime bouncing?', 'picture', 'sprite-sheet'],
  ['I’d like you to draw a submarine', 'picture'],
  ['Is it possible to draw a steampunk airship?', 'picture'],
  ['go ahead and generate the concept art', 'picture', 'concept-art'],
  // Bare noun phrases, mixed case, punctuation and noise.
  ['concept art for a ruined temple', 'picture', 'concept-art'],
  ['a pixel-art treasure chest', 'picture', 'pixel-art'],
  ['DRAW A CAT!!!', 'picture'],
  ['uhh... draw me a castle lol 🙂', 'picture'],
  ['hmm can u draw a dog plz', 'picture'],
  ['  Generate   concept art\tfor a WIZARD tower  ', 'picture', 'concept-art'],
  // Several sentences: any request is drawn; a question next to it is answered too.
  ['What is a sprite sheet? Make me one for a walk cycle.', 'picture', 'sprite-sheet'],
  ['I love airships. Draw one over a desert.', 'picture'],
  // Questions about images get a short answer, not a picture.
  ['What is a sprite sheet?', 'question', 'sprite-sheet'],
  ['what is a sprite sheet', 'question', 'sprite-sheet'],
  ['how do I make a walk cycle?', 'question', 'walk-cycle'],
  ["what's the difference between a sprite and a texture?", 'question', 'sprite-vs-texture'],
  ['Can you explain what concept art is?', 'question', 'concept-art'],
  ['Show me how to make a sprite sheet', 'question', 'sprite-sheet'],
  ['Why do buttons need a hover state?', 'question', 'ui-states'],
  ['should my sprites have a transparent background?', 'question', 'transparency'],
  ['What image sizes can you make?', 'question', 'image-sizes'],
  ['PNG or JPEG for icons?', 'question', 'file-formats'],
  ['how do I connect my ChatGPT account?', 'question', 'connect'],
  ['can you draw?', 'question'],
  ['a sprite sheet?', 'question', 'sprite-sheet'],
  ['tell me about tilesets', 'question', 'tileset'],
  ['¿puedes dibujar un gato?', 'question'],
  // Refusals: text only.
  ["don't draw anything yet", 'declined'],
  ['Don’t draw anything yet, what is a walk cycle?', 'declined', 'walk-cycle'],
  ['no images please, just explain sprite sheets', 'declined', 'sprite-sheet'],
  ['Do not generate an image; describe concept art for a castle instead', 'declined', 'concept-art'],
  ['explain UI states without a picture', 'declined', 'ui-states'],
  ["I don't need a picture, just tell me the best size for icons", 'declined', 'image-sizes'],
  ['hold off on drawing, I want to talk first', 'declined'],
  // Chat, and text that asks for text.
  ['hello there', 'chat'],
  ['thanks!', 'chat'],
  ['zxqv blorp', 'chat'],
  ['generate a name for my game', 'chat'],
  ['I want to learn pixel art', 'chat', 'pixel-art'],
  ["I don't know how to make a sprite sheet", 'chat', 'sprite-sheet'],
  ['Draw a dragon. Make it scary.', 'picture'],
];

describe('classifyMessage', () => {
  it('has a table of at least 40 phrasings', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });

  it.each(table.map(([message, kind, topic]) => ({ message, kind, topic: topic ?? 'none' })))('$message → $kind (topic $topic)', ({ message, kind, topic }) => {
    const intent = classifyMessage(message);
    expect(intent.kind).toBe(kind);
    expect(intent.topic ?? 'none').toBe(topic);
  });
});

describe('promptFromRequest', () => {
  it.each([
    ['Generate concept art for a steampunk airship.', 'Concept art for a steampunk airship'],
    ['Mock up a UI button in three states.', 'A UI button in three states'],
    ['Make me a sprite sheet reference for a four-frame walk cycle.', 'A sprite sheet reference for a four-frame walk cycle'],
    ['hmm can u draw a dog plz', 'A dog'],
    ["I'd like a logo for my coffee shop", 'A logo for my coffee shop'],
    ['Could you please create a pixel art knight?', 'A pixel art knight'],
  ])('%s → %s', (request, prompt) => {
    expect(promptFromRequest(request)).toBe(prompt);
  });

  it('takes the whole message when the request points back at an earlier sentence', () => {
    const message = 'What is a sprite sheet? Make me one for a walk cycle.';
    const intent = classifyMessage(message);
    if (intent.kind !== 'picture') throw new Error('expected a picture');
    expect(intent.request).toBe('Make me one for a walk cycle.');
    expect(promptForMessage(message, intent.request)).toBe('What is a sprite sheet? Make me one for a walk cycle');
    expect(promptForMessage('Draw a cat', 'Draw a cat')).toBe('A cat');
  });
});
