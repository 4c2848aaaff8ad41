import { describe, expect, it } from 'vitest';

import { historyItems } from './codex-thread-history.ts';

const text = (item: unknown): string => ((item as { content: Array<{ text: string }> }).content[0]?.text ?? '');

describe('Forge history as Codex thread items', () => {
  it('turns messages into Responses API messages, oldest first, skipping empty ones', () => {
    const items = historyItems([
      { role: 'user', text: 'Draw a lighthouse' },
      { role: 'assistant', text: '  ' },
      { role: 'assistant', text: 'Here it is.\n[Image: A lighthouse, saved as .forge/generated/20261123-195130-042.png]' },
    ]);
    expect(items).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Draw a lighthouse' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Here it is.\n[Image: A lighthouse, saved as .forge/generated/20261123-195130-042.png]' }] },
    ]);
  });

  it('keeps the most recent messages that fit, and shortens one huge message instead of dropping it', () => {
    const history = Array.from({ length: 100 }, (_, index) => ({ role: index % 2 === 0 ? ('user' as const) : ('assistant' as const), text: `message ${index}` }));
    const recent = historyItems(history, { maxMessages: 3, maxCharacters: 10_000, maxMessageCharacters: 1_000 });
    expect(recent.map(text)).toEqual(['message 97', 'message 98', 'message 99']);

    const budget = historyItems(history, { maxMessages: 100, maxCharacters: 25, maxMessageCharacters: 1_000 });
    expect(budget.map(text)).toEqual(['message 98', 'message 99']);

    const [huge] = historyItems([{ role: 'user', text: 'x'.repeat(50_000) }], { maxMessages: 10, maxCharacters: 32_000, maxMessageCharacters: 8_000 });
    expect(text(huge)).toHaveLength(8_000 + '\n[…shortened by Forge]'.length);
    expect(text(huge).endsWith('[…shortened by Forge]')).toBe(true);
  });

  it('sends nothing for an empty conversation', () => {
    expect(historyItems([])).toEqual([]);
  });
});
