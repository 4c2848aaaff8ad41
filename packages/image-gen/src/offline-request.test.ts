import { describe, expect, it } from 'vitest';

import { planOfflinePicture } from './offline-request.ts';

describe('planOfflinePicture', () => {
  it.each([
    ['Mock up a UI button in three states.', ['Default', 'Hover', 'Pressed']],
    ['a button in 2 states', ['Default', 'Hover']],
    ['a button in four states', ['Default', 'Hover', 'Pressed', 'Disabled']],
    ['Design a button with five different states', ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled']],
    ['six-state button for my web app', ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled', 'Loading']],
    ['a button in 40 states', ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled', 'Loading']],
    ['hover and disabled states of a primary button', ['Hover', 'Disabled']],
    ['a call-to-action button', ['Default', 'Hover', 'Pressed']],
  ])('%s → a button mock-up in the states %j', (prompt, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element: 'button', states });
  });

  it.each([
    ['a toggle switch for a settings screen', 'toggle', ['Off', 'On']],
    ['a volume slider in three states', 'slider', ['Default', 'Hover', 'Dragging']],
    ['checkbox states', 'checkbox', ['Unchecked', 'Checked', 'Indeterminate']],
    ['a text field in 4 states', 'text-field', ['Empty', 'Focused', 'Filled', 'Error']],
    ['a login form', 'text-field', ['Empty', 'Focused', 'Filled', 'Error']],
    ['a product card for an app', 'card', ['Default', 'Hover']],
    ['a wireframe for my landing page', 'button', ['Default', 'Hover', 'Pressed']],
  ])('%s → a %s mock-up', (prompt, element, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element, states });
  });

  it('reads a card as UI only next to a UI word (a playing card is not a widget)', () => {
    expect(planOfflinePicture('a tarot card with a dragon')).toMatchObject({ kind: 'concept-art' });
  });

  it.each([
    ['Make me a sprite sheet reference for a four-frame walk cycle.', 'walk', 4],
    ['a 6 frame run cycle', 'run', 6],
    ['running animation, eight frames', 'run', 8],
    ['jump animation', 'jump', 5],
    ['an idle sprite sheet', 'idle', 4],
    ['sprite of a wizard', 'idle', 4],
    ['an attack animation with 3 frames', 'attack', 3],
    ['walk cycle of a knight with a sword', 'walk', 4],
    ['a 40-frame walk cycle', 'walk', 12],
  ])('%s → a %s sprite sheet of %i frames', (prompt, cycle, frames) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'sprite-sheet', cycle, frames });
  });

  it.each([
    ['Generate concept art for a steampunk airship.', 'zeppelin'],
    ['a pirate ship at sunset', 'galleon'],
    ['two dragons over the sea', 'wyvern'],
    ['a T rex in a jungle', 'dinosaur-rex'],
    ['Sea turtle, underwater', 'sea-turtle'],
    ['a knight riding toward a castle', 'mounted-knight'],
  ])('%s → concept art of %s', (prompt, icon) => {
    expect(planOfflinePicture(prompt)).toMatchObject({ kind: 'concept-art', subject: { icon } });
  });

  it.each(['a neon city street at night', 'dawn over a misty valley', 'something nice'])('%s → the generic poster', (prompt) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'scene' });
  });

  it('does not read a knight running as a sprite sheet (no sheet, cycle or animation asked for)', () => {
    expect(planOfflinePicture('a knight running through a forest')).toMatchObject({ kind: 'concept-art', subject: { icon: 'mounted-knight' } });
  });
});
