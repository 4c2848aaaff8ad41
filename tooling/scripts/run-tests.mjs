#!/usr/bin/env node
// `pnpm test`: every package's tests through turbo, then one line with the totals.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const child = spawn('turbo', ['run', 'test', '--concurrency=2', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});
let log = '';
for (const stream of [child.stdout, child.stderr]) {
  stream.on('data', (chunk) => {
    log += chunk.toString();
    (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
  });
}
const code = await new Promise((resolve) => child.on('close', resolve));
const logFile = join(mkdtempSync(join(tmpdir(), 'forge-tests-')), 'test.log');
writeFileSync(logFile, log);
const totals = spawn(process.execPath, [join(import.meta.dirname, 'test-totals.mjs'), logFile], { stdio: 'inherit' });
const totalsCode = await new Promise((resolve) => totals.on('close', resolve));
process.exit(code !== 0 ? code : totalsCode);
