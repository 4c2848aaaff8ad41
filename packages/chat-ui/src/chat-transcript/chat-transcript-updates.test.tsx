// What one message's event costs the page: only that message is rendered again, and the
// scroll container is left alone (no listener removed and added, no scroll position read).
import type * as ReactMarkdown from 'react-markdown';
import { expect, test, vi } from 'vitest';
import { page } from 'vitest/browser';

import { textProposal } from '../__fixtures__/chat-parts.ts';
import { settledAtBottom } from '../__fixtures__/list-settled.ts';
import { render } from '../__fixtures__/render.tsx';
import type { ChatMessageData } from '../chat-types.ts';
import type * as ProposalCardModule from '../proposal-card/proposal-card.tsx';
import { ChatTranscript } from './chat-transcript.tsx';

// Every Markdown text rendered, noted (and rendered by the real react-markdown).
const renderedMarkdown = vi.hoisted(() => [] as string[]);
vi.mock('react-markdown', async (importOriginal) => {
  const real = await importOriginal<typeof ReactMarkdown>();
  const Noting = (props: Parameters<typeof real.default>[0]) => {
    renderedMarkdown.push(String(props.children));
    return real.default(props);
  };
  return { ...real, default: Noting };
});

// Every proposal card rendered, noted by its id (and rendered by the real one).
const renderedCards = vi.hoisted(() => [] as string[]);
vi.mock('../proposal-card/proposal-card.tsx', async (importOriginal) => {
  const real = await importOriginal<typeof ProposalCardModule>();
  const Noting = (props: Parameters<typeof real.ProposalCard>[0]) => {
    renderedCards.push(props.proposal.id);
    return real.ProposalCard(props);
  };
  return { ...real, ProposalCard: Noting };
});

function Frame({ children }: { children: React.ReactNode }) {
  return <div style={{ height: 600, width: 720 }}>{children}</div>;
}

const thread: ChatMessageData[] = Array.from({ length: 30 }, (_, index) =>
  index % 2 === 0
    ? { id: `u${String(index)}`, role: 'user', parts: [{ type: 'text', text: `Request ${String(index)}` }] }
    : { id: `a${String(index)}`, role: 'assistant', parts: [{ type: 'text', text: `Reply **${String(index)}**` }, textProposal({ id: `p${String(index)}` })] },
);

test('an event about one message renders that message again, not the others, and leaves the scroll container alone', async () => {
  const { rerender } = render(
    <Frame>
      <ChatTranscript messages={thread} />
    </Frame>,
  );
  const log = page.getByRole('log', { name: 'Conversation' }).element() as HTMLElement;
  await settledAtBottom(log);
  await expect.element(page.getByText('29', { exact: true })).toBeVisible();
  const listeners = { added: vi.spyOn(log, 'addEventListener'), removed: vi.spyOn(log, 'removeEventListener') };
  renderedMarkdown.length = 0;
  renderedCards.length = 0;

  // The latest reply grows: a new object for it, the same objects for the rest (as the app keeps them).
  const grown: ChatMessageData = { id: 'a29', role: 'assistant', parts: [{ type: 'text', text: 'Reply **29**, and more' }, textProposal({ id: 'p29' })] };
  rerender(
    <Frame>
      <ChatTranscript messages={[...thread.slice(0, 29), grown]} />
    </Frame>,
  );
  await expect.poll(() => log.textContent.includes('Reply 29, and more')).toBe(true);
  expect(renderedMarkdown).toEqual(['Reply **29**, and more']);
  expect(new Set(renderedCards)).toEqual(new Set(['p29']));
  expect(listeners.removed.mock.calls.filter(([type]) => type === 'scroll')).toEqual([]);
  expect(listeners.added.mock.calls.filter(([type]) => type === 'scroll')).toEqual([]);
});
