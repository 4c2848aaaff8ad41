// How many cases a property test tries: its own number, or fewer where FORGE_PROPERTY_RUNS says
// so (the mutation run sets it: each surviving mutant reruns every test that covers it).
export function propertyRuns(full: number): number {
  const limit = Number(process.env.FORGE_PROPERTY_RUNS);
  return Number.isInteger(limit) && limit > 0 ? Math.min(full, limit) : full;
}
