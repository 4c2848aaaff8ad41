import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent } from 'storybook/test';

import { landscapePng, portraitPng } from '../__fixtures__/images.ts';
import { Composer } from '../composer/composer.tsx';
import { type ReferenceChip, ReferenceChips } from './reference-chips.tsx';

const references: ReferenceChip[] = [
  { relativePath: '.forge/generated/20261123-195130-042.png', name: '20261123-195130-042.png', thumbnailUrl: landscapePng },
  { relativePath: '.forge/generated/sprites/knight walk.png', name: 'knight walk.png', thumbnailUrl: portraitPng },
];

const meta = {
  title: 'Chat UI/ReferenceChips',
  component: ReferenceChips,
  tags: ['autodocs'],
  args: { references, onRemove: fn().mockName('onRemove'), note: 'References are not sent to the model yet.' },
} satisfies Meta<typeof ReferenceChips>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Chips: Story = {
  play: async ({ args, canvas }) => {
    await expect(canvas.getByRole('group', { name: 'References for the next request' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference knight walk.png' }));
    await expect(args.onRemove).toHaveBeenCalledWith('.forge/generated/sprites/knight walk.png');
  },
};

/** Above the composer, as the chat shows them; removing the last one removes the row. */
export const AboveComposer: Story = {
  render: function Render(args) {
    const [shown, setShown] = useState(args.references);
    return (
      <div style={{ maxWidth: 760 }}>
        <ReferenceChips {...args} references={shown} onRemove={(path) => setShown((current) => current.filter((chip) => chip.relativePath !== path))} />
        <Composer onSend={fn()} />
      </div>
    );
  },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference knight walk.png' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference 20261123-195130-042.png' }));
    await expect(canvas.queryByRole('group', { name: 'References for the next request' })).toBeNull();
  },
};

export const None: Story = { args: { references: [] } };
