// The image follow-ups on a finished image: a transparent one on a checkerboard, the warning a
// checked result gets, "Refine" in the menu, and the viewer's "Refined from …" line.
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

import { airshipRevisedPrompt, completedImage } from '../__fixtures__/chat-parts.ts';
import { spritePng } from '../__fixtures__/images.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ImageIndexContext } from '../image-viewer/image-index.ts';
import { ImageViewer } from '../image-viewer/image-viewer.tsx';
import { ImageThumbnail } from './image-thumbnail.tsx';

const parent = completedImage({ id: 'image-parent', relativePath: '.forge/generated/20261123-195130-042.png' });
const refined = completedImage({
  id: 'image-refined',
  prompt: 'make it bluer',
  revisedPrompt: 'The same steampunk airship at dusk, in a cool blue palette',
  relativePath: '.forge/generated/20261123-195410-300.png',
  derivedFrom: [
    { relativePath: '.forge/generated/20261123-195130-042.png', role: 'parent', imageId: 'image-parent' },
    { relativePath: '.forge/generated/references/20261123-195400-001.png', role: 'reference' },
  ],
});
const sprite = completedImage({
  id: 'image-sprite',
  prompt: 'A slime sprite on a transparent background',
  revisedPrompt: 'A green slime sprite on a transparent background',
  url: spritePng,
  width: 512,
  height: 512,
  relativePath: '.forge/generated/sprites/20261123-195500-000.png',
  hasTransparency: true,
});
const opaqueWarning = 'Asked for a transparent background, but every pixel of this image is opaque.';

const onRefine = fn().mockName('onRefine');
const actions = { ...mockActions(), onRefine };

const meta = {
  title: 'Chat UI/Image follow-ups',
  component: ImageThumbnail,
  tags: ['autodocs'],
  args: { image: sprite, actions },
} satisfies Meta<typeof ImageThumbnail>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A transparent PNG shows the checkerboard through its see-through pixels. */
export const TransparentOnCheckerboard: Story = {
  play: async ({ canvasElement }) => {
    const frame = canvasElement.querySelector('.forge-thumbnail__frame');
    await expect(frame).toHaveAttribute('data-transparent', 'true');
    await expect(getComputedStyle(frame as Element).backgroundImage).toContain('linear-gradient');
  },
};

/** The result was checked, not trusted: an opaque "transparent" image says so on the image. */
export const WarningOnImage: Story = {
  args: { image: completedImage({ id: 'image-opaque', prompt: 'A slime sprite on a transparent background', hasTransparency: false, warnings: [opaqueWarning] }) },
  play: async ({ canvas }) => {
    const warnings = canvas.getByRole('list', { name: 'Warnings about this image' });
    await expect(within(warnings).getByText(opaqueWarning)).toBeVisible();
  },
};

/** "Refine" in the thumbnail's menu hands the image to the host (which puts it in the composer). */
export const RefineInMenu: Story = {
  args: { image: parent },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.pointer({ keys: '[MouseRight]', target: canvas.getByRole('button', { name: airshipRevisedPrompt }) });
    const item = await within(canvasElement.ownerDocument.body).findByRole('menuitem', { name: 'Refine' });
    await userEvent.click(item);
    await expect(onRefine).toHaveBeenCalledWith(parent);
  },
};

/** The viewer names the parent ("Refined from …", a link that opens it) and the references. */
export const ViewerLineage: StoryObj<typeof ImageViewer> = {
  render: () => (
    <ImageIndexContext
      value={
        new Map([
          [parent.id, parent],
          [refined.id, refined],
        ])
      }
    >
      <ImageViewer image={refined} onClose={fn()} actions={actions} />
    </ImageIndexContext>
  ),
  parameters: { docs: { story: { inline: false, height: '640px' } } },
  play: async ({ canvasElement }) => {
    const dialog = within(await within(canvasElement.ownerDocument.body).findByRole('dialog', { name: 'make it bluer' }));
    await expect(dialog.getByText(/Refined from/)).toBeVisible();
    await expect(dialog.getByText('20261123-195400-001.png')).toBeVisible();
    await userEvent.click(dialog.getByRole('button', { name: '20261123-195130-042.png' }));
    await waitFor(() => expect(within(canvasElement.ownerDocument.body).getByRole('dialog', { name: parent.prompt })).toBeVisible());
  },
};
