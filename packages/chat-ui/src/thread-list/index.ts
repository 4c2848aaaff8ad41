export { ThreadList } from './thread-list.tsx';
export type { ThreadListProps } from './thread-list.tsx';
export { DeleteThreadDialog } from './delete-thread-dialog.tsx';
export type { DeleteThreadDialogProps } from './delete-thread-dialog.tsx';
export { groupThreads, shortWhen } from './group-threads.ts';
export type { ThreadGroup, ThreadListItem } from './group-threads.ts';
