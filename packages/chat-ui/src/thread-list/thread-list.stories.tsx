import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';

import { hostileThreads, threads, threadsNow } from '../__fixtures__/threads.ts';
import { ThreadList } from './thread-list.tsx';

const meta = {
  title: 'Chat UI/ThreadList',
  component: ThreadList,
  tags: ['autodocs'],
  args: {
    threads,
    activeThreadId: 'airship',
    now: () => threadsNow,
    onOpen: fn(),
    onNew: fn(),
    onRename: fn(),
    onDelete: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ width: 280, height: 520, border: '1px solid var(--forge-border)', borderRadius: 12, background: 'var(--forge-surface)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ThreadList>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvas, args }) => {
    const nav = canvas.getByRole('navigation', { name: 'Conversations' });
    // Newest first, under day headings.
    const groups = within(nav).getAllByRole('region').map((region) => region.getAttribute('aria-label'));
    await expect(groups).toEqual(['Today', 'Yesterday', 'Previous 7 days', 'Older']);
    await expect(within(nav).getByRole('button', { current: 'page' })).toHaveTextContent('Concept art for a steampunk airship');
    await userEvent.click(canvas.getByRole('button', { name: /Map of the old town/ }));
    await expect(args.onOpen).toHaveBeenCalledWith('map');
    await userEvent.click(canvas.getByRole('button', { name: 'New chat' }));
    await expect(args.onNew).toHaveBeenCalledOnce();
  },
};

export const Empty: Story = {
  args: { threads: [], activeThreadId: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No conversations yet. Ask for an image to start one.')).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'New chat' })).toBeEnabled();
  },
};

export const RenameInline: Story = {
  play: async ({ canvas, args }) => {
    const item = canvas.getByRole('button', { name: /A UI button in three states/ }).closest('li') as HTMLElement;
    await userEvent.hover(item);
    await userEvent.click(within(item).getByRole('button', { name: 'Rename' }));
    const field = canvas.getByRole('textbox', { name: 'Conversation name' });
    await expect(field).toHaveFocus();
    await expect(field).toHaveValue('A UI button in three states');
    await userEvent.clear(field);
    await userEvent.type(field, 'Buttons: idle, hover, pressed{Enter}');
    await expect(args.onRename).toHaveBeenCalledWith('buttons', 'Buttons: idle, hover, pressed');
    await expect(canvas.queryByRole('textbox', { name: 'Conversation name' })).toBeNull();
  },
};

export const RenameEscapeKeepsTheTitle: Story = {
  play: async ({ canvas, args }) => {
    const open = canvas.getByRole('button', { name: /Logo ideas/ });
    open.focus();
    // F2 renames the focused thread, as in a file list.
    await userEvent.keyboard('{F2}');
    const field = canvas.getByRole('textbox', { name: 'Conversation name' });
    await userEvent.type(field, ' (draft)');
    await userEvent.keyboard('{Escape}');
    await expect(args.onRename).not.toHaveBeenCalled();
    await expect(canvas.getByRole('button', { name: /Logo ideas for the harbour café/ })).toBeVisible();
  },
};

export const RenameFails: Story = {
  args: { onRename: fn(() => Promise.reject(new Error('That conversation is no longer there: it may have been deleted.'))) },
  play: async ({ canvas }) => {
    const item = canvas.getByRole('button', { name: /Map of the old town/ }).closest('li') as HTMLElement;
    await userEvent.click(within(item).getByRole('button', { name: 'Rename' }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Conversation name' }), ' 2{Enter}');
    await expect(await canvas.findByRole('alert')).toHaveTextContent('That conversation is no longer there');
  },
};

export const DeleteAsksFirst: Story = {
  play: async ({ canvasElement, canvas, args }) => {
    const item = canvas.getByRole('button', { name: /Sprite-sheet reference/ }).closest('li') as HTMLElement;
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    const page = within(canvasElement.ownerDocument.body);
    const dialog = page.getByRole('alertdialog', { name: 'Delete this conversation?' });
    await expect(dialog).toHaveTextContent('“Sprite-sheet reference for a four-frame walk cycle”');
    await expect(dialog).toHaveTextContent('Its 12 messages will be removed from Forge. The images it made stay in .forge/generated/.');
    // The safe choice has the focus; Cancel deletes nothing.
    await expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await expect(args.onDelete).not.toHaveBeenCalled();
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    await userEvent.click(within(page.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await expect(args.onDelete).toHaveBeenCalledWith('walk-cycle');
    await waitFor(() => expect(page.queryByRole('alertdialog')).toBeNull());
  },
};

export const DeleteConfirmationOpen: Story = {
  play: async ({ canvasElement, canvas }) => {
    const item = canvas.getByRole('button', { name: /Logo ideas/ }).closest('li') as HTMLElement;
    await userEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    await expect(within(canvasElement.ownerDocument.body).getByRole('alertdialog')).toBeVisible();
  },
};

export const HostileTitles: Story = {
  args: { threads: hostileThreads, activeThreadId: 'long' },
  play: async ({ canvasElement, canvas }) => {
    const nav = canvas.getByRole('navigation', { name: 'Conversations' });
    // HTML is text: nothing it names was created.
    await expect(nav.querySelector('img, b, script')).toBeNull();
    await expect(canvas.getByRole('button', { name: /<img src=x onerror=alert\(1\)><b>bold\?<\/b>/ })).toBeVisible();
    // 10,000 characters stay on one line, cut with an ellipsis, and the sidebar keeps its width.
    const long = canvas.getByRole('button', { current: 'page' });
    await expect(long.getBoundingClientRect().height).toBeLessThan(40);
    await expect(nav.getBoundingClientRect().width).toBeLessThan(300);
    const title = long.querySelector('.forge-threads__title') as HTMLElement;
    await expect(title.textContent).toHaveLength(10_000);
    await expect(getComputedStyle(title).textOverflow).toBe('ellipsis');
    // The confirmation names it in at most three lines.
    await userEvent.click(within(long.closest('li') as HTMLElement).getByRole('button', { name: 'Delete' }));
    const name = within(canvasElement.ownerDocument.body).getByRole('alertdialog').querySelector('.forge-confirm__name') as HTMLElement;
    await expect(name.getBoundingClientRect().height).toBeLessThan(80);
    await userEvent.keyboard('{Escape}');
  },
};
