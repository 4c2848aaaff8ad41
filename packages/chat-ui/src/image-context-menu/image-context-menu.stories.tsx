import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';

import { completedImage } from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ImageContextMenu } from './image-context-menu.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ImageContextMenu',
  component: ImageContextMenu,
  tags: ['autodocs'],
  args: { image: completedImage(), actions, position: { x: 32, y: 32 }, onClose: fn(), onFeedback: fn() },
  parameters: { docs: { story: { inline: false, height: '220px' } } },
} satisfies Meta<typeof ImageContextMenu>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AllActions: Story = {
  play: async ({ canvasElement, args }) => {
    const menu = within(canvasElement.ownerDocument.body).getByRole('menu', { name: 'Image actions' });
    const items = within(menu).getAllByRole('menuitem');
    await expect(items.map((item) => item.textContent)).toEqual(['Save As…', 'Copy Image', 'Copy Path', 'Show in Folder', 'Regenerate']);
    await expect(items[0]).toHaveFocus();
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Copy Image' }));
    await expect(actions.onCopyImage).toHaveBeenCalledWith(args.image);
    await expect(args.onClose).toHaveBeenCalledWith('select');
    await expect(args.onFeedback).toHaveBeenCalledWith('Image copied');
  },
};

export const CopyFails: Story = {
  args: {
    actions: {
      onCopyImage: fn(() => Promise.reject(new Error('clipboard denied'))),
    },
  },
  play: async ({ canvasElement, args }) => {
    const menu = within(canvasElement.ownerDocument.body).getByRole('menu');
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Copy Image' }));
    await expect(args.onFeedback).toHaveBeenCalledWith("Couldn't copy the image");
  },
};

export const SaveAndRevealOnly: Story = {
  args: { actions: { onSaveAs: actions.onSaveAs, onShowInFolder: actions.onShowInFolder } },
  play: async ({ canvasElement }) => {
    const menu = within(canvasElement.ownerDocument.body).getByRole('menu');
    await expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Save As…', 'Show in Folder']);
  },
};

/** Opened near the bottom-right corner, the menu stays inside the window. */
export const NearTheEdge: Story = {
  args: { position: { x: 4000, y: 4000 } },
  play: async ({ canvasElement }) => {
    const menu = within(canvasElement.ownerDocument.body).getByRole('menu');
    const rect = menu.getBoundingClientRect();
    await expect(rect.right).toBeLessThanOrEqual(window.innerWidth);
    await expect(rect.bottom).toBeLessThanOrEqual(window.innerHeight);
  },
};

/** Regenerate draws the image again as a new file; the menu closes. */
export const Regenerate: Story = {
  play: async ({ canvasElement, args }) => {
    const menu = within(canvasElement.ownerDocument.body).getByRole('menu', { name: 'Image actions' });
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Regenerate' }));
    await expect(actions.onRegenerateImage).toHaveBeenCalledWith(args.image.id);
    await expect(args.onClose).toHaveBeenCalledWith('select');
  },
};
