// A thread's automatic title: the first line of its first message, whitespace folded, cut
// at a word near 60 characters. A title the user gives is kept exactly as typed.
const maxLength = 60;

export const untitled = 'New chat';

/**
 * Made once, on first use, and only for a line longer than the limit: the first segmenter of a
 * process loads ICU's break rules (~10 ms, on the first message's save path).
 */
let graphemeSegmenter: Intl.Segmenter | undefined;

export function titleFromText(text: string): string {
  const firstLine = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  const folded = firstLine.replace(/\s+/g, ' ').trim();
  if (folded === '') return untitled;
  // No more graphemes than UTF-16 units: a line this short is whole without counting them.
  if (folded.length <= maxLength) return folded;
  // By grapheme, so an emoji or an accented letter is never cut in half.
  graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const graphemes = Array.from(graphemeSegmenter.segment(folded), (part) => part.segment);
  if (graphemes.length <= maxLength) return folded;
  const cut = graphemes.slice(0, maxLength).join('');
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
