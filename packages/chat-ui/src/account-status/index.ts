export { AccountStatus } from './account-status.tsx';
export type { AccountStatusProps } from './account-status.tsx';
