// The golden pictures: the three requests Forge exists for, drawn by the offline model at the
// size the chat asks for. offline-golden.test.ts compares them by pixels with the PNGs in
// __fixtures__/golden; `pnpm --filter @forge/image-gen goldens` redraws those PNGs (and the
// README's small copies) after a deliberate change — look at every one before committing.
export const goldenSize = { width: 1536, height: 1024 } as const;

export const goldenRequests = [
  { name: 'concept-art-steampunk-airship', prompt: 'Concept art for a steampunk airship' },
  { name: 'ui-button-three-states', prompt: 'A UI button in three states' },
  { name: 'sprite-sheet-four-frame-walk-cycle', prompt: 'A sprite sheet reference for a four-frame walk cycle' },
] as const;
