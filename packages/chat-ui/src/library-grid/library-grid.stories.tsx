import type { Meta, StoryObj } from '@storybook/react-vite';
import { useCallback, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

import { manyAssets } from '../__fixtures__/library-assets.ts';
import { mockActions } from '../__fixtures__/mock-actions.ts';
import type { LibraryAsset } from '../library-types.ts';
import { LibraryGrid } from './library-grid.tsx';

const actions = mockActions();
const imageActions = { ...actions, onUseInChat: fn().mockName('onUseInChat'), onShowInChat: fn().mockName('onShowInChat') };
const fileActions = { onCopyPath: actions.onCopyPath, onShowInFolder: actions.onShowInFolder };
const hundred = manyAssets(100);
const tenThousand = manyAssets(10_000);

const meta = {
  title: 'Chat UI/LibraryGrid',
  component: LibraryGrid,
  tags: ['autodocs'],
  args: { assets: hundred, total: hundred.length, actions: imageActions, fileActions },
  decorators: [
    (Story) => (
      <div style={{ display: 'flex', flexDirection: 'column', height: 600, border: '1px solid var(--forge-border)', borderRadius: 12 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof LibraryGrid>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Arrows move between tiles; Enter opens the chat's viewer; Escape brings focus back. */
export const Default: Story = {
  play: async ({ canvas, canvasElement }) => {
    const tiles = canvas.getAllByRole('button');
    const first = tiles[0];
    if (first === undefined) throw new Error('no tiles');
    await expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    await userEvent.keyboard('{ArrowRight}');
    await expect(canvasElement.querySelector('[data-tile-index="1"]')).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    const columns = canvasElement.querySelector('.forge-library-grid__row')?.children.length ?? 0;
    await expect(canvasElement.querySelector(`[data-tile-index="${1 + columns}"]`)).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}{Enter}');
    const body = within(canvasElement.ownerDocument.body);
    const dialog = await body.findByRole('dialog');
    await expect(within(dialog).getByRole('button', { name: 'Use in chat' })).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(body.queryByRole('dialog')).toBeNull());
    await expect(canvasElement.querySelector(`[data-tile-index="${columns}"]`)).toHaveFocus();
  },
};

/** The chat's context menu, with the Library's "Use in chat" and (for the chat's images) "Show in chat". */
export const ContextMenu: Story = {
  play: async ({ canvas, canvasElement }) => {
    const chatImage = canvas.getByRole('button', { name: /\(1\)$/ });
    await userEvent.pointer({ keys: '[MouseRight]', target: chatImage });
    const body = within(canvasElement.ownerDocument.body);
    const menu = await body.findByRole('menu', { name: 'Image actions' });
    await expect(within(menu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Use in chat',
      'Show in chat',
      'Save As…',
      'Copy Image',
      'Copy Path',
      'Show in Folder',
    ]);
    await userEvent.click(within(menu).getByRole('menuitem', { name: 'Use in chat' }));
    await expect(imageActions.onUseInChat).toHaveBeenCalledWith(expect.objectContaining({ relativePath: hundred[0]?.relativePath }));
    // A sprite from the Asset studio was not made in the chat: no "Show in chat".
    await userEvent.pointer({ keys: '[MouseRight]', target: canvas.getByRole('button', { name: /\(5\)$/ }) });
    const spriteMenu = await body.findByRole('menu', { name: 'Image actions' });
    await expect(within(spriteMenu).queryByRole('menuitem', { name: 'Show in chat' })).toBeNull();
    await userEvent.keyboard('{Escape}');
    // A mesh offers what a file can do.
    const [mesh] = canvas.getAllByRole('button', { name: /\.glb, 3D model/ });
    if (mesh === undefined) throw new Error('no mesh tile');
    await userEvent.click(mesh);
    const fileMenu = await body.findByRole('menu', { name: 'File actions' });
    await expect(within(fileMenu).getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Copy Path', 'Show in Folder']);
    await userEvent.keyboard('{Escape}');
  },
};

/** 10,000 assets: only the rows in view are mounted, at the top and at the bottom. */
export const TenThousand: Story = {
  args: { assets: tenThousand, total: tenThousand.length },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getAllByRole('listitem').length).toBeLessThan(120);
    await expect(canvas.getAllByRole('listitem')[0]).toHaveAttribute('aria-setsize', '10000');
    const scroller = canvasElement.querySelector('.forge-library-grid');
    if (!(scroller instanceof HTMLElement)) throw new Error('no grid');
    scroller.scrollTop = scroller.scrollHeight;
    // A busy machine may take a few frames to lay out the last rows.
    await waitFor(() => expect(canvasElement.querySelector('[data-tile-index="9999"]')).toHaveAccessibleName(/\(10000\)$/), { timeout: 8000 });
    await expect(canvas.getAllByRole('listitem').length).toBeLessThan(120);
  },
};

function PagedGrid({ all, pageSize }: { all: LibraryAsset[]; pageSize: number }) {
  const [loaded, setLoaded] = useState(() => all.slice(0, pageSize));
  const onNeedMore = useCallback(
    (index: number) => setLoaded((current) => (index < current.length ? current : all.slice(0, Math.min(all.length, index + pageSize)))),
    [all, pageSize],
  );
  return <LibraryGrid assets={loaded} total={all.length} actions={imageActions} fileActions={fileActions} onNeedMore={onNeedMore} />;
}

/** Pages arrive as the reader scrolls: rows not loaded yet keep their shape as placeholders. */
export const LoadsAsYouScroll: Story = {
  render: () => <PagedGrid all={manyAssets(600)} pageSize={60} />,
  play: async ({ canvasElement }) => {
    const scroller = canvasElement.querySelector('.forge-library-grid');
    if (!(scroller instanceof HTMLElement)) throw new Error('no grid');
    scroller.scrollTop = scroller.scrollHeight;
    await waitFor(() => expect(canvasElement.querySelector('[data-tile-index="599"]')).toHaveAccessibleName(/\(600\)$/), { timeout: 8000 });
  },
};

/** Placeholders only: what the first frame of a big Library looks like before its page arrives. */
export const Placeholders: Story = { args: { assets: [], total: 40 } };
