import { describe, expect, it } from 'vitest';

import { findMemoryProposals } from './memory-proposals.ts';

const block = '```forge-propose\nfile: ASSETS.md\noperation: append\n---\n## Airship\n- prompt: a steampunk airship\n```';

describe('findMemoryProposals', () => {
  it('returns each complete block verbatim, in order', () => {
    const second = block.replace('Airship', 'Button');
    expect(findMemoryProposals(`Here it is.\n\n${block}\n\nAnd another:\n${second}\n`)).toEqual([block, second]);
  });

  it('ignores other fences and an unclosed block', () => {
    expect(findMemoryProposals('```ts\nconst a = 1;\n```\n```forge-propose\nfile: ASSETS.md\n---\nhalf')).toEqual([]);
  });

  it('keeps nested code fences inside a longer fence', () => {
    const nested = '````forge-propose\nfile: ASSETS.md\n---\n```js\nx\n```\n````';
    expect(findMemoryProposals(`text\n${nested}\n`)).toEqual([nested]);
  });
});
