import { expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { airshipPrompt, airshipRevisedPrompt, completedImage } from '../__fixtures__/chat-parts.ts';
import { render } from '../__fixtures__/render.tsx';
import { tinyPng } from '../__fixtures__/images.ts';
import { ImageThumbnail } from './image-thumbnail.tsx';

const thumbnail = () => page.getByRole('button', { name: airshipRevisedPrompt });

test('a real Escape closes the viewer and puts focus back on the thumbnail', async () => {
  render(<ImageThumbnail image={completedImage()} />);
  await userEvent.click(thumbnail());
  await expect.element(page.getByRole('dialog', { name: airshipPrompt })).toBeVisible();
  await userEvent.keyboard('{Escape}');
  await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
  await expect.element(thumbnail()).toHaveFocus();
});

test('a right click opens the menu where the pointer is', async () => {
  const onCopyPath = vi.fn();
  render(<ImageThumbnail image={completedImage()} actions={{ onCopyPath }} />);
  await userEvent.click(thumbnail(), { button: 'right', position: { x: 40, y: 30 } });
  const menu = page.getByRole('menu');
  await expect.element(menu).toBeVisible();
  const frame = thumbnail().element().getBoundingClientRect();
  // The menu's own box is mid-animation (scaled), so read where it was placed.
  const placed = (menu.element() as HTMLElement).style;
  expect(Math.abs(Number.parseFloat(placed.left) - (frame.left + 40))).toBeLessThan(2);
  expect(Math.abs(Number.parseFloat(placed.top) - (frame.top + 30))).toBeLessThan(2);
});

test('the context-menu key opens the menu below the focused thumbnail', async () => {
  render(<ImageThumbnail image={completedImage()} actions={{ onSaveAs: vi.fn() }} />);
  thumbnail().element().focus();
  await userEvent.keyboard('{ContextMenu}');
  await expect.element(page.getByRole('menuitem', { name: 'Save As…' })).toHaveFocus();
  const frame = thumbnail().element().getBoundingClientRect();
  expect(page.getByRole('menu').element().getBoundingClientRect().top).toBeGreaterThanOrEqual(frame.bottom);
});

test('a failing copy tells the user it did not work', async () => {
  const onCopyImage = vi.fn(() => Promise.reject(new Error('clipboard denied')));
  render(<ImageThumbnail image={completedImage()} actions={{ onCopyImage }} />);
  await userEvent.click(thumbnail(), { button: 'right' });
  await userEvent.click(page.getByRole('menuitem', { name: 'Copy Image' }));
  await expect.element(page.getByRole('status').filter({ hasText: "Couldn't copy the image" })).toBeVisible();
});

test("with the store's thumbnail, the picture is drawn into a canvas named like the image, in the image's proportions from the start", async () => {
  render(<ImageThumbnail image={completedImage({ thumbnail: { url: tinyPng, url2x: tinyPng } })} />);
  const picture = page.getByRole('img', { name: airshipRevisedPrompt });
  await expect.element(picture).toBeVisible();
  expect(picture.element().tagName).toBe('CANVAS');
  const frame = document.querySelector<HTMLElement>('.forge-thumbnail__frame');
  await expect.poll(() => frame?.dataset.drawn).toBe('true');
  expect((picture.element() as HTMLCanvasElement).width).toBe(64);
  const box = frame?.getBoundingClientRect();
  expect((box?.width ?? 0) / (box?.height ?? 1)).toBeCloseTo(1.5, 1);
});

test('a thumbnail that cannot be had shows the file itself', async () => {
  render(<ImageThumbnail image={completedImage({ thumbnail: { url: '/no-such-thumbnail.webp', url2x: '/no-such-thumbnail.webp' } })} />);
  await expect.poll(() => page.getByRole('img', { name: airshipRevisedPrompt }).element().tagName).toBe('IMG');
  await expect.poll(() => (page.getByRole('img', { name: airshipRevisedPrompt }).element() as HTMLImageElement).naturalWidth).toBe(1536);
});
