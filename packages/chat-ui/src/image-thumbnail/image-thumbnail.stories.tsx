import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, userEvent, waitFor, within } from 'storybook/test';

import {
  airshipPrompt,
  airshipRevisedPrompt,
  completedImage,
  offlineImage,
  portraitImage,
  squareImage,
} from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ImageThumbnail } from './image-thumbnail.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ImageThumbnail',
  component: ImageThumbnail,
  tags: ['autodocs'],
  args: { image: completedImage(), actions },
} satisfies Meta<typeof ImageThumbnail>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Landscape: Story = {
  play: async ({ canvas, canvasElement }) => {
    const image = canvas.getByRole('img', { name: airshipRevisedPrompt });
    await expect(image.getBoundingClientRect().height).toBeCloseTo(192, -1);
    const thumbnail = canvas.getByRole('button', { name: airshipRevisedPrompt });
    await expect(thumbnail).toHaveAttribute('draggable', 'true');

    await userEvent.click(thumbnail);
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: airshipPrompt });
    await expect(dialog).toHaveAttribute('aria-modal', 'true');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await expect(thumbnail).toHaveFocus();
  },
};

export const Square: Story = { args: { image: squareImage } };

export const Portrait: Story = {
  args: { image: portraitImage },
  play: async ({ canvas }) => {
    const image = canvas.getByRole('img', { name: /small knight in a four-frame walk cycle/ });
    const { width, height } = image.getBoundingClientRect();
    await expect(height).toBeCloseTo(192, -1);
    await expect(width / height).toBeCloseTo(1024 / 1536, 1);
  },
};

/** No revised prompt: the alt text is the prompt itself. */
export const PromptOnly: Story = {
  args: { image: offlineImage },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('img', { name: airshipPrompt })).toBeVisible();
  },
};

export const OfflinePreview: Story = {
  args: { image: offlineImage },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Offline preview')).toBeVisible();
  },
};

export const EnterOpensViewer: Story = {
  play: async ({ canvas, canvasElement }) => {
    const thumbnail = canvas.getByRole('button', { name: airshipRevisedPrompt });
    thumbnail.focus();
    await userEvent.keyboard('{Enter}');
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog', { name: airshipPrompt });
    await expect(within(dialog).getByText('1536×1024')).toBeVisible();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await expect(thumbnail).toHaveFocus();
  },
};

export const ContextMenu: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    const body = within(canvasElement.ownerDocument.body);
    const thumbnail = canvas.getByRole('button', { name: airshipRevisedPrompt });
    const openMenu = async () => {
      await userEvent.pointer({ keys: '[MouseRight]', target: thumbnail });
      return body.findByRole('menu');
    };

    const menu = await openMenu();
    const items = within(menu).getAllByRole('menuitem');
    await expect(items.map((item) => item.textContent)).toEqual(['Save As…', 'Copy Image', 'Copy Path', 'Show in Folder', 'Regenerate']);
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Save As…' }));
    await expect(actions.onSaveAs).toHaveBeenCalledWith(args.image);
    await expect(body.queryByRole('menu')).toBeNull();

    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Copy Image' }));
    await expect(actions.onCopyImage).toHaveBeenCalledWith(args.image);
    await expect(await canvas.findByText('Image copied')).toBeVisible();

    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Copy Path' }));
    await expect(actions.onCopyPath).toHaveBeenCalledWith(args.image);

    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Show in Folder' }));
    await expect(actions.onShowInFolder).toHaveBeenCalledWith(args.image);

    // Regenerate asks for a new picture; this one stays where it is.
    await userEvent.click(within(await openMenu()).getByRole('menuitem', { name: 'Regenerate' }));
    await expect(actions.onRegenerateImage).toHaveBeenCalledWith(args.image.id);
    await expect(canvas.getByRole('img', { name: airshipRevisedPrompt })).toBeVisible();
  },
};

export const ContextMenuFromKeyboard: Story = {
  play: async ({ canvas, canvasElement, args }) => {
    const body = within(canvasElement.ownerDocument.body);
    const thumbnail = canvas.getByRole('button', { name: airshipRevisedPrompt });
    thumbnail.focus();
    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    const menu = await body.findByRole('menu');
    await expect(within(menu).getByRole('menuitem', { name: 'Save As…' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    await expect(within(menu).getByRole('menuitem', { name: 'Copy Path' })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(actions.onCopyPath).toHaveBeenCalledWith(args.image);
    await expect(body.queryByRole('menu')).toBeNull();
    await expect(thumbnail).toHaveFocus();

    await userEvent.keyboard('{Shift>}{F10}{/Shift}');
    await body.findByRole('menu');
    await userEvent.keyboard('{Escape}');
    await expect(body.queryByRole('menu')).toBeNull();
    await expect(thumbnail).toHaveFocus();
  },
};

/** Only the actions the host provides appear. */
export const ContextMenuWithSomeActions: Story = {
  args: { actions: { onCopyPath: actions.onCopyPath, onShowInFolder: actions.onShowInFolder } },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.pointer({ keys: '[MouseRight]', target: canvas.getByRole('button', { name: airshipRevisedPrompt }) });
    const menu = await within(canvasElement.ownerDocument.body).findByRole('menu');
    await expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Copy Path', 'Show in Folder']);
  },
};

export const DragOut: Story = {
  play: async ({ canvas, args }) => {
    const seen: Record<string, string> = {};
    actions.onDragStart.mockImplementation((_image, event) => {
      for (const type of ['DownloadURL', 'text/uri-list', 'text/plain']) seen[type] = event.dataTransfer.getData(type);
    });
    const thumbnail = canvas.getByRole('button', { name: airshipRevisedPrompt });
    await fireEvent.dragStart(thumbnail, { dataTransfer: new DataTransfer() });
    await expect(actions.onDragStart).toHaveBeenCalledWith(args.image, expect.anything());
    await expect(seen['DownloadURL']).toMatch(/^image\/png:20261123-195130-042\.png:data:image\/png;base64,/);
    await expect(seen['text/plain']).toBe('.forge/generated/20261123-195130-042.png');
  },
};

export const WithoutActions: Story = {
  args: { actions: undefined },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.pointer({ keys: '[MouseRight]', target: canvas.getByRole('button', { name: airshipRevisedPrompt }) });
    await expect(within(canvasElement.ownerDocument.body).queryByRole('menu')).toBeNull();
  },
};
