// The memory-proposal spec: types only. An agent (or the host, for a generated image) proposes
// a write to a memory file relative to the memory base (`<project>/.forge` or the scratchpad).
export type MemoryOperation = 'append' | 'overwrite';

export interface MemoryProposal {
  /** Relative to the memory base, `/`-separated, e.g. `ASSETS.md`. */
  file: string;
  operation: MemoryOperation;
  /** Markdown; for `append` the entry, for `overwrite` the whole new file. */
  body: string;
}
