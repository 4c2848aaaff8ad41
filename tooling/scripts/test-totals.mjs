#!/usr/bin/env node
// Adds up vitest's per-package "Tests" lines from a log and prints one closing line:
// "Totals: N passed, N failed[, N skipped]". Exits non-zero when nothing ran or anything failed.
import { readFileSync } from 'node:fs';

const log = readFileSync(process.argv[2] ?? 0, 'utf8').replace(/\u001b\[[0-9;]*m/g, '');
const totals = { passed: 0, failed: 0, skipped: 0 };
let runs = 0;
for (const line of log.split('\n')) {
  const match = /^\S*?:?\s*Tests\s+(.*)\((\d+)\)\s*$/.exec(line.replace(/^[^:]*:test:\s*/, '').trim());
  if (!match) continue;
  runs += 1;
  for (const [, count, kind] of match[1].matchAll(/(\d+)\s+(passed|failed|skipped)/g)) totals[kind] += Number(count);
}
console.log(`Test runs: ${runs}`);
console.log(`Totals: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(runs === 0 || totals.failed > 0 || totals.passed === 0 ? 1 : 0);
