import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent } from 'storybook/test';

import { Composer } from './composer.tsx';

const meta = {
  title: 'Chat UI/Composer',
  component: Composer,
  tags: ['autodocs'],
  args: { onSend: fn() },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Composer>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Message' });
    const send = canvas.getByRole('button', { name: 'Send' });
    await expect(send).toBeDisabled();
    await userEvent.type(input, '   ');
    await expect(send).toBeDisabled();
    await userEvent.type(input, 'airship');
    await expect(send).toBeEnabled();
  },
};

export const EnterSends: Story = {
  play: async ({ canvas, args }) => {
    const input = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(input, 'Concept art for a steampunk airship{Enter}');
    await expect(args.onSend).toHaveBeenCalledWith('Concept art for a steampunk airship');
    await expect(input).toHaveValue('');
    await expect(input).toHaveFocus();
  },
};

export const ShiftEnterAddsALine: Story = {
  play: async ({ canvas, args }) => {
    const input = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(input, 'First line{Shift>}{Enter}{/Shift}second line');
    await expect(input).toHaveValue('First line\nsecond line');
    await expect(args.onSend).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await expect(args.onSend).toHaveBeenCalledWith('First line\nsecond line');
  },
};

export const BusyWithStop: Story = {
  args: { busy: true, onStop: fn() },
  play: async ({ canvas, args }) => {
    await expect(canvas.queryByRole('button', { name: 'Send' })).toBeNull();
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Next idea{Enter}');
    await expect(args.onSend).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole('button', { name: 'Stop' }));
    await expect(args.onStop).toHaveBeenCalledOnce();
  },
};

export const BusyWithoutStop: Story = {
  args: { busy: true },
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'Next idea');
    await expect(canvas.getByRole('button', { name: 'Send' })).toBeDisabled();
  },
};

export const Disabled: Story = {
  args: { disabled: true, placeholder: 'Sign in to start chatting' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    await expect(canvas.getByPlaceholderText('Sign in to start chatting')).toBeVisible();
  },
};
