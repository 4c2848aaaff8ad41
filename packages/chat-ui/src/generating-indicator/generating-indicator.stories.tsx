import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';

import { fixedNow, generatingImage, generatingWithPartial } from '../__fixtures__/chat-parts.ts';
import { GeneratingIndicator } from './generating-indicator.tsx';

const meta = {
  title: 'Chat UI/GeneratingIndicator',
  component: GeneratingIndicator,
  tags: ['autodocs'],
  args: { image: generatingImage(), now: () => fixedNow },
} satisfies Meta<typeof GeneratingIndicator>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Placeholder: Story = {
  args: { onCancel: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Generating image…')).toBeVisible();
    await expect(canvas.getByText('12 s')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onCancel).toHaveBeenCalledOnce();
  },
};

export const WithPartialPreview: Story = {
  args: { image: generatingWithPartial, onCancel: fn() },
  play: async ({ canvas }) => {
    const partial = canvas.getByRole('img', { name: 'Partial preview' });
    await expect(partial).toBeVisible();
    await expect(getComputedStyle(partial).filter).toContain('blur');
    await expect(canvas.getByText('Generating image…')).toBeVisible();
  },
};

export const WithoutCancel: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Generating image…')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Cancel' })).toBeNull();
  },
};

export const LongRunning: Story = {
  args: { image: generatingImage({ startedAt: fixedNow - 95_000 }), onCancel: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('1 min 35 s')).toBeVisible();
  },
};

/** A real clock: the elapsed time counts up while you watch. */
export const LiveClock: Story = {
  args: { image: generatingImage({ startedAt: Date.now() }), now: Date.now, onCancel: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Generating image…')).toBeVisible();
  },
};
