import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, within } from 'storybook/test';

import {
  airshipPrompt,
  airshipRevisedPrompt,
  approval,
  assistantWithImage,
  completedImage,
  errors,
  failedImage,
  fixedNow,
  generatingImage,
  generatingWithPartial,
  portraitImage,
  squareImage,
  userAsk,
} from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ChatMessage } from './chat-message.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ChatMessage',
  component: ChatMessage,
  tags: ['autodocs'],
  args: { message: assistantWithImage, actions, now: () => fixedNow },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 760 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ChatMessage>;

export default meta;
type Story = StoryObj<typeof meta>;

export const FromTheUser: Story = {
  args: { message: userAsk },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('article', { name: 'You' })).toHaveTextContent('Concept art for a steampunk airship');
  },
};

export const TextWithMarkdown: Story = {
  args: {
    message: {
      id: 'text',
      role: 'assistant',
      parts: [
        {
          type: 'text',
          text: 'Two paragraphs, **bold** and `code`.\nA second line in the same paragraph.\n\n<img src=x onerror=alert(1)> stays text.\n\n```ts\nconst size = "1536x1024";\n```',
        },
      ],
    },
  },
  play: async ({ canvas }) => {
    const message = canvas.getByRole('article', { name: 'Assistant' });
    await expect(message.querySelectorAll('p')).toHaveLength(2);
    await expect(within(message).getByText('bold').tagName).toBe('STRONG');
    await expect(within(message).getByText('<img src=x onerror=alert(1)> stays text.')).toBeVisible();
    await expect(within(message).queryByRole('img')).toBeNull();
  },
};

export const Generating: Story = {
  args: {
    message: { id: 'generating', role: 'assistant', pending: true, parts: [{ type: 'text', text: 'Drawing it now.' }, generatingImage()] },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Generating image…')).toBeVisible();
    await expect(canvas.getByText('12 s')).toBeVisible();
    // One clock on screen: the image's, not a second one for the reply.
    await expect(canvas.getAllByTitle('Elapsed time')).toHaveLength(1);
    await expect(canvas.queryByText('Thinking…')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(actions.onCancelImage).toHaveBeenCalledWith('image-generating');
  },
};

export const GeneratingWithPartial: Story = {
  args: { message: { id: 'partial', role: 'assistant', pending: true, parts: [generatingWithPartial] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: 'Partial preview' })).toBeVisible();
  },
};

export const Completed: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: airshipRevisedPrompt })).toBeVisible();
    await expect(canvas.getByRole('heading', { name: 'Proposed append to .forge/ASSETS.md' })).toBeVisible();
    await expect(canvas.getByText('.forge/generated/').tagName).toBe('CODE');
  },
};

export const SeveralImages: Story = {
  args: {
    message: {
      id: 'several',
      role: 'assistant',
      parts: [
        { type: 'text', text: 'A UI button in three states:' },
        squareImage,
        portraitImage,
        generatingImage({ id: 'image-third', prompt: 'The pressed state' }),
      ],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getAllByRole('img')).toHaveLength(2);
    await expect(canvas.getByText('Generating image…')).toBeVisible();
  },
};

export const FailedWithRetry: Story = {
  args: { message: { id: 'failed', role: 'assistant', parts: [failedImage(errors.rateLimited)] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Rate limited')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryImage).toHaveBeenCalledWith('image-failed');
  },
};

export const QuotaExceeded: Story = {
  args: { message: { id: 'quota', role: 'assistant', parts: [failedImage(errors.quota)] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText("You've used your plan's image quota")).toBeVisible();
    await expect(canvas.getByText(/resets/)).toBeVisible();
  },
};

export const SaveFailed: Story = {
  args: { message: { id: 'save', role: 'assistant', parts: [failedImage(errors.saveFailed)] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText("Couldn't save the image")).toBeVisible();
    await expect(canvas.getByText(/ENOSPC/)).toBeVisible();
  },
};

export const Cancelled: Story = {
  args: { message: { id: 'cancelled', role: 'assistant', parts: [{ type: 'image', id: 'image-cancelled', status: 'cancelled', prompt: airshipPrompt }] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/Image cancelled/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryImage).toHaveBeenCalledWith('image-cancelled');
  },
};

export const TurnError: Story = {
  args: { message: { id: 'turn-error', role: 'assistant', parts: [{ type: 'error', error: errors.signedOut }] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('Signed out');
  },
};

/** From the first second a reply is in flight, it says so and counts, before any image starts. */
export const Thinking: Story = {
  args: { message: { id: 'thinking', role: 'assistant', pending: true, startedAt: fixedNow - 3_000, parts: [] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Thinking…');
    await expect(canvas.getByTitle('Elapsed time')).toHaveTextContent('3 s');
    await expect(canvas.getByRole('article', { name: 'Assistant' })).toHaveTextContent('Thinking… 3 s');
  },
};

/** Text is streaming in: the status stays under it, still counting. */
export const WritingForAWhile: Story = {
  args: {
    message: { id: 'writing', role: 'assistant', pending: true, startedAt: fixedNow - 95_000, parts: [{ type: 'text', text: 'Let me think about the hull shape first.' }] },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Let me think about the hull shape first.')).toBeVisible();
    await expect(canvas.getByTitle('Elapsed time')).toHaveTextContent('1 min 35 s');
  },
};

export const Reconnecting: Story = {
  args: {
    message: {
      id: 'reconnecting',
      role: 'assistant',
      pending: true,
      startedAt: fixedNow - 41_000,
      status: 'Connection lost. Reconnecting… (attempt 2 of 5)',
      parts: [{ type: 'text', text: 'Sketching the lighthouse first,' }],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting… (attempt 2 of 5)');
    await expect(canvas.getByTitle('Elapsed time')).toHaveTextContent('41 s');
    // The note stands in for "Thinking…": one status at a time.
    await expect(canvas.queryByText('Thinking…')).toBeNull();
  },
};

export const OfflineImage: Story = {
  args: {
    message: {
      id: 'offline',
      role: 'assistant',
      parts: [{ type: 'text', text: 'No account is set up, so this is an offline preview.' }, completedImage({ offlinePreview: true, model: 'forge-offline-1' })],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Offline preview')).toBeVisible();
  },
};

/** Stop keeps what was written, says "Stopped", and offers Retry: never an empty bubble. */
export const Stopped: Story = {
  args: {
    message: {
      id: 'stopped',
      role: 'assistant',
      ending: 'stopped',
      parts: [{ type: 'text', text: 'Sketching the airship: a brass gondola under' }, { type: 'image', id: 'image-stopped', status: 'cancelled', prompt: airshipPrompt }],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Sketching the airship: a brass gondola under')).toBeVisible();
    await expect(canvas.getByText('Stopped')).toBeVisible();
    await expect(canvas.getByText(/Image cancelled/)).toBeVisible();
    // One Retry for the reply; the cancelled image does not offer a second.
    await expect(canvas.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryTurn).toHaveBeenCalledWith('stopped');
  },
};

/** Stopped before a word: the bubble still says what happened. */
export const StoppedBeforeAnyText: Story = {
  args: { message: { id: 'stopped-empty', role: 'assistant', ending: 'stopped', parts: [] } },
  play: async ({ canvas }) => {
    const bubble = canvas.getByRole('article', { name: 'Assistant' });
    await expect(bubble).toHaveTextContent('StoppedRetry');
    await expect(bubble.querySelector('.forge-message__bubble')?.getBoundingClientRect().height).toBeGreaterThan(30);
  },
};

/** Forge closed while this reply was written (set when the thread is loaded again). */
export const Interrupted: Story = {
  args: {
    message: {
      id: 'interrupted',
      role: 'assistant',
      ending: 'interrupted',
      parts: [{ type: 'text', text: 'Here is a first pass at the lighthouse,' }, { type: 'image', id: 'image-interrupted', status: 'cancelled', prompt: 'A lighthouse at dusk' }],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Interrupted')).toBeVisible();
    await expect(canvas.getByText(/Image not finished/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryTurn).toHaveBeenCalledWith('interrupted');
  },
};

/** The backend went silent for the stall timeout: the turn ended as `timeout`. */
export const TimedOut: Story = {
  args: {
    message: { id: 'timed-out', role: 'assistant', parts: [{ type: 'text', text: 'Drawing it now.' }, { type: 'error', error: errors.stalled }] },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('Timed out');
    await expect(canvas.getByText(/The model stopped answering for 2 minutes/)).toBeVisible();
    await expect(canvas.getAllByRole('button', { name: 'Retry' })).toHaveLength(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryTurn).toHaveBeenCalledWith('timed-out');
  },
};

/** A turn the server failed (HTTP 500): Retry sends the request again. */
export const FailedTurn: Story = {
  args: { message: { id: 'failed-turn', role: 'assistant', parts: [{ type: 'error', error: errors.serverError }] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The model service had a problem')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryTurn).toHaveBeenCalledWith('failed-turn');
  },
};

/** An image that failed validation says "Retry to draw it again", and has the button to do it. */
export const DamagedImage: Story = {
  args: {
    message: {
      id: 'damaged',
      role: 'assistant',
      parts: [{ type: 'text', text: 'Generating that image now.' }, failedImage(errors.damaged, 'image-damaged'), { type: 'text', text: 'That image did not come through properly. Want me to try again?' }],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The image came back damaged')).toBeVisible();
    await expect(canvas.getByText(/Retry to draw it again/)).toBeVisible();
    await expect(canvas.queryByText(/Here it is/)).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(actions.onRetryImage).toHaveBeenCalledWith('image-damaged');
  },
};

/** Without a host callback there is no Retry button, only the label. */
export const StoppedWithoutRetry: Story = {
  args: { message: { id: 'stopped-no-retry', role: 'assistant', ending: 'stopped', parts: [{ type: 'text', text: 'Half a thought' }] }, actions: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Stopped')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const WaitingForApproval: Story = {
  args: {
    message: {
      id: 'approval',
      role: 'assistant',
      pending: true,
      parts: [{ type: 'text', text: 'Let me check **what is already generated**.' }, approval()],
    },
  },
  play: async ({ canvas, canvasElement }) => {
    // The agent's text is Markdown; the command in the card is not.
    await expect(canvas.getByText('what is already generated').tagName).toBe('STRONG');
    await expect(canvas.getByRole('region', { name: 'The agent wants to run:' })).toBeVisible();
    await expect(canvasElement.querySelector('pre code')?.textContent).toBe("/bin/bash -lc 'ls -la .forge/generated'");
    await expect(canvas.queryByText('Thinking…')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Decline' }));
    await expect(actions.onAnswerApproval).toHaveBeenCalledWith('approval-1', 'decline');
  },
};
