export { EmptyState, exampleRequests } from './empty-state.tsx';
export type { EmptyStateProps } from './empty-state.tsx';
