import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';

import { forgeLinkRefusal, recentProjects } from '../__fixtures__/threads.ts';
import { WorkspaceSwitcher } from './workspace-switcher.tsx';

const meta = {
  title: 'Chat UI/WorkspaceSwitcher',
  component: WorkspaceSwitcher,
  tags: ['autodocs'],
  args: {
    current: { mode: 'project', name: 'harbour', folder: '/home/ada/games/harbour' },
    recent: recentProjects,
    onOpenProject: fn(() => Promise.resolve()),
    onOpenScratchpad: fn(() => Promise.resolve()),
    onOpenChange: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ height: 420, padding: '8px 12px', background: 'var(--forge-surface-raised)', borderBottom: '1px solid var(--forge-border)' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof WorkspaceSwitcher>;

export default meta;
type Story = StoryObj<typeof meta>;

export const ProjectOpen: Story = {
  play: async ({ canvas }) => {
    const trigger = canvas.getByRole('button', { name: 'Workspace: harbour (Project)' });
    await expect(trigger).toHaveAttribute('aria-expanded', 'false');
    await expect(trigger).toHaveAttribute('title', '/home/ada/games/harbour');
  },
};

export const ScratchpadOpen: Story = {
  args: { current: { mode: 'open', name: 'Scratchpad', folder: '/home/ada/.forge/scratchpad' } },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Workspace: Scratchpad (Open mode)' }));
    await expect(canvas.getByRole('button', { name: /Scratchpad Open mode/ })).toHaveAttribute('aria-current', 'true');
  },
};

export const RecentProjects: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await expect(args.onOpenChange).toHaveBeenCalledWith(true);
    const panel = canvas.getByRole('dialog', { name: 'Switch workspace' });
    const current = within(panel).getByRole('button', { name: /harbour/ });
    await expect(current).toHaveAttribute('aria-current', 'true');
    await expect(current).toHaveFocus();
    // A project that is gone is listed, not offered.
    await expect(within(panel).getByRole('button', { name: /moved-away/ })).toBeDisabled();
    await userEvent.click(within(panel).getByRole('button', { name: /site-redesign/ }));
    await expect(args.onOpenProject).toHaveBeenCalledWith('/home/ada/projects/site-redesign');
    await expect(canvas.queryByRole('dialog')).toBeNull();
    await expect(canvas.getByRole('button', { name: /Workspace: harbour/ })).toHaveFocus();
  },
};

export const SwitchToScratchpad: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: /Scratchpad/ }));
    await expect(args.onOpenScratchpad).toHaveBeenCalledOnce();
  },
};

export const PathFieldInTheBrowser: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Open folder…' }));
    const field = canvas.getByRole('textbox', { name: 'Folder path' });
    await expect(field).toHaveFocus();
    await userEvent.click(canvas.getByRole('button', { name: 'Open' }));
    await expect(canvas.getByRole('alert')).toHaveTextContent('Type the path of a project folder.');
    await userEvent.type(field, 'games/harbour{Enter}');
    await expect(canvas.getByRole('alert')).toHaveTextContent("Use the folder's full path, like /home/you/project.");
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(args.onOpenProject).not.toHaveBeenCalled();
    await userEvent.clear(field);
    await userEvent.type(field, '/home/ada/games/lighthouse{Enter}');
    await expect(args.onOpenProject).toHaveBeenCalledWith('/home/ada/games/lighthouse');
  },
};

export const NativePickerOnTheDesktop: Story = {
  args: { onChooseFolder: fn(() => Promise.resolve('/home/ada/games/lighthouse')) },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Open folder…' }));
    await expect(args.onChooseFolder).toHaveBeenCalledOnce();
    await expect(canvas.queryByRole('textbox', { name: 'Folder path' })).toBeNull();
    await expect(args.onOpenProject).toHaveBeenCalledWith('/home/ada/games/lighthouse');
  },
};

export const NativePickerCancelled: Story = {
  args: { onChooseFolder: fn(() => Promise.resolve(undefined)) },
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Open folder…' }));
    await expect(args.onOpenProject).not.toHaveBeenCalled();
    await expect(canvas.queryByRole('alert')).toBeNull();
    await expect(canvas.getByRole('dialog', { name: 'Switch workspace' })).toBeVisible();
  },
};

export const FolderRefused: Story = {
  args: { onOpenProject: fn(() => Promise.reject(new Error(forgeLinkRefusal))) },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: /site-redesign/ }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(forgeLinkRefusal);
    // Still open on the same workspace, ready to pick another.
    await expect(canvas.getByRole('dialog', { name: 'Switch workspace' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Workspace: harbour (Project)' })).toBeVisible();
  },
};

export const Opening: Story = {
  args: { onOpenProject: fn(() => new Promise<void>(() => undefined)) },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.click(canvas.getByRole('button', { name: /site-redesign/ }));
    await expect(canvas.getByRole('status')).toHaveTextContent('Opening…');
    await expect(canvas.getByRole('button', { name: /Scratchpad/ })).toBeDisabled();
  },
};

export const EscapeCloses: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: harbour/ }));
    await userEvent.keyboard('{Escape}');
    await expect(canvas.queryByRole('dialog')).toBeNull();
    await expect(args.onOpenChange).toHaveBeenLastCalledWith(false);
    await expect(canvas.getByRole('button', { name: /Workspace: harbour/ })).toHaveFocus();
  },
};

export const NoProjectsYet: Story = {
  args: { current: { mode: 'open', name: 'Scratchpad', folder: '/home/ada/.forge/scratchpad' }, recent: [] },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: /Workspace: Scratchpad/ }));
    await expect(canvas.getByText('No projects opened yet.')).toBeVisible();
  },
};
