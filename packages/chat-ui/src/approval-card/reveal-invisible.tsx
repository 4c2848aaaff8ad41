// Text from the agent, shown exactly as it is, except that characters a person cannot see
// (control codes, bidirectional overrides, zero-width marks) are spelled out as ⟨U+202E⟩:
// a command must not be able to hide what it really does behind them.
import type { ReactNode } from 'react';

/** Invisible or reordering characters; newline and tab stay as they are. */
// eslint-disable-next-line no-control-regex -- matching these characters is the point
const invisible = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/gu;

function codePoint(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` as React nodes: plain strings, with each invisible character as a visible, labelled mark. */
export function revealInvisible(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(invisible)) {
    const index = match.index;
    if (index > last) nodes.push(text.slice(last, index));
    const name = codePoint(match[0]);
    nodes.push(
      <span key={index} className="forge-approval__invisible" title={`Invisible character ${name}`}>
        ⟨{name}⟩
      </span>,
    );
    last = index + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Whether `text` holds characters `revealInvisible` spells out. */
export function hasInvisible(text: string): boolean {
  invisible.lastIndex = 0;
  const found = invisible.test(text);
  invisible.lastIndex = 0;
  return found;
}
