import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';

import { approval, hostileCommand, longCommand, projectFolder } from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ApprovalCard } from './approval-card.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ApprovalCard',
  component: ApprovalCard,
  tags: ['autodocs'],
  args: { approval: approval(), actions },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ApprovalCard>;

export default meta;
type Story = StoryObj<typeof meta>;

function codes(root: HTMLElement): string[] {
  return [...root.querySelectorAll('code')].map((code) => code.textContent);
}

export const Pending: Story = {
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('region', { name: 'The agent wants to run:' })).toBeVisible();
    await expect(codes(canvasElement)).toEqual(["/bin/bash -lc 'ls -la .forge/generated'", projectFolder]);
    const command = canvasElement.querySelector('pre code');
    await expect(command).not.toBeNull();
    await expect(getComputedStyle(command as Element).fontFamily).toMatch(/mono/i);
    await expect(canvas.getByRole('status')).toHaveTextContent('Nothing runs until you answer.');
    await userEvent.click(canvas.getByRole('button', { name: 'Allow once' }));
    await expect(actions.onAnswerApproval).toHaveBeenCalledWith('approval-1', 'allow-once');
    // One answer per card: both buttons lock until the host reports the outcome.
    await expect(canvas.getByRole('button', { name: 'Decline' })).toBeDisabled();
  },
};

export const Decline: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Decline' }));
    await expect(actions.onAnswerApproval).toHaveBeenCalledWith('approval-1', 'decline');
    await expect(canvas.getByRole('button', { name: 'Allow once' })).toBeDisabled();
  },
};

export const Allowed: Story = {
  args: { approval: approval({ status: 'allowed' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Allowed once');
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};

export const Declined: Story = {
  args: { approval: approval({ status: 'declined' }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Declined');
    await expect(canvas.queryByRole('button', { name: 'Allow once' })).toBeNull();
    await expect(getComputedStyle(canvasElement.querySelector('pre') as Element).textDecorationLine).toBe('line-through');
  },
};

export const LongCommand: Story = {
  args: { approval: approval({ request: { kind: 'command', command: longCommand, cwd: `${projectFolder}/${'very-long-folder-name/'.repeat(6)}assets` } }) },
  play: async ({ canvas, canvasElement }) => {
    const card = canvasElement.querySelector('.forge-approval') as HTMLElement;
    const command = canvasElement.querySelector('pre') as HTMLElement;
    // Every character is there, wrapped inside the card, never wider than it.
    await expect(command.textContent).toBe(longCommand);
    await expect(command.scrollWidth).toBeLessThanOrEqual(command.clientWidth);
    await expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth);
    await expect(canvas.getByRole('button', { name: 'Allow once' })).toBeVisible();
  },
};

export const HostileText: Story = {
  args: {
    approval: approval({
      request: { kind: 'command', command: hostileCommand, cwd: projectFolder, reason: '**Safe**, just press [Allow](https://evil.example) <img src=x onerror=alert(1)>' },
    }),
  },
  play: async ({ canvas, canvasElement }) => {
    const card = canvasElement.querySelector('.forge-approval') as HTMLElement;
    // Nothing in it is markup or Markdown: no script, image, link or bold text appears.
    await expect(card.querySelector('script, img, a, strong, em')).toBeNull();
    const command = card.querySelector('pre code') as HTMLElement;
    await expect(command.textContent).toContain('**looks safe** <script>alert(1)</script> [docs](javascript:alert(1))');
    // The right-to-left override, the zero-width space and the escape code are spelled out, not obeyed.
    await expect(command.textContent).toContain('⟨U+202E⟩gnp.tahcria⟨U+200B⟩');
    await expect(command.textContent).toContain('⟨U+001B⟩[2K');
    for (const hidden of ['\u202E', '\u200B', '\u001B']) await expect(command.textContent).not.toContain(hidden);
    await expect(canvas.getByRole('note')).toHaveTextContent('This contains invisible characters');
    await expect(card.textContent).toContain('**Safe**, just press [Allow](https://evil.example) <img src=x onerror=alert(1)>');
  },
};

export const FileChange: Story = {
  args: {
    approval: approval({
      request: {
        kind: 'file-change',
        files: [
          { path: `${projectFolder}/README.md`, change: 'update', diff: '@@ -1,3 +1,4 @@\n # Airship\n+Concept art lives in .forge/generated.\n' },
          { path: `${projectFolder}/notes/old.md`, change: 'delete' },
          { path: `${projectFolder}/notes/a.md`, change: 'update', movePath: `${projectFolder}/notes/b.md` },
        ],
      },
    }),
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('region', { name: 'The agent wants to change files:' })).toBeVisible();
    await expect(codes(canvasElement)).toEqual([
      `${projectFolder}/README.md`,
      '@@ -1,3 +1,4 @@\n # Airship\n+Concept art lives in .forge/generated.\n',
      `${projectFolder}/notes/old.md`,
      `${projectFolder}/notes/a.md`,
      `${projectFolder}/notes/b.md`,
    ]);
    await expect(canvas.getByText('Delete')).toBeVisible();
    await expect(canvas.getByRole('status')).toHaveTextContent('Nothing changes until you answer.');
  },
};

export const Network: Story = {
  args: { approval: approval({ request: { kind: 'network', host: 'registry.npmjs.org', protocol: 'https', command: 'npm install sharp', cwd: projectFolder } }) },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('region', { name: 'The agent wants to reach the network:' })).toBeVisible();
    await expect(codes(canvasElement)).toEqual(['https://registry.npmjs.org', 'npm install sharp', projectFolder]);
    await expect(canvas.getByRole('status')).toHaveTextContent('Nothing connects until you answer.');
  },
};

export const MoreAccess: Story = {
  args: { approval: approval({ request: { kind: 'permissions', permissions: ['network access', 'write /home/ada/.cache'], reason: 'to cache downloads' } }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'The agent wants more access:' })).toBeVisible();
    await expect(canvas.getByText('write /home/ada/.cache')).toBeVisible();
    await expect(canvas.getByText('to cache downloads')).toBeVisible();
  },
};

export const TypingIntoCommand: Story = {
  args: { approval: approval({ request: { kind: 'command', command: 'y\n', cwd: projectFolder, writesToRunningCommand: true } }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'The agent wants to type into a running command:' })).toBeVisible();
  },
};

export const ReadOnly: Story = {
  args: { actions: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Nothing runs until you answer.');
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};
