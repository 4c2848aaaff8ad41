// Types for check-css.mjs, for the TypeScript test that uses it.
export interface CssProblem {
  line: number;
  reason: string;
}

export function findCssProblems(text: string): CssProblem[];
