import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent } from 'storybook/test';

import { Composer } from './composer.tsx';
import type { ChatMode } from './mode-switch.tsx';

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

export const ModeSwitch: Story = {
  args: { mode: 'agent', onModeChange: fn() },
  play: async ({ canvas, args }) => {
    const group = canvas.getByRole('radiogroup', { name: 'Mode' });
    await expect(group).toBeVisible();
    const agent = canvas.getByRole('radio', { name: 'Agent' });
    await expect(agent).toBeChecked();
    await expect(canvas.getByRole('radio', { name: 'Ask' })).not.toBeChecked();
    await userEvent.click(canvas.getByRole('radio', { name: 'Ask' }));
    await expect(args.onModeChange).toHaveBeenLastCalledWith('ask');
  },
};

/** The host keeps the mode (per thread); the switch reflects what it is told. */
function ControlledModeComposer({ onModeChange, onSend }: { onModeChange: (mode: ChatMode) => void; onSend: (text: string) => void }) {
  const [mode, setMode] = useState<ChatMode>('agent');
  return (
    <Composer
      onSend={onSend}
      mode={mode}
      onModeChange={(next) => {
        setMode(next);
        onModeChange(next);
      }}
    />
  );
}

export const ModeSwitchKeyboard: Story = {
  args: { onModeChange: fn() },
  render: (args) => <ControlledModeComposer onModeChange={args.onModeChange ?? (() => undefined)} onSend={args.onSend} />,
  play: async ({ canvas, args }) => {
    const agent = canvas.getByRole('radio', { name: 'Agent' });
    const ask = canvas.getByRole('radio', { name: 'Ask' });
    agent.focus();
    await userEvent.keyboard('{ArrowLeft}');
    await expect(ask).toHaveFocus();
    await expect(ask).toBeChecked();
    await expect(args.onModeChange).toHaveBeenLastCalledWith('ask');
    await userEvent.keyboard('{ArrowRight}');
    await expect(agent).toHaveFocus();
    await expect(agent).toBeChecked();
    await expect(args.onModeChange).toHaveBeenLastCalledWith('agent');
    // Tab leaves the group from the checked radio, on to Send.
    await userEvent.type(canvas.getByRole('textbox', { name: 'Message' }), 'hi');
    agent.focus();
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: 'Send' })).toHaveFocus();
  },
};

export const AskMode: Story = {
  args: { mode: 'ask', onModeChange: fn(), busy: true, onStop: fn() },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('radio', { name: 'Ask' })).toBeChecked();
    await expect(canvas.getByRole('button', { name: 'Stop' })).toBeVisible();
  },
};

export const DisabledWithMode: Story = {
  args: { mode: 'agent', onModeChange: fn(), disabled: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('radio', { name: 'Ask' })).toBeDisabled();
  },
};
