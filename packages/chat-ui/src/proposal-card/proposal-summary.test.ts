import { expect, test } from 'vitest';

import { proposal, textProposal } from '../__fixtures__/chat-parts.ts';
import { summarizeProposal } from './proposal-summary.ts';

test('an asset entry reads as its file name and its prompt on one line', () => {
  const part = proposal({ entry: { file: 'generated/sprites/walk.png', prompt: 'A four-frame\n  walk cycle' } });
  expect(summarizeProposal(part)).toEqual({ name: 'walk.png', text: 'A four-frame walk cycle' });
});

test('any other proposal reads as its first line of text, without markdown or comments', () => {
  expect(summarizeProposal(textProposal({ body: '<!-- a\nmulti-line comment -->\n\n## **Palette** notes\n\nWarm brass.' }))).toEqual({ text: 'Palette notes' });
  expect(summarizeProposal(textProposal({ body: '<!-- one line -->\n---\n- `first` item' }))).toEqual({ text: 'first item' });
  expect(summarizeProposal(textProposal({ body: '   \n' }))).toEqual({ text: '' });
});
