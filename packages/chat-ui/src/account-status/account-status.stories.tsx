import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';

import { account, accounts } from '../__fixtures__/accounts.ts';
import { fixedNow } from '../__fixtures__/chat-parts.ts';
import { AccountStatus } from './account-status.tsx';

const meta = {
  title: 'Chat UI/AccountStatus',
  component: AccountStatus,
  tags: ['autodocs'],
  args: { account: accounts.signedOut, now: () => fixedNow },
  decorators: [
    (Story) => (
      <div style={{ padding: 16 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AccountStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

export const OfflinePreviews: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Offline previews')).toBeVisible();
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};

export const ChatGPTWithQuota: Story = {
  args: { account: accounts.chatgptWithQuota, onOpen: fn() },
  play: async ({ canvas, args }) => {
    // The window closest to running out is the one shown.
    const button = canvas.getByRole('button', { name: /ChatGPT Plus\s*91% used · resets / });
    await userEvent.click(button);
    await expect(args.onOpen).toHaveBeenCalledOnce();
  },
};

export const QuotaHalfUsed: Story = {
  args: { account: account({ backend: 'codex', signedIn: true, label: 'ChatGPT Pro', rateLimits: { primary: { usedPercent: 50, windowMinutes: 300 } } }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('50% used')).toBeVisible();
  },
};

export const ApiKey: Story = {
  args: { account: accounts.apiKey },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('OpenAI API key')).toBeVisible();
  },
};

export const Checking: Story = {
  args: { account: accounts.checking },
};

export const CodexSignedOut: Story = {
  args: { account: account({ backend: 'codex', signedIn: false, label: 'ChatGPT (signed out)' }) },
};
