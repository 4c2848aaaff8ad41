import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, fn, userEvent, waitFor, within } from 'storybook/test';

import { airshipPrompt, airshipRevisedPrompt, completedImage, offlineImage, portraitImage } from '../__fixtures__/chat-parts.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import { ImageViewer } from './image-viewer.tsx';

const actions = mockActions();

const meta = {
  title: 'Chat UI/ImageViewer',
  component: ImageViewer,
  tags: ['autodocs'],
  args: { image: completedImage(), onClose: fn(), actions },
  parameters: { docs: { story: { inline: false, height: '640px' } } },
} satisfies Meta<typeof ImageViewer>;

export default meta;
type Story = StoryObj<typeof meta>;

function dialogOf(canvasElement: HTMLElement) {
  return within(canvasElement.ownerDocument.body).findByRole('dialog', { name: airshipPrompt });
}

export const Details: Story = {
  play: async ({ canvasElement }) => {
    const dialog = within(await dialogOf(canvasElement));
    await expect(dialog.getByRole('img', { name: airshipRevisedPrompt })).toBeVisible();
    await expect(dialog.getByText('1536×1024')).toBeVisible();
    await expect(dialog.getByText('gpt-image-2')).toBeVisible();
    await expect(dialog.getByText('.forge/generated/20261123-195130-042.png')).toBeVisible();
    await expect(dialog.getByText('Revised prompt')).toBeVisible();
    await expect(dialog.getByText(airshipRevisedPrompt)).toBeVisible();
  },
};

export const Zoom: Story = {
  play: async ({ canvasElement }) => {
    const dialog = within(await dialogOf(canvasElement));
    const level = dialog.getByRole('status', { name: 'Zoom level' });
    const fitLevel = level.textContent;
    await userEvent.click(dialog.getByRole('button', { name: '100%' }));
    await expect(level).toHaveTextContent('100%');
    await userEvent.click(dialog.getByRole('button', { name: 'Zoom in' }));
    await expect(level).toHaveTextContent('125%');
    await userEvent.click(dialog.getByRole('button', { name: 'Zoom out' }));
    await userEvent.click(dialog.getByRole('button', { name: 'Zoom out' }));
    await expect(level).toHaveTextContent('80%');
    await userEvent.click(dialog.getByRole('button', { name: 'Fit' }));
    await expect(level).toHaveTextContent(fitLevel);
  },
};

export const KeyboardZoom: Story = {
  play: async ({ canvasElement }) => {
    const dialog = within(await dialogOf(canvasElement));
    const level = dialog.getByRole('status', { name: 'Zoom level' });
    const fitLevel = level.textContent;
    await userEvent.keyboard('1');
    await expect(level).toHaveTextContent('100%');
    await userEvent.keyboard('+');
    await expect(level).toHaveTextContent('125%');
    await userEvent.keyboard('0');
    await expect(level).toHaveTextContent(fitLevel);
  },
};

export const WheelAndDrag: Story = {
  play: async ({ canvasElement }) => {
    const dialog = within(await dialogOf(canvasElement));
    const level = dialog.getByRole('status', { name: 'Zoom level' });
    const image = dialog.getByRole('img', { name: airshipRevisedPrompt });
    const stage = image.parentElement;
    if (stage === null) throw new Error('the image has no stage');
    const before = Number.parseInt(level.textContent, 10);
    await fireEvent.wheel(stage, { deltaY: -200, clientX: 300, clientY: 300 });
    await waitFor(() => expect(Number.parseInt(level.textContent, 10)).toBeGreaterThan(before));

    const transformBefore = image.style.transform;
    await fireEvent.pointerDown(stage, { pointerId: 1, button: 0, clientX: 200, clientY: 200 });
    await fireEvent.pointerMove(stage, { pointerId: 1, clientX: 260, clientY: 230 });
    await fireEvent.pointerUp(stage, { pointerId: 1, clientX: 260, clientY: 230 });
    await waitFor(() => expect(image.style.transform).not.toBe(transformBefore));
  },
};

export const EscapeCloses: Story = {
  play: async ({ canvasElement, args }) => {
    await dialogOf(canvasElement);
    await userEvent.keyboard('{Escape}');
    await expect(args.onClose).toHaveBeenCalledOnce();
  },
};

export const Actions: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(await dialogOf(canvasElement));
    await userEvent.click(dialog.getByRole('button', { name: 'Copy Path' }));
    await expect(actions.onCopyPath).toHaveBeenCalledWith(args.image);
    await expect(await dialog.findByText('Path copied')).toBeVisible();
    await userEvent.click(dialog.getByRole('button', { name: 'Show in Folder' }));
    await expect(actions.onShowInFolder).toHaveBeenCalledWith(args.image);
  },
};

export const Portrait: Story = { args: { image: portraitImage } };

export const OfflinePreviewWithoutActions: Story = {
  args: { image: offlineImage, actions: undefined },
  play: async ({ canvasElement }) => {
    const dialog = within(await dialogOf(canvasElement));
    await expect(dialog.getByText('Offline preview')).toBeVisible();
    await expect(dialog.queryByText('Revised prompt')).toBeNull();
    await expect(dialog.queryByRole('button', { name: 'Save As…' })).toBeNull();
  },
};

/** Regenerate from the viewer: the new picture is drawn in the chat, so the viewer closes. */
export const Regenerate: Story = {
  play: async ({ canvasElement, args }) => {
    const dialog = within(await dialogOf(canvasElement));
    await userEvent.click(dialog.getByRole('button', { name: 'Regenerate' }));
    await expect(actions.onRegenerateImage).toHaveBeenCalledWith(args.image.id);
    await expect(args.onClose).toHaveBeenCalled();
  },
};
