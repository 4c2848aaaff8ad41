import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent } from 'storybook/test';

import { defaultImageOptions, ImageOptions, type ImageOptionsValue } from './image-options.tsx';

const codexReason = 'Codex chooses this itself: its image tool takes no size, quality or background from Forge. Use an OpenAI API key or offline for this.';

const meta = {
  title: 'Chat UI/ImageOptions',
  component: ImageOptions,
  tags: ['autodocs'],
  args: { value: defaultImageOptions, onChange: fn().mockName('onChange') },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 640 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ImageOptions>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every option available (the OpenAI backend): choosing one reports the whole value. */
export const Available: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Background' }), 'Transparent');
    await expect(args.onChange).toHaveBeenCalledWith({ ...defaultImageOptions, background: 'transparent' });
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Count' }), '3');
    await expect(args.onChange).toHaveBeenLastCalledWith({ ...defaultImageOptions, count: 3 });
  },
};

/** A transparent square sprite, two variants. */
export const Chosen: Story = {
  args: { value: { size: 'square', quality: 'high', background: 'transparent', count: 2 } },
};

/** Offline: one quality, said beside the disabled control. */
export const OneDisabled: Story = {
  args: { disabledReasons: { quality: 'The offline model has one quality.' } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('combobox', { name: 'Quality' })).toBeDisabled();
    await expect(canvas.getByRole('combobox', { name: 'Size' })).toBeEnabled();
    await expect(canvas.getByText('The offline model has one quality.')).toBeVisible();
  },
};

/** Codex: every option disabled, each reason shown once. */
export const DisabledWithReasons: Story = {
  args: { disabledReasons: { size: codexReason, quality: codexReason, background: codexReason, count: 'Codex draws one image per request.' } },
  play: async ({ canvas }) => {
    for (const name of ['Size', 'Quality', 'Background', 'Count']) await expect(canvas.getByRole('combobox', { name })).toBeDisabled();
    await expect(canvas.getAllByText(codexReason)).toHaveLength(1);
    await expect(canvas.getByText('Codex draws one image per request.')).toBeVisible();
  },
};

/** As the app holds it: the value follows the choice. */
export const Interactive: Story = {
  render: function Render(args) {
    const [value, setValue] = useState<ImageOptionsValue>(defaultImageOptions);
    return <ImageOptions {...args} value={value} onChange={setValue} />;
  },
  play: async ({ canvas }) => {
    const size = canvas.getByRole('combobox', { name: 'Size' });
    await userEvent.selectOptions(size, 'Portrait');
    await expect(size).toHaveValue('portrait');
  },
};
