// Packs every publishable package (packages/*) with `pnpm pack`, as `changeset publish` would
// publish it, and checks what a consumer would get: a manifest with no workspace-only
// specifiers or conditions, and a LICENSE and README in each tarball.
// Used by `pnpm release --dry-run` and by the tests that install the tarballs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The publishable packages: every folder under packages/ whose package.json is not private. */
export function publishablePackages() {
  return readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, 'packages', entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, dir, manifest };
    })
    .filter((entry) => entry.manifest.private !== true);
}

/** Reads one file out of a tarball. */
function tarFile(tarball, path) {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** What is wrong with a packed tarball, as sentences; empty when it is fit to publish. */
export function checkTarball(tarball) {
  const problems = [];
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const required of ['package/package.json', 'package/LICENSE', 'package/README.md']) {
    if (!files.includes(required)) problems.push(`${required.slice('package/'.length)} is missing`);
  }
  const text = tarFile(tarball, 'package.json');
  for (const placeholder of ['workspace:', 'catalog:', '@forge/source']) {
    if (text.includes(placeholder)) problems.push(`package.json still says "${placeholder}"`);
  }
  const manifest = JSON.parse(text);
  for (const field of ['repository', 'homepage', 'bugs', 'engines', 'keywords']) {
    if (manifest[field] === undefined) problems.push(`package.json has no "${field}"`);
  }
  if (manifest.license !== 'MIT') problems.push('package.json does not say "license": "MIT"');
  return problems;
}

/** Packs every publishable package into `destination` (a new temp folder by default). */
export function packPackages(destination = mkdtempSync(join(tmpdir(), 'forge-packs-'))) {
  return publishablePackages().map(({ name, dir }) => {
    const output = execFileSync('pnpm', ['pack', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' });
    const tarball = output.trim().split('\n').filter((line) => line.endsWith('.tgz')).at(-1);
    if (tarball === undefined) throw new Error(`pnpm pack printed no tarball for ${name}:\n${output}`);
    return { name, dir, tarball: tarball.startsWith('/') ? tarball : join(destination, tarball) };
  });
}

// `node tooling/scripts/pack-packages.mjs`: pack, check, print, clean up.
if (process.argv[1] === import.meta.filename) {
  const destination = mkdtempSync(join(tmpdir(), 'forge-packs-'));
  let failed = false;
  try {
    for (const { name, tarball } of packPackages(destination)) {
      const problems = checkTarball(tarball);
      failed ||= problems.length > 0;
      console.log(problems.length === 0 ? `ok   ${name}` : `FAIL ${name}: ${problems.join('; ')}`);
    }
  } finally {
    rmSync(destination, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}
