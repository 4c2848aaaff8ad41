// Reads every ```forge-propose block out of an agent message. Blocks inside other fences are
// examples, not proposals; a block that cannot be applied comes back as a typed error so the
// host can tell the agent, instead of quietly disappearing.
import { BlockScanner, matchFenceOpening, splitLines, type SourceLine } from './markdown-blocks.ts';
import { normalizeMemoryFile } from './memory-path.ts';
import type { MemoryOperation, MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError } from './memory-write-error.ts';

export interface ParsedProposals {
  proposals: MemoryProposal[];
  errors: MemoryWriteError[];
}

const language = 'forge-propose';

/** Every `forge-propose` block in `markdown`, in order; rejected blocks come back in `errors`. */
export function parseProposals(markdown: string): ParsedProposals {
  const proposals: MemoryProposal[] = [];
  const errors: MemoryWriteError[] = [];
  const lines = splitLines(markdown);
  const scanner = new BlockScanner();
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line === undefined) break;
    const wasOpen = scanner.open !== undefined;
    const role = scanner.next(line.text);
    if (wasOpen || role !== 'fence-open') continue;
    const opening = matchFenceOpening(line.text);
    if (opening?.info.split(/\s+/)[0]?.toLowerCase() !== language) continue;
    // Find the closing fence; everything between is the block.
    let close = index + 1;
    while (close < lines.length && scanner.next(lines[close]?.text ?? '') !== 'fence-close') close += 1;
    const block = lines.slice(index + 1, close);
    const closed = close < lines.length;
    const number = proposals.length + errors.length + 1;
    try {
      if (!closed) throw invalid(number, 'is not closed (the message ended inside it)');
      proposals.push(readBlock(markdown, line, block, lines[close], number));
    } catch (error) {
      if (!MemoryWriteError.isInstance(error)) throw error;
      errors.push(error);
    }
    index = close;
  }
  return { proposals, errors };
}

function invalid(number: number, why: string, file?: string): MemoryWriteError {
  return new MemoryWriteError({
    code: 'invalid_proposal',
    message: `Memory proposal ${number} ${why}.`,
    ...(file === undefined ? {} : { path: file }),
  });
}

function readBlock(
  source: string,
  opening: SourceLine,
  block: SourceLine[],
  closing: SourceLine | undefined,
  number: number,
): MemoryProposal {
  const separator = block.findIndex((line) => line.text.trim() === '---');
  if (separator === -1) throw invalid(number, 'has no "---" line between its header and its body');
  const fields = new Map<string, string>();
  for (const line of block.slice(0, separator)) {
    if (line.text.trim() === '') continue;
    const field = /^\s*([A-Za-z_-]+)\s*:\s*(.*?)\s*$/.exec(line.text);
    if (field === null) throw invalid(number, `has a header line that is not "name: value": ${JSON.stringify(line.text.slice(0, 80))}`);
    fields.set((field[1] ?? '').toLowerCase(), unquote(field[2] ?? ''));
  }
  const file = fields.get('file');
  if (file === undefined || file === '') throw invalid(number, 'has no "file:" line');
  const operationText = (fields.get('operation') ?? 'append').toLowerCase();
  if (operationText !== 'append' && operationText !== 'overwrite') {
    throw invalid(number, `has operation ${JSON.stringify(operationText)}; use append or overwrite`, file);
  }
  const operation: MemoryOperation = operationText;
  normalizeMemoryFile(file);
  // The body is the exact text between the "---" line and the closing fence, minus the one
  // line ending before the fence (the message's own line ending, so a body's CR survives).
  const bodyStart = block[separator]?.end ?? opening.end;
  const bodyEnd = closing?.start ?? source.length;
  let body = source.slice(bodyStart, bodyEnd);
  const ending = opening.ending === '' ? '\n' : opening.ending;
  if (body.endsWith(ending)) body = body.slice(0, -ending.length);
  else if (body.endsWith('\n')) body = body.slice(0, body.endsWith('\r\n') ? -2 : -1);
  return { file, operation, body };
}

function unquote(value: string): string {
  const quoted = /^(["'`])(.*)\1$/.exec(value);
  return quoted === null ? value : (quoted[2] ?? '');
}
