// Markdown that is still arriving, made safe to render at every token: remend closes unfinished
// emphasis, code spans and links; here we also hold back the two constructs remend leaves
// alone and that would otherwise flash as broken layout for a moment — a table whose header
// has arrived but whose delimiter row has not (it would show as a paragraph of pipes), and a
// fence line at the end (stray backticks while typed, an empty code block once opened).
import remend, { isWithinCodeBlock } from 'remend';

/** A line that could belong to a table: GFM rows from models start with a pipe. */
const pipeRow = /^ {0,3}\|/;
/** A complete delimiter row: `| --- | :-: |`, cells of dashes with optional colons. */
const delimiterRow = /^ {0,3}\|?(?:\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?\s*$/;
/** What a delimiter row looks like while it is still being typed. */
const delimiterPrefix = /^ {0,3}\|[\s|:-]*$/;
/** A last line that is (or may become) a fence opening or closing. */
const fenceLine = /^ {0,3}(?:`+|~+)[\w.+#-]*$/;

/** The number of cells in a table row (pipes at either end do not add one). */
function cellCount(row: string): number {
  const inner = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** Where an unconfirmed table starts at the end of `text`, or -1 when there is none to hold back. */
function unconfirmedTableStart(text: string): number {
  const lines = text.split('\n');
  const last = text.endsWith('\n') ? lines.length - 2 : lines.length - 1;
  let first = last;
  while (first >= 0 && pipeRow.test(lines[first] ?? '')) first -= 1;
  first += 1;
  const rows = last - first + 1;
  if (rows <= 0) return -1;
  const header = lines[first] ?? '';
  const offset = lines.slice(0, first).reduce((sum, line) => sum + line.length + 1, 0);
  if (isWithinCodeBlock(text, offset)) return -1;
  if (rows === 1) return offset;
  const delimiter = lines[first + 1] ?? '';
  const confirmed = delimiterRow.test(delimiter) && cellCount(delimiter) === cellCount(header);
  if (rows === 2 && !confirmed && delimiterPrefix.test(delimiter)) return offset;
  return -1;
}

/** `text` as it should be rendered while it is still streaming in. */
export function steadyStreamingMarkdown(text: string): string {
  let steady = text;
  // A fence line at the very end: being typed, it shows as stray backticks; just opened, as an
  // empty code block. Without it the text renders the same once the code starts (an unclosed
  // fence runs to the end), so it waits for the next line.
  const lines = steady.split('\n');
  const last = steady.endsWith('\n') ? lines.length - 2 : lines.length - 1;
  if (last >= 0 && fenceLine.test(lines[last] ?? '')) steady = lines.slice(0, last).map((line) => `${line}\n`).join('');
  const tableStart = unconfirmedTableStart(steady);
  if (tableStart !== -1) steady = steady.slice(0, tableStart);
  // Math is not rendered here, so `$$` must stay text; an unfinished link shows as its text.
  return remend(steady, { katex: false, inlineKatex: false, linkMode: 'text-only' });
}
