// editAssetEntry against arbitrary text: whatever a person types, one parseable marker.
import fc from 'fast-check';
import { expect, it } from 'vitest';

import { parseAssetEntries } from './asset-entry-format.ts';
import { toWellFormed } from './display-text.ts';
import { editAssetEntry } from './edit-asset-entry.ts';
import { BlockScanner, splitLines } from './markdown-blocks.ts';
import { proposeAssetEntry } from './propose-asset-entry.ts';

const body = proposeAssetEntry(
  { relativePath: '.forge/generated/20261123-195130-042.png', createdAt: '20261123-195130-042', model: 'gpt-image-2', width: 1536, height: 1024, mediaType: 'image/png' },
  { prompt: 'concept art for a steampunk airship', revisedPrompt: 'A brass steampunk airship at dusk' },
).body;

function topLevelMarkers(text: string): number {
  const scanner = new BlockScanner();
  let markers = 0;
  for (const line of splitLines(text)) {
    const topLevel = scanner.open === undefined;
    if (scanner.next(line.text) === 'html' && topLevel && line.text.startsWith('<!-- forge-asset v1 ')) markers += 1;
  }
  return markers;
}
// ~1.5 s here; the limit leaves room for a busy machine.
it('keeps exactly one marker for any text (property)', { timeout: 30_000 }, () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }), (note, prompt) => {
      fc.pre(prompt.trim() !== '');
      const edited = editAssetEntry(body, { prompt, note });
      const entries = parseAssetEntries(edited);
      expect(entries).toHaveLength(1);
      expect(topLevelMarkers(edited)).toBe(1);
      expect(entries[0]?.prompt).toBe(toWellFormed(prompt));
      if (note.trim() === '') expect(entries[0]).not.toHaveProperty('note');
      else expect(entries[0]?.note).toBe(toWellFormed(note));
    }),
    { numRuns: 200 },
  );
});
