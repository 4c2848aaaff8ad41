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

  it('says what the agent asked to do and how the user answered', () => {
    const messages: ChatMessageData[] = [
      {
        id: 'a1',
        role: 'assistant',
        parts: [
          { type: 'approval', id: 'r1', status: 'declined', request: { kind: 'command', command: "/bin/bash -lc 'cat notes.txt'", cwd: '/home/ada/game' } },
          { type: 'approval', id: 'r2', status: 'allowed', request: { kind: 'file-change', files: [{ path: 'src/a.ts', change: 'update' }, { path: 'b.md', change: 'add' }] } },
          { type: 'approval', id: 'r3', status: 'pending', request: { kind: 'network', host: 'example.com', protocol: 'https' } },
        ],
      },
    ];
    expect(turnHistory(messages)).toEqual([
      { role: 'assistant', text: "[Asked to run /bin/bash -lc 'cat notes.txt': declined]\n[Asked to change src/a.ts, b.md: allowed]\n[Asked to reach example.com: not answered]" },
    ]);
  });
});
