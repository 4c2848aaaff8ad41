// The small part of CommonMark this package needs to agree with a markdown renderer about
// where an entry starts: lines (LF, CRLF or CR), fenced code blocks and multi-line HTML
// blocks. Text inside a fence or an HTML block is never read as a heading or an entry.

export interface SourceLine {
  /** The line without its line ending. */
  text: string;
  /** Offset of the line's first character in the source. */
  start: number;
  /** Offset just after the line ending (equal to `start + text.length` on the last line). */
  end: number;
  /** `\n`, `\r\n`, `\r`, or '' on a last line without one. */
  ending: string;
}

/** Splits `source` into lines, keeping each line's own ending. */
export function splitLines(source: string): SourceLine[] {
  const lines: SourceLine[] = [];
  const breaks = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = breaks.exec(source); match !== null; match = breaks.exec(source)) {
    lines.push({ text: source.slice(start, match.index), start, end: match.index + match[0].length, ending: match[0] });
    start = match.index + match[0].length;
  }
  if (start < source.length) lines.push({ text: source.slice(start), start, end: source.length, ending: '' });
  return lines;
}

export interface FenceOpening {
  character: '`' | '~';
  length: number;
  info: string;
}

/** A fenced-code opening line (at most 3 spaces of indent, ≥3 backticks or tildes), or undefined. */
export function matchFenceOpening(line: string): FenceOpening | undefined {
  const match = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (match === null) return undefined;
  const run = match[1] ?? '';
  const info = match[2] ?? '';
  const character = run.startsWith('`') ? '`' : '~';
  if (character === '`' && info.includes('`')) return undefined;
  return { character, length: run.length, info: info.trim() };
}

/** Whether `line` closes a fence opened by `opening`. */
export function closesFence(line: string, opening: FenceOpening): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  const run = match?.[1];
  return run !== undefined && run.startsWith(opening.character) && run.length >= opening.length;
}

/** The longest run of backticks anywhere in `text`. */
export function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const match of text.matchAll(/`+/g)) longest = Math.max(longest, match[0].length);
  return longest;
}

const rawHtmlTags = /^ {0,3}<(pre|script|style|textarea)(?=[\s>]|$)/i;

/** A block that, once opened, swallows following lines until its closer appears. */
export type OpenBlock =
  | { kind: 'fence'; opening: FenceOpening }
  | { kind: 'html'; closer: string };

export type LineRole = 'content' | 'fence-open' | 'fence-body' | 'fence-close' | 'html';

/**
 * Tracks which lines are inside a fence or an HTML block, one line at a time. `open` after
 * the last line tells whether the document ends inside one (and what would close it).
 */
export class BlockScanner {
  open: OpenBlock | undefined = undefined;

  /** The role of the next line; updates the open block. */
  next(line: string): LineRole {
    const open = this.open;
    if (open?.kind === 'fence') {
      if (closesFence(line, open.opening)) {
        this.open = undefined;
        return 'fence-close';
      }
      return 'fence-body';
    }
    if (open?.kind === 'html') {
      if (line.toLowerCase().includes(open.closer)) this.open = undefined;
      return 'html';
    }
    const fence = matchFenceOpening(line);
    if (fence !== undefined) {
      this.open = { kind: 'fence', opening: fence };
      return 'fence-open';
    }
    const comment = /^ {0,3}<!--/.exec(line);
    if (comment !== null) {
      if (!line.slice(comment[0].length - 2).includes('-->')) this.open = { kind: 'html', closer: '-->' };
      return 'html';
    }
    const raw = rawHtmlTags.exec(line);
    if (raw !== null) {
      const closer = `</${(raw[1] ?? '').toLowerCase()}>`;
      if (!line.toLowerCase().includes(closer)) this.open = { kind: 'html', closer };
      return 'html';
    }
    return 'content';
  }

  /** The line that closes the open block, or undefined when nothing is open. */
  closingLine(): string | undefined {
    const open = this.open;
    if (open === undefined) return undefined;
    return open.kind === 'fence' ? open.opening.character.repeat(open.opening.length) : open.closer;
  }
}
