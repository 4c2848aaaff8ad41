export { ProposalCard } from './proposal-card.tsx';
export type { ProposalCardProps } from './proposal-card.tsx';
