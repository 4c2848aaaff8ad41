import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';

import { assetsEntry, proposal } from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ProposalCard } from './proposal-card.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ProposalCard',
  component: ProposalCard,
  tags: ['autodocs'],
  args: { proposal: proposal(), actions },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ProposalCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Pending: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Proposed append to .forge/ASSETS.md' })).toBeVisible();
    const preview = canvas.getByLabelText('Entry for .forge/ASSETS.md');
    await expect(getComputedStyle(preview).fontFamily).toMatch(/mono/i);
    await expect(preview).toHaveTextContent('Revised prompt');
    await userEvent.click(canvas.getByRole('button', { name: 'Approve' }));
    await expect(actions.onApprove).toHaveBeenCalledWith('proposal-1');
  },
};

export const Reject: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Reject' }));
    await expect(actions.onReject).toHaveBeenCalledWith('proposal-1');
  },
};

export const EditThenSave: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    const editor = canvas.getByRole('textbox', { name: 'Edit entry' });
    await expect(editor).toHaveFocus();
    await expect(editor).toHaveValue(assetsEntry);
    await userEvent.type(editor, '- **Tags:** airship, dusk');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    const edited = `${assetsEntry}- **Tags:** airship, dusk`;
    await expect(actions.onEdit).toHaveBeenCalledWith('proposal-1', edited);
    await expect(canvas.getByLabelText('Entry for .forge/ASSETS.md')).toHaveTextContent('**Tags:** airship, dusk');
  },
};

export const EditThenDiscard: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Edit entry' }), 'scratch that');
    await userEvent.click(canvas.getByRole('button', { name: 'Discard' }));
    await expect(actions.onEdit).not.toHaveBeenCalled();
    await expect(canvas.getByLabelText('Entry for .forge/ASSETS.md')).not.toHaveTextContent('scratch that');
  },
};

export const Overwrite: Story = {
  args: { proposal: proposal({ operation: 'overwrite', body: '# Assets\n\nEverything this project generated, newest last.\n' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Proposed overwrite to .forge/ASSETS.md' })).toBeVisible();
  },
};

export const Applying: Story = {
  args: { proposal: proposal({ status: 'applying' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Applying…')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Approve' })).toBeDisabled();
  },
};

export const Approved: Story = {
  args: { proposal: proposal({ status: 'approved' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Added to .forge/ASSETS.md')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Approve' })).toBeNull();
  },
};

export const Rejected: Story = {
  args: { proposal: proposal({ status: 'rejected' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Rejected')).toBeVisible();
    await expect(canvas.queryByRole('button', { name: 'Reject' })).toBeNull();
  },
};

export const Failed: Story = {
  args: { proposal: proposal({ status: 'failed', error: 'ASSETS.md is read-only (EACCES).' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/Couldn't write \.forge\/ASSETS\.md: ASSETS\.md is read-only/)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Approve' })).toBeEnabled();
  },
};

export const LongEntryScrolls: Story = {
  args: {
    proposal: proposal({
      body: Array.from({ length: 12 }, (_, index) => `## Entry ${index + 1}\n\n- **Prompt:** variation ${index + 1}\n`).join('\n'),
    }),
  },
  play: async ({ canvas }) => {
    const preview = canvas.getByLabelText('Entry for .forge/ASSETS.md');
    await expect(preview.scrollHeight).toBeGreaterThan(preview.clientHeight);
  },
};

export const ReadOnly: Story = {
  args: { actions: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('button')).toBeNull();
  },
};
