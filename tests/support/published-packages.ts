// Helpers for the test that installs the packed packages like a consumer would.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The other `node` executables on PATH (e.g. the machine's Node 20 beside the workspace's Node 22), one per real file. */
export function otherNodeBinaries(current: string): string[] {
  const seen = new Set([realpathSync(current)]);
  const found: string[] = [];
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '' || folder.includes('node_modules')) continue;
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    if (!names.includes('node')) continue;
    const candidate = join(folder, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      const real = realpathSync(candidate);
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(candidate);
    } catch {
      // Not executable here.
    }
  }
  return found;
}

/**
 * The README's runnable example: the first ```ts or ```tsx block under "## Example", which must
 * come after an "## Install" section that installs the package.
 */
export function readmeExample(readme: string, packageName: string): { code: string; language: 'ts' | 'tsx' } {
  const sections = readme.split(/^## /m);
  const install = sections.findIndex((section) => section.startsWith('Install\n'));
  const example = sections.findIndex((section) => section.startsWith('Example\n'));
  if (install === -1 || !(sections[install] ?? '').includes(`npm install ${packageName}`)) {
    throw new Error(`${packageName}'s README has no "## Install" section with npm install ${packageName}`);
  }
  if (example === -1 || example < install) throw new Error(`${packageName}'s README has no "## Example" after "## Install"`);
  const match = /^```(tsx?)\n([\s\S]*?)^```$/m.exec(sections[example] ?? '');
  if (match?.[1] === undefined || match[2] === undefined) throw new Error(`${packageName}'s "## Example" has no ts or tsx block`);
  return { code: match[2], language: match[1] === 'tsx' ? 'tsx' : 'ts' };
}

/**
 * The environment of a person's shell: their PATH, home, locale, proxy and certificate settings,
 * but none of the npm_config_* or NODE_PATH that pnpm gives its scripts.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SystemRoot', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY']) keep.push(name, name.toLowerCase());
  const environment: Record<string, string> = {};
  for (const name of keep) {
    const value = process.env[name];
    if (value !== undefined) environment[name] = value;
  }
  // The person's npm certificate file (a proxy's CA in their global npmrc): which npmrc npm reads
  // depends on which Node runs it, and under pnpm that is the workspace's own Node 22.
  const cafile = personsNpmCafile(environment);
  return { ...environment, ...(cafile === undefined ? {} : { npm_config_cafile: cafile }), ...extra };
}

let cafileLookup: { value: string | undefined } | undefined;

/** `npm config get cafile` as the person's own npm answers it: outside pnpm's `node_modules/.bin` folders. */
function personsNpmCafile(environment: Record<string, string>): string | undefined {
  if (cafileLookup === undefined) {
    let value: string | undefined;
    try {
      const path = (environment.PATH ?? '')
        .split(delimiter)
        .filter((folder) => !/[\\/]node_modules[\\/]/.test(folder))
        .join(delimiter);
      const found = execFileSync('npm', ['config', 'get', 'cafile'], { encoding: 'utf8', timeout: 30_000, env: { ...environment, PATH: path }, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      value = found === '' || found === 'null' || found === 'undefined' ? undefined : found;
    } catch {
      value = undefined;
    }
    cafileLookup = { value };
  }
  return cafileLookup.value;
}

/** This process's environment with the test package's own tool binaries first on PATH. */
export function toolEnvironment(binaries: string): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${binaries}${delimiter}${process.env.PATH ?? ''}` };
}
