#!/usr/bin/env node
// `pnpm release [--dry-run]`: build everything, run every test, then publish the packages with
// pending changesets (`changeset publish`, which publishes through pnpm so `workspace:` and
// `catalog:` specifiers become real version ranges). With --dry-run nothing is published:
// every package is packed and checked, and `pnpm publish --dry-run` shows what would go out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { checkTarball, packPackages, publishablePackages } from './pack-packages.mjs';

const dryRun = process.argv.includes('--dry-run');
const root = join(import.meta.dirname, '..', '..');
const run = (command, args, cwd = root) => execFileSync(command, args, { cwd, stdio: 'inherit' });

run('pnpm', ['build']);
run('pnpm', ['test']);

const destination = mkdtempSync(join(tmpdir(), 'forge-release-'));
try {
  const problems = packPackages(destination).flatMap(({ name, tarball }) => checkTarball(tarball).map((problem) => `${name}: ${problem}`));
  if (problems.length > 0) {
    console.error(`Not releasing; the packed packages are not fit to publish:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}

if (dryRun) {
  for (const { dir } of publishablePackages()) run('pnpm', ['publish', '--dry-run', '--no-git-checks'], dir);
  console.log('Dry run: every package packs cleanly; nothing was published.');
} else {
  run('pnpm', ['exec', 'changeset', 'publish']);
}
