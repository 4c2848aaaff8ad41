import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent } from 'storybook/test';

import { portraitPng, squarePng } from '../__fixtures__/images.ts';
import { defaultImageOptions, ImageOptions, type ImageOptionsValue } from '../image-options/image-options.tsx';
import type { ReferenceChip } from '../reference-chips/reference-chips.tsx';
import { Composer } from './composer.tsx';

const refineChip: ReferenceChip = { relativePath: '.forge/generated/20261123-195130-042.png', name: 'Refine · 20261123-195130-042.png', thumbnailUrl: squarePng };
const referenceChip: ReferenceChip = { relativePath: '.forge/generated/references/20261123-195200-001.png', name: 'knight sketch.png', thumbnailUrl: portraitPng };
const codexImageReason = "Codex's image tool cannot take an image from Forge: refine and references need an OpenAI API key (or offline).";
const codexOptionReason = 'Codex chooses this itself: its image tool takes no size, quality or background from Forge. Use an OpenAI API key or offline for this.';

const meta = {
  title: 'Chat UI/Composer/Image follow-ups',
  component: Composer,
  tags: ['autodocs'],
  args: {
    onSend: fn().mockName('onSend'),
    onAttachFiles: fn().mockName('onAttachFiles'),
    onRemoveAttachment: fn().mockName('onRemoveAttachment'),
    onModeChange: fn().mockName('onModeChange'),
    attachments: [refineChip, referenceChip],
    options: <ImageOptions value={{ ...defaultImageOptions, background: 'transparent' }} onChange={fn()} />,
  },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: 720 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof Composer>;

export default meta;
type Story = StoryObj<typeof meta>;

/** After Refine: the image is a chip above the box, with a reference beside it; options under it. */
export const ChipsAndOptions: Story = {
  play: async ({ canvas, args }) => {
    await expect(canvas.getByRole('group', { name: 'References for the next request' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference knight sketch.png' }));
    await expect(args.onRemoveAttachment).toHaveBeenCalledWith('.forge/generated/references/20261123-195200-001.png');
    await expect(canvas.getByRole('group', { name: 'Image options' })).toBeVisible();
  },
};

/** "Attach image" opens the file picker; the chosen files go to the host (which checks them by content). */
export const AttachImage: Story = {
  args: { attachments: [] },
  play: async ({ canvas, canvasElement, args }) => {
    await expect(canvas.getByRole('button', { name: 'Attach image' })).toBeEnabled();
    const input = canvasElement.querySelector<HTMLInputElement>('input[type="file"]');
    if (input === null) throw new Error('no file input');
    const file = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'sketch.png', { type: 'image/png' });
    await userEvent.upload(input, file);
    await expect(args.onAttachFiles).toHaveBeenCalledWith([file]);
  },
};

/** A pasted image becomes a chip (the host's), not text. */
export const PasteImage: Story = {
  args: { attachments: [] },
  play: async ({ canvas, args }) => {
    const input = canvas.getByRole('textbox', { name: 'Message' });
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'photo.jpg', { type: 'image/jpeg' });
    const data = new DataTransfer();
    data.items.add(file);
    input.focus();
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    await expect(args.onAttachFiles).toHaveBeenCalledWith([file]);
    await expect(input).toHaveValue('');
  },
};

/** Codex: Attach image and every option disabled, each with its reason shown. */
export const DisabledWithReasons: Story = {
  args: {
    attachments: [],
    attachDisabledReason: codexImageReason,
    options: (
      <ImageOptions
        value={defaultImageOptions}
        onChange={fn()}
        disabledReasons={{ size: codexOptionReason, quality: codexOptionReason, background: codexOptionReason, count: 'Codex draws one image per request.' }}
      />
    ),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Attach image' })).toBeDisabled();
    await expect(canvas.getByText(codexImageReason)).toBeVisible();
    await expect(canvas.getByRole('combobox', { name: 'Background' })).toBeDisabled();
    await expect(canvas.getByText(codexOptionReason)).toBeVisible();
  },
};

/** As the app holds it: removing every chip removes the row; the options keep their choice. */
export const Interactive: Story = {
  render: function Render(args) {
    const [chips, setChips] = useState<readonly ReferenceChip[]>([refineChip, referenceChip]);
    const [options, setOptions] = useState<ImageOptionsValue>(defaultImageOptions);
    return (
      <Composer
        {...args}
        attachments={chips}
        onRemoveAttachment={(path) => setChips((current) => current.filter((chip) => chip.relativePath !== path))}
        options={<ImageOptions value={options} onChange={setOptions} />}
      />
    );
  },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference Refine · 20261123-195130-042.png' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Remove reference knight sketch.png' }));
    await expect(canvas.queryByRole('group', { name: 'References for the next request' })).toBeNull();
  },
};
