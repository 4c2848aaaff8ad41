import { expect, test } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { atBottom, frames, placed, settledAtBottom } from '../__fixtures__/list-settled.ts';
import { render } from '../__fixtures__/render.tsx';
import type { ChatMessageData } from '../chat-types.ts';
import { ChatTranscript } from './chat-transcript.tsx';

function messages(count: number): ChatMessageData[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `message-${index}`,
    role: index % 2 === 0 ? 'user' : 'assistant',
    parts: [{ type: 'text', text: `Message ${index}\n\nwith a second paragraph to take up room.` }],
  }));
}

function Frame({ list }: { list: ChatMessageData[] }) {
  return (
    <div style={{ height: 300 }}>
      <ChatTranscript messages={list} />
    </div>
  );
}



test('starts at the latest message and follows new ones', async () => {
  const { rerender } = render(<Frame list={messages(20)} />);
  const log = page.getByRole('log', { name: 'Conversation' }).element() as HTMLElement;
  expect(atBottom(log)).toBe(true);
  rerender(<Frame list={messages(24)} />);
  await expect.poll(() => atBottom(log)).toBe(true);
  await expect.element(page.getByText('Message 23', { exact: true })).toBeInViewport();
});

test('does not pull a reader who scrolled up, and offers a way back', async () => {
  const list = messages(20);
  const { rerender } = render(<Frame list={list} />);
  const log = page.getByRole('log', { name: 'Conversation' }).element() as HTMLElement;
  await settledAtBottom(log);
  // The reader scrolls to the top (again, if the list was still placing its latest message).
  await expect
    .poll(async () => {
      log.scrollTop = 0;
      await frames();
      await frames();
      return log.scrollTop === 0 && log.textContent.includes('Message 0');
    })
    .toBe(true);
  await expect.element(page.getByRole('button', { name: 'Jump to latest' })).toBeVisible();
  // The list has stopped placing the messages it measured on the way up.
  await placed(log, 2);
  const top = log.scrollTop;
  const last = list.at(-1);
  if (last === undefined) throw new Error('no messages');
  rerender(<Frame list={[...list.slice(0, -1), { ...last, parts: [...last.parts, { type: 'text', text: 'More text streaming in.' }] }]} />);
  await frames();
  await frames();
  expect(log.scrollTop).toBe(top);

  await userEvent.click(page.getByRole('button', { name: 'Jump to latest' }));
  await expect.poll(() => atBottom(log)).toBe(true);
  await expect.element(page.getByRole('button', { name: 'Jump to latest' })).not.toBeInTheDocument();
});
