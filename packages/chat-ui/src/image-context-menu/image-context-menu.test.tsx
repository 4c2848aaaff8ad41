import { expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { completedImage } from '../__fixtures__/chat-parts.ts';
import { render } from '../__fixtures__/render.tsx';
import type { ChatActions } from '../chat-types.ts';
import { ImageContextMenu } from './image-context-menu.tsx';

function allActions() {
  return {
    onSaveAs: vi.fn(),
    onCopyImage: vi.fn(),
    onCopyPath: vi.fn(),
    onShowInFolder: vi.fn(),
  } satisfies ChatActions;
}

const item = (name: string) => page.getByRole('menuitem', { name });

test('arrow keys move through the items and wrap around; Home and End jump', async () => {
  render(<ImageContextMenu image={completedImage()} actions={allActions()} position={{ x: 10, y: 10 }} onClose={vi.fn()} />);
  await expect.element(item('Save As…')).toHaveFocus();

  await userEvent.keyboard('{ArrowDown}');
  await expect.element(item('Copy Image')).toHaveFocus();
  await userEvent.keyboard('{ArrowUp}{ArrowUp}');
  await expect.element(item('Show in Folder')).toHaveFocus();
  await userEvent.keyboard('{ArrowDown}');
  await expect.element(item('Save As…')).toHaveFocus();
  await userEvent.keyboard('{End}');
  await expect.element(item('Show in Folder')).toHaveFocus();
  await userEvent.keyboard('{Home}');
  await expect.element(item('Save As…')).toHaveFocus();
});

test('typing a letter jumps to the next item starting with it', async () => {
  render(<ImageContextMenu image={completedImage()} actions={allActions()} position={{ x: 10, y: 10 }} onClose={vi.fn()} />);
  await expect.element(item('Save As…')).toHaveFocus();
  await userEvent.keyboard('c');
  await expect.element(item('Copy Image')).toHaveFocus();
  await userEvent.keyboard('c');
  await expect.element(item('Copy Path')).toHaveFocus();
  await userEvent.keyboard('s');
  await expect.element(item('Show in Folder')).toHaveFocus();
});

test('Enter runs the focused item and closes the menu', async () => {
  const actions = allActions();
  const onClose = vi.fn();
  const image = completedImage();
  render(<ImageContextMenu image={image} actions={actions} position={{ x: 10, y: 10 }} onClose={onClose} />);
  await expect.element(item('Save As…')).toHaveFocus();
  await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}{Enter}');
  expect(actions.onShowInFolder).toHaveBeenCalledWith(image);
  expect(actions.onSaveAs).not.toHaveBeenCalled();
  expect(onClose).toHaveBeenCalledWith('select');
});

test('Escape, Tab and a click outside close the menu, each with its reason', async () => {
  const onClose = vi.fn();
  render(<ImageContextMenu image={completedImage()} actions={allActions()} position={{ x: 10, y: 10 }} onClose={onClose} />);
  await expect.element(item('Save As…')).toHaveFocus();
  await userEvent.keyboard('{Escape}');
  expect(onClose).toHaveBeenLastCalledWith('escape');
  await userEvent.keyboard('{Tab}');
  expect(onClose).toHaveBeenLastCalledWith('tab');
  await userEvent.click(document.body, { position: { x: 400, y: 400 } });
  expect(onClose).toHaveBeenLastCalledWith('outside');
});
