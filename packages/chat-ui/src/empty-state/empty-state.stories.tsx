import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef } from 'react';
import { expect, fn, userEvent } from 'storybook/test';

import { Composer, type ComposerHandle } from '../composer/composer.tsx';
import { EmptyState, exampleRequests } from './empty-state.tsx';

const meta = {
  title: 'Chat UI/EmptyState',
  component: EmptyState,
  tags: ['autodocs'],
  args: { onPick: fn() },
} satisfies Meta<typeof EmptyState>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Examples: Story = {
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('heading', { name: 'What should we make?' })).toBeVisible();
    const buttons = canvas.getAllByRole('button');
    await expect(buttons.map((button) => button.textContent)).toEqual([...exampleRequests]);
    await userEvent.click(canvas.getByRole('button', { name: 'Mock up a UI button in three states.' }));
    await expect(args.onPick).toHaveBeenCalledWith('Mock up a UI button in three states.');
  },
};

/** How a host wires it: an example fills the composer (and focuses it); it never sends. */
function EmptyChat({ onSend }: { onSend: (text: string) => void }) {
  const composer = useRef<ComposerHandle>(null);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', minHeight: 'calc(100vh - 48px)', maxWidth: 720, margin: '0 auto' }}>
      <div style={{ flex: 1 }}>
        <EmptyState onPick={(text) => composer.current?.fill(text)}>
          <p>
            Ask for concept art, a UI mock-up, an icon or a sprite sheet. Every image is saved to <code>.forge/generated/</code>.
          </p>
        </EmptyState>
      </div>
      <Composer ref={composer} onSend={onSend} mode="agent" onModeChange={() => undefined} />
    </div>
  );
}

export const ClickFillsTheComposer: Story = {
  args: { onPick: fn() },
  render: () => <EmptyChat onSend={onSend} />,
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Message' });
    await userEvent.type(input, 'something half-typed');
    await userEvent.click(canvas.getByRole('button', { name: 'Generate concept art for a steampunk airship.' }));
    await expect(input).toHaveValue('Generate concept art for a steampunk airship.');
    await expect(input).toHaveFocus();
    await expect((input as HTMLTextAreaElement).selectionStart).toBe('Generate concept art for a steampunk airship.'.length);
    await expect(onSend).not.toHaveBeenCalled();
    await userEvent.click(canvas.getByRole('button', { name: 'Make me a sprite sheet reference for a four-frame walk cycle.' }));
    await expect(input).toHaveValue('Make me a sprite sheet reference for a four-frame walk cycle.');
    await userEvent.keyboard('{Enter}');
    await expect(onSend).toHaveBeenCalledWith('Make me a sprite sheet reference for a four-frame walk cycle.');
  },
};

const onSend = fn<(text: string) => void>().mockName('onSend');
