import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';

import { fixedNow } from '../__fixtures__/chat-parts.ts';
import { TurnStatus } from './turn-status.tsx';

const meta = {
  title: 'Chat UI/TurnStatus',
  component: TurnStatus,
  tags: ['autodocs'],
  args: { startedAt: fixedNow - 3_000, now: () => fixedNow },
} satisfies Meta<typeof TurnStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Thinking: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Thinking…');
    await expect(canvas.getByTitle('Elapsed time')).toHaveTextContent('3 s');
  },
};

export const LongRunning: Story = {
  args: { startedAt: fixedNow - 125_000 },
  play: async ({ canvas }) => {
    await expect(canvas.getByTitle('Elapsed time')).toHaveTextContent('2 min 05 s');
  },
};

export const Reconnecting: Story = {
  args: { status: 'Connection lost. Reconnecting… (attempt 2 of 5)' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Connection lost. Reconnecting… (attempt 2 of 5)');
    await expect(canvas.queryByText('Thinking…')).toBeNull();
  },
};

/** While an image in the reply shows its own clock. */
export const WithoutElapsed: Story = {
  args: { status: 'Connection lost. Reconnecting…', elapsed: false },
  play: async ({ canvas }) => {
    await expect(canvas.queryByTitle('Elapsed time')).toBeNull();
  },
};

/** A real clock: it counts up while you watch, from when the reply started. */
export const LiveClock: Story = {
  args: { startedAt: Date.now(), now: Date.now },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Thinking…');
  },
};
