import { expect, test, vi } from 'vitest';
import { useState } from 'react';
import { page } from 'vitest/browser';

import { render } from '../__fixtures__/render.tsx';
import type { ChatMessageData } from '../chat-types.ts';
import { ChatTranscript } from './chat-transcript.tsx';

const list: ChatMessageData[] = Array.from({ length: 30 }, (_, index) => ({
  id: `message-${index}`,
  role: index % 2 === 0 ? 'user' : 'assistant',
  parts: [{ type: 'text', text: `Message ${index}\n\nwith a second paragraph to take up room.` }],
}));

test("the Library's Show in chat scrolls an older message into view, focuses it and says it was found", async () => {
  const onRevealed = vi.fn();
  const { rerender } = render(
    <div style={{ height: 300 }}>
      <ChatTranscript messages={list} onRevealed={onRevealed} />
    </div>,
  );
  // Far above the latest: not on screen (in a virtualized transcript, not even mounted).
  await expect.element(page.getByText('Message 29', { exact: true })).toBeInViewport();
  const early = page.getByText('Message 3', { exact: true }).query();
  if (early !== null) await expect.element(early).not.toBeInViewport();
  rerender(
    <div style={{ height: 300 }}>
      <ChatTranscript messages={list} revealMessageId="message-3" onRevealed={onRevealed} />
    </div>,
  );
  await expect.element(page.getByText('Message 3', { exact: true })).toBeInViewport();
  // A virtualized list may still be placing messages for a frame or two: focus follows.
  await expect.poll(() => document.activeElement === document.querySelector('[data-message-id="message-3"]')).toBe(true);
  expect(document.querySelector('[data-message-id="message-3"]')?.getAttribute('data-revealed')).toBe('true');
  expect(onRevealed).toHaveBeenCalledWith(true);
});

test('says when the message is not in this chat', () => {
  const onRevealed = vi.fn();
  render(
    <div style={{ height: 300 }}>
      <ChatTranscript messages={list} revealMessageId="message-from-another-thread" onRevealed={onRevealed} />
    </div>,
  );
  expect(onRevealed).toHaveBeenCalledWith(false);
});

/** As the app does it: the thread opens with the reveal already asked for, and the host clears it once told. */
function OpenedAt({ messageId, onRevealed }: { messageId: string; onRevealed: (found: boolean) => void }) {
  const [reveal, setReveal] = useState<string | undefined>(messageId);
  return (
    <div style={{ height: 300 }}>
      <ChatTranscript
        messages={list}
        revealMessageId={reveal}
        onRevealed={(found) => {
          setReveal(undefined);
          onRevealed(found);
        }}
      />
    </div>
  );
}

test('a thread opened to show a message focuses it, though the list is still placing its messages when asked', async () => {
  const onRevealed = vi.fn();
  render(<OpenedAt messageId="message-5" onRevealed={onRevealed} />);
  await expect.element(page.getByText('Message 5', { exact: true })).toBeInViewport();
  await expect.poll(() => document.activeElement?.getAttribute('data-message-id')).toBe('message-5');
  expect(onRevealed).toHaveBeenCalledExactlyOnceWith(true);
});
