export { WorkspaceSwitcher } from './workspace-switcher.tsx';
export type { WorkspaceItem, WorkspaceSwitcherProps } from './workspace-switcher.tsx';
export { folderPathProblem } from './folder-path.ts';
