// Threads and workspaces for the sidebar and switcher stories, at fixed times around `threadsNow`.
import type { ThreadListItem } from '../thread-list/group-threads.ts';
import type { WorkspaceItem } from '../workspace-switcher/workspace-switcher.tsx';

/** 12 March 2026, 15:30 local time. */
export const threadsNow = new Date(2026, 2, 12, 15, 30).getTime();

const at = (daysAgo: number, hour: number, minute = 0): string => new Date(2026, 2, 12 - daysAgo, hour, minute).toISOString();

export const threads: ThreadListItem[] = [
  { threadId: 'airship', title: 'Concept art for a steampunk airship', updatedAt: at(0, 14, 12), messageCount: 6 },
  { threadId: 'buttons', title: 'A UI button in three states', updatedAt: at(0, 9, 40), messageCount: 4 },
  { threadId: 'walk-cycle', title: 'Sprite-sheet reference for a four-frame walk cycle', updatedAt: at(1, 18, 5), messageCount: 12 },
  { threadId: 'logo', title: 'Logo ideas for the harbour café', updatedAt: at(4, 11), messageCount: 8 },
  { threadId: 'map', title: 'Map of the old town', updatedAt: at(45, 16), messageCount: 2 },
];

export const hostileThreads: ThreadListItem[] = [
  { threadId: 'long', title: `A very long title ${'that keeps going '.repeat(600)}`.slice(0, 10_000), updatedAt: at(0, 13), messageCount: 3 },
  { threadId: 'html', title: '<img src=x onerror=alert(1)><b>bold?</b> &amp; <script>alert(2)</script>', updatedAt: at(0, 12), messageCount: 2 },
  { threadId: 'control', title: 'Tabs\tnew\nlines \u0007bell \u0000nul \u202Eright-to-left', updatedAt: at(0, 11), messageCount: 2 },
];

export const recentProjects: WorkspaceItem[] = [
  { mode: 'project', folder: '/home/ada/games/harbour', name: 'harbour', current: true },
  { mode: 'project', folder: '/home/ada/projects/site-redesign', name: 'site-redesign' },
  { mode: 'open', folder: '/home/ada/.forge/scratchpad', name: 'Scratchpad' },
  { mode: 'project', folder: '/home/ada/old/moved-away', name: 'moved-away', missing: true },
];

export const forgeLinkRefusal = '`.forge` in this project is a link to another place; Forge will not follow it';
