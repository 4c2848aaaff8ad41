import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent } from 'storybook/test';

import { airshipPrompt, assetsEntry, proposal, textProposal } from '../__fixtures__/chat-parts.ts';
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
      <div style={{ maxWidth: 720 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ProposalCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Compact: Story = {
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('heading', { name: 'Proposed append to .forge/ASSETS.md' })).toBeVisible();
    await expect(canvas.getByText('20261123-195130-042.png')).toBeVisible();
    await expect(canvas.getByText(airshipPrompt)).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Show entry' })).toHaveAttribute('aria-expanded', 'false');
    await expect(canvas.queryByLabelText('Entry for .forge/ASSETS.md')).toBeNull();
    // One line: the card is no taller than a button row.
    const card = canvasElement.querySelector('.forge-proposal');
    await expect(card?.getBoundingClientRect().height).toBeLessThan(50);
    await userEvent.click(canvas.getByRole('button', { name: 'Approve' }));
    await expect(actions.onApprove).toHaveBeenCalledWith('proposal-1');
  },
};

export const Expanded: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Show entry' }));
    await expect(canvas.getByRole('button', { name: 'Hide entry' })).toHaveAttribute('aria-expanded', 'true');
    const entry = canvas.getByLabelText('Entry for .forge/ASSETS.md');
    await expect(entry).toBeVisible();
    // Rendered as Markdown: a heading, the bullets, the prompts in code blocks; the marker never shows.
    await expect(canvas.getByRole('heading', { name: /2026-11-23 19:51:30 UTC — generated\/20261123-195130-042\.png/ })).toBeVisible();
    await expect(canvas.getByText('Model: gpt-image-2')).toBeVisible();
    await expect(canvas.getByText('Revised prompt').tagName).toBe('STRONG');
    await expect(entry).not.toHaveTextContent('forge-asset');
    await expect(entry).not.toHaveTextContent('<!--');
    await expect(canvas.getByRole('button', { name: 'Approve' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Hide entry' }));
    await expect(canvas.queryByLabelText('Entry for .forge/ASSETS.md')).toBeNull();
  },
};

export const ExpandedByDefault: Story = {
  args: { defaultExpanded: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByLabelText('Entry for .forge/ASSETS.md')).toBeVisible();
  },
};

export const Reject: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Reject' }));
    await expect(actions.onReject).toHaveBeenCalledWith('proposal-1');
  },
};

export const EditForm: Story = {
  args: { proposal: proposal({ entry: { file: 'generated/20261123-195130-042.png', prompt: airshipPrompt, note: 'Title screen candidate.' } }) },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    const prompt = canvas.getByRole('textbox', { name: 'Prompt' });
    await expect(prompt).toHaveFocus();
    await expect(prompt).toHaveValue(airshipPrompt);
    await expect(canvas.getByRole('textbox', { name: 'Note' })).toHaveValue('Title screen candidate.');
    // The machine-readable part is not offered for editing.
    await expect(canvas.queryByText(/forge-asset/)).toBeNull();
    await expect(canvas.getByText('The file, model, size and time stay as Forge recorded them.')).toBeVisible();
  },
};

export const EditThenSave: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    const prompt = canvas.getByRole('textbox', { name: 'Prompt' });
    await userEvent.clear(prompt);
    await userEvent.type(prompt, 'A brass airship, side view');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Note' }), 'Use it on the title screen.');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(actions.onEdit).toHaveBeenCalledWith('proposal-1', { prompt: 'A brass airship, side view', note: 'Use it on the title screen.' });
    // Back to the compact line, which shows the edited prompt until the host applies it.
    await expect(canvas.getByText('A brass airship, side view')).toBeVisible();
  },
};

export const EditNeedsAPrompt: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    await userEvent.clear(canvas.getByRole('textbox', { name: 'Prompt' }));
    await expect(canvas.getByRole('button', { name: 'Save' })).toBeDisabled();
  },
};

export const EditThenDiscard: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Note' }), 'scratch that');
    await userEvent.click(canvas.getByRole('button', { name: 'Discard' }));
    await expect(actions.onEdit).not.toHaveBeenCalled();
    await expect(canvas.queryByRole('textbox', { name: 'Note' })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    await expect(canvas.getByRole('textbox', { name: 'Note' })).toHaveValue('');
    await userEvent.keyboard('{Escape}');
    await expect(canvas.queryByRole('textbox', { name: 'Prompt' })).toBeNull();
  },
};

const agentNote = '## Palette\n\nKeep the airship concepts in **warm brass** and deep teal.\n';

export const TextProposalEdit: Story = {
  args: { proposal: textProposal({ file: '.forge/STYLE.md', body: agentNote }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Palette')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Edit' }));
    const editor = canvas.getByRole('textbox', { name: 'Edit entry' });
    await expect(editor).toHaveValue(agentNote);
    await userEvent.type(editor, '- Tags: airship, dusk');
    await userEvent.click(canvas.getByRole('button', { name: 'Save' }));
    await expect(actions.onEdit).toHaveBeenCalledWith('proposal-1', { body: `${agentNote}- Tags: airship, dusk` });
    await userEvent.click(canvas.getByRole('button', { name: 'Show entry' }));
    await expect(canvas.getByLabelText('Entry for .forge/STYLE.md')).toHaveTextContent('Tags: airship, dusk');
  },
};

export const Overwrite: Story = {
  args: { proposal: textProposal({ operation: 'overwrite', body: '# Assets\n\nEverything this project generated, newest last.\n' }) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Proposed overwrite to .forge/ASSETS.md' })).toBeVisible();
    await expect(canvas.getByText('Replaces the whole file')).toBeVisible();
    await expect(canvas.getByText('Assets')).toBeVisible();
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
    defaultExpanded: true,
    proposal: textProposal({
      body: Array.from({ length: 12 }, (_, index) => `## Entry ${index + 1}\n\n- **Prompt:** variation ${index + 1}\n`).join('\n'),
    }),
  },
  play: async ({ canvas }) => {
    const preview = canvas.getByLabelText('Entry for .forge/ASSETS.md');
    await expect(preview.scrollHeight).toBeGreaterThan(preview.clientHeight);
  },
};

export const HostileEntry: Story = {
  args: {
    defaultExpanded: true,
    proposal: proposal({
      entry: { file: 'generated/x.png', prompt: '<img src=x onerror=alert(1)> --> [click](javascript:alert(1))' },
      body: `${assetsEntry.split('<!--')[0] ?? ''}<img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))\n\n<!-- forge-asset v1 {"file":"x"} -->`,
    }),
  },
  play: async ({ canvas, canvasElement }) => {
    const entry = canvas.getByLabelText('Entry for .forge/ASSETS.md');
    await expect(entry.querySelector('img')).toBeNull();
    await expect(canvas.queryByRole('link', { name: 'click' })).toBeNull();
    await expect(entry).toHaveTextContent('<img src=x onerror=alert(1)>');
    await expect(canvasElement.textContent).not.toContain('forge-asset');
  },
};

export const ReadOnly: Story = {
  args: { actions: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('button', { name: /Approve|Edit|Reject/ })).toBeNull();
    await expect(canvas.getByRole('button', { name: 'Show entry' })).toBeVisible();
  },
};
