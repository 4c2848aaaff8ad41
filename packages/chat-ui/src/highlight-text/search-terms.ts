// How a search box's text becomes the words to find and mark: split on white space, each
// matched case-insensitively anywhere in the text. The Library's search and its highlight
// read the query the same way, so what is marked is what was matched.

/** The distinct words of a query, longest first (so a longer word wins where two overlap). */
export function searchTerms(query: string): string[] {
  const words = query.trim().split(/\s+/u).filter((word) => word !== '');
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const word of words) {
    const key = word.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(word);
  }
  return terms.sort((left, right) => right.length - left.length);
}

/** One pattern finding any of the terms, or undefined when there are none. */
export function termsPattern(terms: readonly string[]): RegExp | undefined {
  if (terms.length === 0) return undefined;
  return new RegExp(terms.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'giu');
}

export interface TextSegment {
  text: string;
  match: boolean;
}

/** The text cut into plain and matching runs. */
export function splitByTerms(text: string, pattern: RegExp | undefined): TextSegment[] {
  if (pattern === undefined || text === '') return text === '' ? [] : [{ text, match: false }];
  const segments: TextSegment[] = [];
  let last = 0;
  for (const found of text.matchAll(pattern)) {
    const start = found.index;
    if (start > last) segments.push({ text: text.slice(last, start), match: false });
    segments.push({ text: found[0], match: true });
    last = start + found[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), match: false });
  return segments;
}

/**
 * At most `maxLength` characters of `text`, around its first match when the match would
 * otherwise be cut off, with "…" where it was cut.
 */
export function excerpt(text: string, pattern: RegExp | undefined, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let start = 0;
  if (pattern !== undefined) {
    pattern.lastIndex = 0;
    const found = pattern.exec(text);
    pattern.lastIndex = 0;
    // Some context before the match, started at a word where one is near.
    if (found !== null && found.index + found[0].length > maxLength - 1) {
      start = Math.max(0, found.index - 24);
      const space = text.indexOf(' ', start);
      if (start > 0 && space >= 0 && space < found.index) start = space + 1;
    }
  }
  const end = Math.min(text.length, start + maxLength);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
