// Text with the words of a search marked, as text: the string is split and each run is a
// React text node (never HTML), so a prompt holding markup shows as the characters it is.
import { useMemo } from 'react';

import { excerpt, searchTerms, splitByTerms, termsPattern } from './search-terms.ts';

export interface HighlightedTextProps {
  text: string;
  /** The search as typed; its words are marked wherever they occur. */
  query?: string | undefined;
  /** Show at most this many characters, around the first match. */
  maxLength?: number | undefined;
}

export function HighlightedText({ text, query = '', maxLength }: HighlightedTextProps) {
  const segments = useMemo(() => {
    const pattern = termsPattern(searchTerms(query));
    const shown = maxLength === undefined ? text : excerpt(text, pattern, maxLength);
    return splitByTerms(shown, pattern);
  }, [text, query, maxLength]);
  return (
    <>
      {segments.map((segment, index) =>
        segment.match ? (
          <mark key={index} className="forge-mark">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
