export { AccountPanel } from './account-panel.tsx';
export type { AccountPanelProps, ApiKeyInput } from './account-panel.tsx';
