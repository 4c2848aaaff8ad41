// Types for check-markdown-links.mjs, for the TypeScript test that uses it.
export interface BrokenLink {
  file: string;
  target: string;
  reason: string;
}

export function findBrokenLinks(root: string, files: readonly string[]): BrokenLink[];
