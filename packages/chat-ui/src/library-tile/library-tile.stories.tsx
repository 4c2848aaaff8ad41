import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';

import { airshipImage, corruptFile, emptyFile, foreignImage, meshFile, soundFile, spriteImage, truncatedImage } from '../__fixtures__/library-assets.ts';
import type { LibraryImage } from '../library-types.ts';
import { LibraryTile } from './library-tile.tsx';

const meta = {
  title: 'Chat UI/LibraryTile',
  component: LibraryTile,
  tags: ['autodocs'],
  args: { asset: airshipImage, onOpen: fn().mockName('onOpen'), onMenu: fn().mockName('onMenu') },
  decorators: [
    (Story) => (
      <div style={{ width: 200, height: 264 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof LibraryTile>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Image: Story = {
  play: async ({ args, canvas }) => {
    const tile = canvas.getByRole('button', { name: 'Concept art for a steampunk airship at dusk' });
    await expect(within(tile).getByText('In chat')).toBeVisible();
    await expect(within(tile).getByText('2.3 MB')).toBeVisible();
    await userEvent.click(tile);
    await expect(args.onOpen).toHaveBeenCalledTimes(1);
    tile.focus();
    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await expect(args.onMenu).toHaveBeenCalledTimes(1);
  },
};

export const Portrait: Story = { args: { asset: spriteImage } };

export const Highlighted: Story = {
  args: { asset: spriteImage, query: 'knight sprites' },
  play: async ({ canvasElement }) => {
    await expect([...canvasElement.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['knight', 'sprites']);
  },
};

/** Another tool's image: nothing but what the file says — its name, size and date. */
export const WithoutProvenance: Story = {
  args: { asset: foreignImage },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('button', { name: 'hero idle.webp' });
    await expect(within(tile).getByText('hero idle.webp')).toBeVisible();
    await expect(within(tile).getByText('5.0 KB')).toBeVisible();
  },
};

export const NonImage: Story = {
  args: { asset: meshFile },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('button', { name: '20261121-120000-000.glb, 3D model' });
    await expect(within(tile).getByText('GLB')).toBeVisible();
    await expect(within(tile).getByText('1.7 MB')).toBeVisible();
    await expect(within(tile).getByText('meshes/')).toBeVisible();
  },
};

export const Sound: Story = { args: { asset: soundFile } };

export const BrokenEmpty: Story = {
  args: { asset: emptyFile },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('button', { name: /cannot be shown: Empty file/ });
    await expect(within(tile).getByText('Can’t show this file')).toBeVisible();
    await expect(within(tile).getByText('0 B')).toBeVisible();
  },
};

export const BrokenCorrupt: Story = { args: { asset: corruptFile } };

/** The header read, the picture did not: the tile learns it when the thumbnail fails. */
export const DamagedThumbnail: Story = {
  args: { asset: truncatedImage },
  render: function Render(args) {
    const [failed, setFailed] = useState(false);
    return <LibraryTile {...args} thumbnailFailed={failed} onThumbnailError={(_asset: LibraryImage) => setFailed(true)} />;
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText('The image is damaged or cut short')).toBeVisible();
  },
};
