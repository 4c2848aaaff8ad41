export { ApprovalCard } from './approval-card.tsx';
export type { ApprovalCardProps } from './approval-card.tsx';
