import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor } from 'storybook/test';

import { account, accounts } from '../__fixtures__/accounts.ts';
import { fixedNow } from '../__fixtures__/chat-parts.ts';
import type { ApiKeyInput } from './account-panel.tsx';
import { AccountPanel } from './account-panel.tsx';

const resolved = () => Promise.resolve();

const meta = {
  title: 'Chat UI/AccountPanel',
  component: AccountPanel,
  tags: ['autodocs'],
  args: {
    account: accounts.signedOut,
    onSignIn: fn(resolved),
    onCancelSignIn: fn(resolved),
    onSetApiKey: fn<(input: ApiKeyInput) => Promise<unknown>>(resolved),
    onSignOut: fn(resolved),
    now: () => fixedNow,
  },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 440, padding: 16 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof AccountPanel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const SignedOut: Story = {
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('Offline previews')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Sign out' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in with ChatGPT' }));
    await expect(args.onSignIn).toHaveBeenCalledWith('chatgpt');
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in with a device code' }));
    await expect(args.onSignIn).toHaveBeenLastCalledWith('device-code');
  },
};

export const Checking: Story = {
  args: { account: accounts.checking },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Finding the account to use…')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Sign in with ChatGPT' })).toBeNull();
  },
};

export const WaitingForTheBrowser: Story = {
  args: { account: accounts.waitingForBrowser },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Waiting for the browser…');
    const link = canvas.getByRole('link', { name: 'Open the sign-in page' });
    await expect(link.getAttribute('href')).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(canvas.queryByRole('button', { name: 'Sign in with ChatGPT' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onCancelSignIn).toHaveBeenCalledWith('login-1');
  },
};

export const WaitingOpensTheSystemBrowser: Story = {
  args: { account: accounts.waitingForBrowser, onOpenUrl: fn() },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('link', { name: 'Open the sign-in page' }));
    await expect(args.onOpenUrl).toHaveBeenCalledWith(accounts.waitingForBrowser.signIn?.status === 'waiting' && accounts.waitingForBrowser.signIn.method === 'chatgpt' ? accounts.waitingForBrowser.signIn.authUrl : '');
  },
};

export const DeviceCodeShown: Story = {
  args: { account: accounts.deviceCode },
  play: async ({ canvas }) => {
    await expect(canvas.getByLabelText('One-time code')).toHaveTextContent('K7QF-2MXD');
    await expect(canvas.getByRole('link', { name: 'Open auth.openai.com/codex/device' })).toHaveAttribute('href', 'https://auth.openai.com/codex/device');
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  },
};

export const SignInFailed: Story = {
  args: { account: accounts.signInFailed },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent(/^The sign-in did not complete: Token exchange failed/);
    await expect(canvas.getByRole('button', { name: 'Sign in with ChatGPT' })).toBeEnabled();
  },
};

export const SignInCouldNotStart: Story = {
  args: { onSignIn: fn(() => Promise.reject(new Error('Could not reach OpenAI while starting the sign-in: check the connection and try again.'))) },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in with a device code' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(/^Could not reach OpenAI/);
  },
};

export const SignedInWithQuota: Story = {
  args: { account: accounts.chatgptWithQuota },
  play: async ({ canvas, args }) => {
    await expect(canvas.getByText('ChatGPT Plus')).toBeVisible();
    await expect(canvas.getByText('ada@example.com')).toBeVisible();
    await expect(canvas.getByRole('meter', { name: '5-hour limit' })).toHaveAttribute('aria-valuenow', '42');
    await expect(canvas.getByRole('meter', { name: 'Weekly limit' })).toHaveAttribute('aria-valuenow', '91');
    await expect(canvas.getByText(/^42% used · resets /)).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Sign in with ChatGPT' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Sign out' }));
    await expect(args.onSignOut).toHaveBeenCalledOnce();
  },
};

export const CodexOnACustomServer: Story = {
  args: { account: account({ backend: 'codex', signedIn: true, label: 'Codex on a custom server', plan: 'custom-provider' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/Codex answers through the server Forge was started with/)).toBeVisible();
  },
};

export const KeyRejected: Story = {
  args: { onSetApiKey: fn<(input: ApiKeyInput) => Promise<unknown>>(() => Promise.reject(new Error('OpenAI rejected this key.'))) },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Use an API key' }));
    const field = canvas.getByLabelText('API key');
    await expect(field).toHaveAttribute('type', 'password');
    await expect(field).toHaveFocus();
    await userEvent.type(field, 'sk-wrong-key');
    await userEvent.click(canvas.getByRole('button', { name: 'Save key' }));
    await expect(args.onSetApiKey).toHaveBeenCalledWith({ apiKey: 'sk-wrong-key' });
    await expect(await canvas.findByRole('alert')).toHaveTextContent('OpenAI rejected this key.');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    // The typed key stays (as dots) to be corrected.
    await expect(field).toHaveValue('sk-wrong-key');
  },
};

export const KeyWithBaseUrl: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Use an API key' }));
    await userEvent.type(canvas.getByLabelText('API key'), 'sk-local');
    await userEvent.click(canvas.getByText('Advanced'));
    await userEvent.type(canvas.getByLabelText('Base URL'), 'http://127.0.0.1:8787/v1');
    await userEvent.click(canvas.getByRole('button', { name: 'Save key' }));
    await expect(args.onSetApiKey).toHaveBeenCalledWith({ apiKey: 'sk-local', baseUrl: 'http://127.0.0.1:8787/v1' });
    // Saved: the form closes and the renderer forgets the key.
    await waitFor(() => expect(canvas.queryByLabelText('API key')).toBeNull());
  },
};

export const NoCredentialStore: Story = {
  args: { account: accounts.noCredentialStore },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Use an API key' }));
    await expect(canvas.getByText(/the key will be kept for this session only/)).toBeVisible();
  },
};

export const SessionOnlyKey: Story = {
  args: { account: accounts.sessionOnlyKey },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('OpenAI API key')).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent(/^Kept for this session only/);
    await expect(canvas.getByText(/on http:\/\/127\.0\.0\.1:8787\/v1/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Sign in with ChatGPT' })).toBeVisible();
  },
};

export const ApiKeyKept: Story = {
  args: { account: accounts.apiKey },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Images are billed to this key.')).toBeVisible();
    await expect(canvas.queryByRole('status')).toBeNull();
  },
};
