export { TurnStatus } from './turn-status.tsx';
export type { TurnStatusProps } from './turn-status.tsx';
