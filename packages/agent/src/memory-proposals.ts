// Finds ```forge-propose fenced blocks in an agent's completed text. The block is returned
// verbatim (fences included); @forge/assets-memory parses and validates it.
const fence = /^([ \t]*)(`{3,}|~{3,})[ \t]*forge-propose[ \t]*\r?\n[\s\S]*?^\1\2[ \t]*$/gm;

/** Every complete `forge-propose` block in `text`, in order, verbatim. An unclosed block is not a proposal. */
export function findMemoryProposals(text: string): string[] {
  return Array.from(text.matchAll(fence), (match) => match[0]);
}
