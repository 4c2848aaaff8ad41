export { TurnEnding } from './turn-ending.tsx';
export type { TurnEndingProps } from './turn-ending.tsx';
export { turnEndingOf } from './turn-ending-of.ts';
export type { TurnEndingKind } from './turn-ending-of.ts';
