// The one line a compact proposal card shows: the asset's file name and its prompt when the
// host parsed the entry, else the first readable line of the proposed text.

import type { ChatProposalPart } from '../chat-types.ts';

export interface ProposalSummary {
  /** The image's file name, e.g. `20261123-195130-042.png`; absent for other proposals. */
  name?: string;
  text: string;
}

function firstReadableLine(body: string): string {
  let inComment = false;
  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const line = rawLine.trim();
    if (inComment) {
      if (line.includes('-->')) inComment = false;
      continue;
    }
    if (line.startsWith('<!--')) {
      inComment = !line.includes('-->');
      continue;
    }
    // Markdown's block markers and emphasis are noise in a one-line summary.
    const text = line
      .replace(/^(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)/, '')
      .replace(/[*_`]/g, '')
      .trim();
    if (text !== '' && !/^[-=~`]+$/.test(text)) return text;
  }
  return '';
}

export function summarizeProposal(proposal: ChatProposalPart, entry = proposal.entry): ProposalSummary {
  if (entry !== undefined) {
    const name = entry.file.split('/').at(-1) ?? entry.file;
    return { name, text: entry.prompt.replace(/\s+/g, ' ').trim() };
  }
  return { text: firstReadableLine(proposal.body) };
}
