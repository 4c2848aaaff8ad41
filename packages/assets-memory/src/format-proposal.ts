// Renders a proposal as the ```forge-propose block agents already write. The fence is longer
// than any backtick run in the body, so a body full of code fences still round-trips exactly.
import { longestBacktickRun } from './markdown-blocks.ts';
import { normalizeMemoryFile } from './memory-path.ts';
import type { MemoryProposal } from './memory-proposal.ts';
import { MemoryWriteError } from './memory-write-error.ts';

/** The fenced block for `proposal`; `parseProposals(formatProposal(p))` gives back `p`. */
export function formatProposal(proposal: MemoryProposal): string {
  normalizeMemoryFile(proposal.file);
  if (proposal.file !== proposal.file.trim() || /^["'`]/.test(proposal.file)) {
    throw new MemoryWriteError({ code: 'invalid_proposal', message: `Memory file ${JSON.stringify(proposal.file)} has surrounding spaces or quotes.`, path: proposal.file });
  }
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(proposal.body) + 1));
  return `${fence}forge-propose\nfile: ${proposal.file}\noperation: ${proposal.operation}\n---\n${proposal.body}\n${fence}`;
}
