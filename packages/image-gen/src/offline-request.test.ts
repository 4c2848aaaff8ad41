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

  it.each([
    ['a cta for a landing page', 'button', ['Default', 'Hover', 'Pressed']],
    ['two toggles', 'toggle', ['Off', 'On']],
    ['an on/off switch', 'toggle', ['Off', 'On']],
    ['a range input in 5 states', 'slider', ['Default', 'Hover', 'Dragging', 'Disabled', 'Focused']],
    ['a tick box', 'checkbox', ['Unchecked', 'Checked', 'Indeterminate']],
    ['a check box in two states', 'checkbox', ['Unchecked', 'Checked']],
    ['a text input', 'text-field', ['Empty', 'Focused', 'Filled', 'Error']],
    ['a search bar', 'text-field', ['Empty', 'Focused', 'Filled', 'Error']],
    ['a sign-up form', 'text-field', ['Empty', 'Focused', 'Filled', 'Error']],
    ['input fields in 3 variants', 'text-field', ['Empty', 'Focused', 'Filled']],
    ['a pricing card for a website', 'card', ['Default', 'Hover']],
    ['a card on a dashboard', 'card', ['Default', 'Hover']],
    ['a user interface for a game', 'button', ['Default', 'Hover', 'Pressed']],
    ['a slider in three different versions', 'slider', ['Default', 'Hover', 'Dragging']],
    ['a toggle in six states', 'toggle', ['Off', 'On', 'Disabled', 'Focused', 'Hover', 'Loading']],
  ])('reads the element a person names: %s → a %s mock-up', (prompt, element, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element, states });
  });

  it.each([
    ['a button in 0 states', 'button', ['Default']],
    ['a single-state button', 'button', ['Default']],
    ['a toggle in 0 states', 'toggle', ['Off']],
    ['a toggle in 9 states', 'toggle', ['Off', 'On', 'Disabled', 'Focused', 'Hover', 'Loading']],
    ['a button in 1000 states', 'button', ['Default', 'Hover', 'Focused', 'Pressed', 'Disabled', 'Loading']],
  ])('keeps an impossible count of states in range: %s', (prompt, element, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element, states });
  });

  it.each([
    ['a button in normal and mouseover states', ['Default', 'Hover']],
    ['pressed, focused and loading states of a button', ['Pressed', 'Focused', 'Loading']],
  ])('draws the button states a person names, in a designer\'s order: %s', (prompt, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element: 'button', states });
  });

  it.each([
    ['one named state is not a list: a disabled button', 'a disabled button', 'button', ['Default', 'Hover', 'Pressed']],
    ['state names shape only a button: a toggle in hover and disabled states', 'a toggle in hover and disabled states', 'toggle', ['Off', 'On']],
  ])('falls back to the usual states when %s', (_name, prompt, element, states) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'ui-mockup', element, states });
  });

  it.each([
    ['a sprinting animation', 'run', 6],
    ['leaping cycle of a frog', 'jump', 5],
    ['punching animation', 'attack', 4],
    ['breathing loop', 'idle', 4],
    ['a strolling animation', 'walk', 4],
    ['a 3-pose jump sprite sheet', 'jump', 3],
    ['jump animation in twelve cells', 'jump', 12],
    ['sprite sheet of a knight attacking', 'attack', 4],
    ['animation frames of a ghost', 'walk', 4],
    ['a spritesheet', 'idle', 4],
    ['a sprite strip of a cat', 'idle', 4],
    ['a running dog animation', 'run', 6],
    ['a  WALK  CYCLE', 'walk', 4],
    ['a 0-frame walk cycle', 'walk', 1],
    ['run cycle with 20 steps', 'run', 12],
    ['a 1000 frame walk cycle', 'walk', 12],
  ])('reads the cycle and frame count a person asks for: %s → %s, %i frames', (prompt, cycle, frames) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'sprite-sheet', cycle, frames });
  });

  it.each([
    ['a pay button for a 5 day trial', { kind: 'ui-mockup', element: 'button', states: ['Default', 'Hover', 'Pressed'] }],
    ['a walk cycle of 2 knights', { kind: 'sprite-sheet', cycle: 'walk', frames: 4 }],
  ])('does not take a number elsewhere in the prompt for the count: %s', (prompt, plan) => {
    expect(planOfflinePicture(prompt)).toEqual(plan);
  });

  it.each([
    ["a running knight's jump animation", { kind: 'sprite-sheet', cycle: 'jump', frames: 5 }],
    ['a 6-frame running knight', { kind: 'sprite-sheet', cycle: 'run', frames: 6 }],
  ])('takes the cycle named next to "animation", or a frame count, as a sprite sheet: %s', (prompt, plan) => {
    expect(planOfflinePicture(prompt)).toEqual(plan);
  });

  it('draws an animation of a thing with no motion in it as concept art, not a walk cycle', () => {
    expect(planOfflinePicture('an animation of a castle')).toMatchObject({ kind: 'concept-art', subject: { icon: 'elven-castle' } });
  });

  it.each(['a walk by the sea', 'a fight scene at dusk'])('does not read a cycle word alone as a sprite sheet: %s', (prompt) => {
    expect(planOfflinePicture(prompt)).toEqual({ kind: 'scene' });
  });
});

