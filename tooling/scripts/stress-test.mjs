#!/usr/bin/env node
// The suite on a busy machine (tests/STRESS.md): runs the README's test command several times in
// a row while a second full `pnpm build` loops beside it, and says whether every run was green.
//
//   node tooling/scripts/stress-test.mjs [--runs N] [--no-load]
//
// The load builds a separate clone of this repository's HEAD in a temporary folder, so it takes
// the same cores and disk as a second build would without rewriting the dist/ folders the tests
// read. It installs from the pnpm store only (--offline): nothing is downloaded.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const runsIndex = args.indexOf('--runs');
const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
const withLoad = !args.includes('--no-load');
if (!Number.isInteger(runs) || runs < 1) {
  console.error('stress-test: --runs needs a whole number ≥ 1');
  process.exit(2);
}

// TURBO_FORCE: every run really runs its tests; turbo would otherwise replay the first run's cached results.
const quietEnv = { ...process.env, TURBO_FORCE: 'true', CI: 'true', ELECTRON_SKIP_BINARY_DOWNLOAD: '1', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', TURBO_TELEMETRY_DISABLED: '1', STORYBOOK_DISABLE_TELEMETRY: '1' };

/** Runs a command in its own process group; resolves with its exit code and (optionally) its output. */
function run(command, commandArgs, options) {
  const child = spawn(command, commandArgs, { cwd: options.cwd, env: quietEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      output += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    });
  }
  const done = new Promise((resolveExit) => child.on('close', (code, signal) => resolveExit({ code: code ?? (signal ? 128 : 1), output })));
  return { child, done };
}

function stopGroup(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

let loadDir;
let loadChild;
let stopping = false;
let builds = 0;
let failedBuilds = 0;

async function startLoad() {
  loadDir = mkdtempSync(join(tmpdir(), 'forge-stress-load-'));
  const copy = join(loadDir, 'repo');
  console.log(`stress-test: preparing the load (a clone of HEAD in ${copy})…`);
  for (const [command, commandArgs, cwd] of [
    ['git', ['clone', '--quiet', '--local', '--no-hardlinks', repo, copy], repo],
    ['pnpm', ['install', '--frozen-lockfile', '--offline'], copy],
  ]) {
    const { code, output } = await run(command, commandArgs, { cwd }).done;
    if (code !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${code}):\n${output.slice(-4000)}`);
  }
  void (async () => {
    while (!stopping) {
      const build = run('pnpm', ['build', '--force'], { cwd: copy });
      loadChild = build.child;
      const { code } = await build.done;
      if (stopping) break;
      builds += 1;
      if (code !== 0) failedBuilds += 1;
    }
  })();
  console.log('stress-test: `pnpm build --force` now loops beside the tests.');
}

function stopLoad() {
  stopping = true;
  if (loadChild) stopGroup(loadChild);
  if (loadDir) rmSync(loadDir, { recursive: true, force: true, maxRetries: 5 });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopLoad();
    process.exit(130);
  });
}

const results = [];
try {
  if (withLoad) await startLoad();
  for (let index = 1; index <= runs; index += 1) {
    console.log(`\nstress-test: run ${index} of ${runs}: pnpm test${withLoad ? ` (load: ${builds} builds so far)` : ''}`);
    const started = Date.now();
    const { code, output } = await run('pnpm', ['test'], { cwd: repo, echo: true }).done;
    const totals = /^Totals:.*$/m.exec(output)?.[0] ?? '(no Totals line)';
    results.push({ index, code, seconds: Math.round((Date.now() - started) / 1000), totals });
  }
} finally {
  stopLoad();
}

console.log('\nstress-test summary');
for (const { index, code, seconds, totals } of results) console.log(`  run ${index}: ${code === 0 ? 'green' : `FAILED (exit ${code})`} in ${seconds} s — ${totals}`);
if (withLoad) console.log(`  load: ${builds} full builds finished beside the tests${failedBuilds > 0 ? ` (${failedBuilds} failed)` : ''}`);
process.exit(results.every((result) => result.code === 0) ? 0 : 1);
