export { ReferenceChips } from './reference-chips.tsx';
export type { ReferenceChip, ReferenceChipsProps } from './reference-chips.tsx';
