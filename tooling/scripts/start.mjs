#!/usr/bin/env node
// `pnpm start [--project DIR | --open]`: builds the app and what it needs (quietly: only errors are
// printed), then starts it. Turbo's usage telemetry stays off unless the user chose otherwise, so
// a first start sends nothing and prints no notice about it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const build = spawnSync('turbo', ['run', 'build', '--filter=@forge/desktop...', '--output-logs=errors-only'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});
if (build.status !== 0) process.exit(build.status ?? 1);
await import(pathToFileURL(join(import.meta.dirname, '..', '..', 'apps', 'desktop', 'scripts', 'start.mjs')).href);
