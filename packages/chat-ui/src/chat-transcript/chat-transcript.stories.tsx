import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';

import type { ChatActions, ChatMessageData, ChatPart } from '../chat-types.ts';
import {
  assistantWithImage,
  completedImage,
  errors,
  failedImage,
  fixedNow,
  generatingImage,
  proposal,
  squareImage,
  userAsk,
} from '../__fixtures__/chat-parts.ts';
import { partialPng } from '../__fixtures__/images.ts';
import { longThread, PagedTranscript } from '../__fixtures__/long-thread.tsx';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { Composer } from '../composer/composer.tsx';
import { ChatTranscript } from './chat-transcript.tsx';

const actions = mockActions();

const conversation: ChatMessageData[] = [
  userAsk,
  assistantWithImage,
  { id: 'ask-2', role: 'user', parts: [{ type: 'text', text: 'Now a UI button in three states.' }] },
  {
    id: 'answer-2',
    role: 'assistant',
    parts: [{ type: 'text', text: 'Here is the idle state; the service was busy for the others.' }, squareImage, failedImage(errors.rateLimited)],
  },
  { id: 'ask-3', role: 'user', parts: [{ type: 'text', text: 'And a sprite-sheet reference for a four-frame walk cycle.' }] },
  { id: 'answer-3', role: 'assistant', pending: true, parts: [generatingImage({ id: 'image-walk', prompt: 'Sprite-sheet reference, four-frame walk cycle' })] },
];

const meta = {
  title: 'Chat UI/ChatTranscript',
  component: ChatTranscript,
  tags: ['autodocs'],
  args: { messages: conversation, actions, now: () => fixedNow },
  decorators: [
    (Story) => (
      <div style={{ height: 560, border: '1px solid var(--forge-border)', borderRadius: 12, overflow: 'hidden' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ChatTranscript>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Conversation: Story = {
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Conversation' });
    // The list shows once it has placed the latest message at the bottom.
    await waitFor(() => expect(within(log).getByText('Generating image…')).toBeVisible());
    await waitFor(() => expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2));
  },
};

export const Empty: Story = {
  args: { messages: [] },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/images appear right here/)).toBeVisible();
  },
};

/** The whole flow with a simulated host: ask, watch it draw, approve the memory entry. */
function SimulatedChat() {
  const [messages, setMessages] = useState<ChatMessageData[]>([]);
  const [busy, setBusy] = useState(false);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);

  const updatePart = (partId: string, change: (part: ChatPart) => ChatPart) =>
    setMessages((current) =>
      current.map((message) => ({
        ...message,
        parts: message.parts.map((part) => ('id' in part && part.id === partId ? change(part) : part)),
      })),
    );
  const finish = (messageId: string) => {
    setBusy(false);
    setMessages((current) => current.map((message) => (message.id === messageId ? { ...message, pending: false } : message)));
  };

  const send = (text: string) => {
    const turn = String(Date.now());
    const imageId = `image-${turn}`;
    const assistantId = `assistant-${turn}`;
    setBusy(true);
    setMessages((current) => [
      ...current,
      { id: `user-${turn}`, role: 'user', parts: [{ type: 'text', text }] },
      {
        id: assistantId,
        role: 'assistant',
        pending: true,
        parts: [{ type: 'text', text: 'On it — drawing that now.' }, { type: 'image', id: imageId, status: 'generating', prompt: text, startedAt: Date.now() }],
      },
    ]);
    timers.current.push(
      setTimeout(() => updatePart(imageId, (part) => (part.type === 'image' && part.status === 'generating' ? { ...part, partialUrl: partialPng } : part)), 500),
      setTimeout(() => {
        setMessages((current) =>
          current.map((message) =>
            message.id === assistantId
              ? {
                  ...message,
                  pending: false,
                  parts: message.parts.flatMap((part): ChatPart[] =>
                    'id' in part && part.id === imageId && part.type === 'image' && part.status === 'generating'
                      ? [completedImage({ id: imageId, prompt: text }), proposal({ id: `proposal-${turn}` })]
                      : [part],
                  ),
                }
              : message,
          ),
        );
        setBusy(false);
      }, 1400),
    );
  };

  const chatActions: ChatActions = {
    ...actions,
    onCancelImage: (imageId) => {
      timers.current.forEach(clearTimeout);
      updatePart(imageId, (part) => (part.type === 'image' ? { type: 'image', id: imageId, status: 'cancelled', prompt: part.prompt } : part));
      const owner = messages.find((message) => message.parts.some((part) => 'id' in part && part.id === imageId));
      if (owner) finish(owner.id);
    },
    onApprove: (proposalId) => {
      updatePart(proposalId, (part) => (part.type === 'proposal' ? { ...part, status: 'applying' } : part));
      setTimeout(() => updatePart(proposalId, (part) => (part.type === 'proposal' ? { ...part, status: 'approved' } : part)), 300);
    },
    // A host rewrites the entry with @forge/assets-memory's editAssetEntry; here the fields suffice.
    onEdit: (proposalId, edit) =>
      updatePart(proposalId, (part) => {
        if (part.type !== 'proposal') return part;
        if ('body' in edit) return { ...part, body: edit.body, status: 'approved' };
        const entry = { file: part.entry?.file ?? part.file, prompt: edit.prompt, ...(edit.note.trim() === '' ? {} : { note: edit.note }) };
        return { ...part, entry, status: 'approved' };
      }),
    onReject: (proposalId) => updatePart(proposalId, (part) => (part.type === 'proposal' ? { ...part, status: 'rejected' } : part)),
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <div style={{ flex: 1, minHeight: 0 }}>
        <ChatTranscript messages={messages} actions={chatActions} />
      </div>
      <div style={{ padding: 12 }}>
        <Composer onSend={send} busy={busy} onStop={() => timers.current.forEach(clearTimeout)} />
      </div>
    </div>
  );
}

export const SimulatedFlow: Story = {
  args: { messages: [] },
  render: () => <SimulatedChat />,
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Concept art for a steampunk airship{Enter}');
    await waitFor(() => expect(canvas.getByText('Generating image…')).toBeVisible());
    const image = await canvas.findByRole('img', { name: /steampunk airship/ }, { timeout: 4000 });
    await expect(image).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Approve' }));
    await expect(await canvas.findByText('Added to .forge/ASSETS.md')).toBeVisible();
  },
};

const longConversation = longThread(1_000);

/** A thread of 1,000 messages, paged as the app does: only the messages near the viewport are mounted. */
export const LongThread: Story = {
  render: () => <PagedTranscript thread={longConversation} delayMs={150} actions={actions} />,
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(canvas.getByText('Message 999: here it is.')).toBeVisible());
    // Up to the first message: each time the top is reached, the page above arrives.
    await waitFor(
      async () => {
        log.scrollTop = 0;
        await expect(log.querySelector('article')?.textContent).toContain('Message 0: an airship');
      },
      { timeout: 120_000, interval: 50 },
    );
    await expect(log.querySelectorAll('img').length).toBeLessThanOrEqual(30);
    // And back to the latest.
    await userEvent.click(canvas.getByRole('button', { name: 'Jump to latest' }));
    await waitFor(() => expect(canvas.getByText('Message 999: here it is.')).toBeVisible());
    await expect(log.querySelectorAll('article').length).toBeLessThan(40);
  },
};

/** Scrolled to the top of what is loaded while the page above is on its way. */
export const LoadingOlder: Story = {
  render: () => <PagedTranscript thread={longConversation} delayMs={3_600_000} actions={actions} />,
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Conversation' });
    await waitFor(() => expect(canvas.getByText('Message 999: here it is.')).toBeVisible());
    await waitFor(async () => {
      log.scrollTop = 0;
      await expect(canvas.getByText('Loading older messages…')).toBeVisible();
    });
  },
};
