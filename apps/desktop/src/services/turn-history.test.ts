import { describe, expect, it } from 'vitest';

import type { ChatMessageData } from '../contract/index.ts';
import { turnHistory } from './turn-history.ts';

describe('the conversation as a backend reads it', () => {
  it('keeps text, names each image and its file, says how a reply ended, and skips what says nothing', () => {
    const messages: ChatMessageData[] = [
      { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Draw a lighthouse' }] },
      {
        id: 'a1',
        role: 'assistant',
        parts: [
          { type: 'text', text: 'Here it is.' },
          {
            type: 'image',
            id: 'i1',
            status: 'completed',
            prompt: 'A lighthouse',
            revisedPrompt: 'A red lighthouse at dusk',
            url: '/files/x.png',
            width: 10,
            height: 10,
            mediaType: 'image/png',
            relativePath: '.forge/generated/20261123-195130-042.png',
            model: 'gpt-image-2',
            createdAt: '2026-11-23T19:51:30.042Z',
          },
          { type: 'proposal', id: 'p1', file: '.forge/ASSETS.md', operation: 'append', body: '…', status: 'pending' },
        ],
      },
      { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'Another' }] },
      { id: 'a2', role: 'assistant', parts: [{ type: 'error', error: { code: 'timeout', message: 'x', retryable: true } }] },
      { id: 'a3', role: 'assistant', ending: 'stopped', parts: [{ type: 'text', text: 'Sketching' }, { type: 'image', id: 'i2', status: 'cancelled', prompt: 'A boat' }] },
      { id: 'a4', role: 'assistant', pending: true, parts: [{ type: 'text', text: 'still writing' }] },
    ];
    expect(turnHistory(messages)).toEqual([
      { role: 'user', text: 'Draw a lighthouse' },
      { role: 'assistant', text: 'Here it is.\n[Image: A red lighthouse at dusk — saved as .forge/generated/20261123-195130-042.png]' },
      { role: 'user', text: 'Another' },
      { role: 'assistant', text: 'Sketching\n[This reply was stopped before it finished.]' },
    ]);
  });
});
