export { HighlightedText } from './highlight-text.tsx';
export type { HighlightedTextProps } from './highlight-text.tsx';
export { excerpt, searchTerms, splitByTerms, termsPattern } from './search-terms.ts';
export type { TextSegment } from './search-terms.ts';
