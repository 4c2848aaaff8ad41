import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';

import { airshipPrompt, errors, fixedNow } from '../__fixtures__/chat-parts.ts';
import { ErrorNotice } from './error-notice.tsx';

const meta = {
  title: 'Chat UI/ErrorNotice',
  component: ErrorNotice,
  tags: ['autodocs'],
  args: { error: errors.network, prompt: airshipPrompt, now: () => fixedNow },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 560 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ErrorNotice>;

export default meta;
type Story = StoryObj<typeof meta>;

export const QuotaExceeded: Story = {
  args: { error: errors.quota, onRetry: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent("You've used your plan's image quota");
    await expect(canvas.getByText(/It resets in 3 h 20 min/)).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const RateLimited: Story = {
  args: { error: errors.rateLimited, onRetry: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Rate limited')).toBeVisible();
    await expect(canvas.getByText('Retry in 20 s.')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

export const ContentPolicy: Story = {
  args: { error: errors.contentPolicy, onRetry: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Blocked by the content policy')).toBeVisible();
    await expect(canvas.getByText(/Edit the prompt/)).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const SignedOut: Story = {
  args: { error: errors.signedOut },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Signed out')).toBeVisible();
    await expect(canvas.getByText(/Sign in again/)).toBeVisible();
  },
};

export const SignedOutOpensAccountSettings: Story = {
  args: { error: errors.signedOut, onOpenAccountSettings: fn() },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Go to Account' }));
    await expect(args.onOpenAccountSettings).toHaveBeenCalledOnce();
  },
};

export const QuotaOpensAccountSettings: Story = {
  args: { error: errors.quota, onOpenAccountSettings: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Go to Account' })).toBeVisible();
  },
};

export const NetworkOffersNoAccountSettings: Story = {
  args: { error: errors.network, onOpenAccountSettings: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Network problem')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Go to Account' })).toBeNull();
  },
};

export const NetworkProblem: Story = {
  args: { error: errors.network, onRetry: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Network problem')).toBeVisible();
    await expect(canvas.getByText(/ECONNRESET/)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Retry' }));
    await expect(args.onRetry).toHaveBeenCalledOnce();
  },
};

export const SaveFailed: Story = {
  args: { error: errors.saveFailed, onRetry: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByText("Couldn't save the image")).toBeVisible();
    await expect(canvas.getByText(/\/home\/ada\/airship\/\.forge\/generated\//)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Retry' })).toBeVisible();
  },
};

export const RetryableWithoutHandler: Story = {
  args: { error: errors.unknown },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('The image service had a problem')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
  },
};

export const UnknownCode: Story = {
  args: { error: { code: 'mystery', message: 'Something unexpected happened.', retryable: false } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Image generation failed')).toBeVisible();
    await expect(canvas.getByText('Something unexpected happened.')).toBeVisible();
  },
};
