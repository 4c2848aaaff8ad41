// The note of an entry, read from its visible text: only a `**Note**` line of its own labels it.
import { expect, it } from 'vitest';

import { parseAssetEntries } from './asset-entry-format.ts';

const handWritten = [
  '## 2026-01-02 03:04:05 UTC — generated/hand.png',
  '',
  '- File: [generated/hand.png](generated/hand.png)',
  '- Model: sketchbook',
  '',
  '**Prompt**',
  '',
  '```text',
  'the real prompt',
  '```',
  '',
  'A decoy that is not a label: **Prompt**',
  '',
  '```text',
  'decoy prompt',
  '```',
  '',
  '**Note**   ',
  '',
  '```text',
  'kept for later',
  '```',
  '',
  '**Note** about something else',
  '',
  '```text',
  'decoy note',
  '```',
].join('\n');

it('reads the note (and the rest) of an entry written by hand, without a marker', () => {
  const [entry] = parseAssetEntries(handWritten);
  expect(entry).toMatchObject({ file: 'generated/hand.png', model: 'sketchbook', prompt: 'the real prompt', note: 'kept for later', timestamp: '2026-01-02T03:04:05Z' });
});
