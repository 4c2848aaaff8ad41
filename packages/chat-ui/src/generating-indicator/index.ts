export { GeneratingIndicator } from './generating-indicator.tsx';
export type { GeneratingIndicatorProps } from './generating-indicator.tsx';
