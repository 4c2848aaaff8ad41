import { expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { manyAssets } from '../__fixtures__/library-assets.ts';
import { render } from '../__fixtures__/render.tsx';
import { LibraryGrid } from './library-grid.tsx';

function frame(children: React.ReactNode) {
  return <div style={{ display: 'flex', flexDirection: 'column', width: 900, height: 600 }}>{children}</div>;
}

test('mounts only the rows in view of 10,000 assets, at the top and after scrolling to the end', async () => {
  const assets = manyAssets(10_000);
  const { container } = render(frame(<LibraryGrid assets={assets} total={assets.length} />));
  const tiles = () => container.querySelectorAll('.forge-tile').length;
  expect(tiles()).toBeGreaterThan(0);
  expect(tiles()).toBeLessThan(80);
  const scroller = container.querySelector('.forge-library-grid') as HTMLElement;
  scroller.scrollTop = scroller.scrollHeight;
  await expect.element(page.getByRole('button', { name: /\(10000\)$/ })).toBeVisible();
  expect(tiles()).toBeLessThan(80);
});

test('asks for more when placeholders come into view, and never for what it has', async () => {
  const all = manyAssets(400);
  const onNeedMore = vi.fn();
  const { container } = render(frame(<LibraryGrid assets={all.slice(0, 40)} total={all.length} onNeedMore={onNeedMore} />));
  expect(onNeedMore).not.toHaveBeenCalled();
  expect(container.querySelectorAll('.forge-tile--placeholder')).toHaveLength(0);
  const scroller = container.querySelector('.forge-library-grid') as HTMLElement;
  scroller.scrollTop = scroller.scrollHeight / 2;
  await expect.poll(() => onNeedMore.mock.calls.length).toBeGreaterThan(0);
  const [asked] = onNeedMore.mock.calls.at(-1) as [number];
  expect(asked).toBeGreaterThanOrEqual(40);
  expect(container.querySelectorAll('.forge-tile--placeholder').length).toBeGreaterThan(0);
});

test('End and Home move focus to the last and first tiles, scrolling them into view', async () => {
  const assets = manyAssets(2_000);
  const { container } = render(frame(<LibraryGrid assets={assets} total={assets.length} />));
  (container.querySelector('[data-tile-index="0"]') as HTMLElement).focus();
  await userEvent.keyboard('{End}');
  await expect.poll(() => document.activeElement?.getAttribute('data-tile-index')).toBe('1999');
  const scroller = container.querySelector('.forge-library-grid') as HTMLElement;
  const last = page.getByRole('button', { name: /\(2000\)$/ }).element().getBoundingClientRect();
  expect(last.top).toBeGreaterThanOrEqual(scroller.getBoundingClientRect().top);
  expect(last.bottom).toBeLessThanOrEqual(scroller.getBoundingClientRect().bottom);
  await userEvent.keyboard('{Home}');
  await expect.poll(() => document.activeElement?.getAttribute('data-tile-index')).toBe('0');
  // One tab stop: only the current tile is in the tab order.
  expect(container.querySelectorAll('.forge-tile[tabindex="0"]')).toHaveLength(1);
});
