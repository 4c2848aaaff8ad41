import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';

import { TurnEnding } from './turn-ending.tsx';

const meta = {
  title: 'Chat UI/TurnEnding',
  component: TurnEnding,
  tags: ['autodocs'],
  args: { ending: 'stopped', onRetry: fn() },
} satisfies Meta<typeof TurnEnding>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Stopped: Story = {
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Stopped')).toBeVisible();
    await expect(canvas.getByText('Stopped')).toHaveAttribute('title', 'You stopped this reply. What was written so far is kept.');
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

export const Interrupted: Story = {
  args: { ending: 'interrupted' },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Interrupted')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

/** A failed reply: its error notice says what went wrong, so only Retry. */
export const Failed: Story = {
  args: { ending: 'failed' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(canvas.queryByText('Stopped')).toBeNull();
  },
};

export const FailedWithoutRetry: Story = {
  render: () => <TurnEnding ending="failed" />,
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.forge-turn-ending')).toBeNull();
  },
};
