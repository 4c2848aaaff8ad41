// The five packages as someone outside this repository gets them: packed the way
// `changeset publish` packs them, installed with plain npm into a fresh project in a temp
// folder, imported on every Node this machine has, each README's example run as written,
// a consumer with its own `openai` client type-checked, and the tarballs linted by
// `publint --strict` and `attw --profile esm-only`.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkTarball, packPackages } from '../../tooling/scripts/pack-packages.mjs';
import type { PackedPackage } from '../../tooling/scripts/pack-packages.mjs';
import { cleanEnvironment, otherNodeBinaries, readmeExample, toolEnvironment } from '../support/published-packages.ts';

const execFileAsync = promisify(execFile);

/** Runs a program; a failure says what it printed, not only its exit code. */
async function run(file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): Promise<{ stdout: string }> {
  try {
    return await execFileAsync(file, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
  }
}
const repoRoot = join(import.meta.dirname, '..', '..');
const binaries = join(import.meta.dirname, '..', 'node_modules', '.bin');

describe('the published packages, installed from their tarballs', { timeout: 600_000 }, () => {
  let workDir: string | undefined;
  let consumerDir: string;
  let packed: PackedPackage[];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'forge-published-'));
    packed = packPackages(join(workDir, 'tarballs'));
    consumerDir = join(workDir, 'consumer');
    await mkdir(consumerDir);
    await writeFile(join(consumerDir, 'package.json'), `${JSON.stringify({ name: 'forge-consumer', private: true, type: 'module' }, null, 2)}\n`);
    // What the READMEs tell a consumer to install: the tarballs, their peers, and TypeScript to check the examples.
    const workspace = await readFile(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
    const catalogVersion = (name: string): string => {
      const line = workspace.split('\n').find((candidate) => candidate.trim().replace(/"/g, '').startsWith(`${name}:`));
      const version = line?.split(':')[1]?.trim();
      if (version === undefined) throw new Error(`${name} is not in the catalog`);
      return version;
    };
    await run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        '--prefer-offline',
        ...packed.map(({ tarball }) => tarball),
        `openai@${catalogVersion('openai')}`,
        `react@${catalogVersion('react')}`,
        `react-dom@${catalogVersion('react-dom')}`,
        `typescript@${catalogVersion('typescript')}`,
        `@types/node@${catalogVersion('@types/node')}`,
        `@types/react@${catalogVersion('@types/react')}`,
        `@types/react-dom@${catalogVersion('@types/react-dom')}`,
      ],
      { cwd: consumerDir, env: cleanEnvironment() },
    );
  }, 600_000);

  afterAll(async () => {
    if (workDir !== undefined) await rm(workDir, { recursive: true, force: true });
  });

  it('packs every package with a LICENSE, a README and no workspace-only specifier', () => {
    expect(packed.map(({ name }) => name).sort()).toEqual(['@forge/agent', '@forge/asset-store', '@forge/assets-memory', '@forge/chat-ui', '@forge/image-gen']);
    for (const { name, tarball } of packed) expect(checkTarball(tarball), name).toEqual([]);
  });

  it('installs without the optional peers: no Codex binary, one copy of openai', async () => {
    const { stdout } = await run('find', ['node_modules', '-name', 'package.json', '-path', '*node_modules/openai/package.json'], { cwd: consumerDir });
    expect(stdout.trim().split('\n')).toEqual(['node_modules/openai/package.json']);
    await expect(readFile(join(consumerDir, 'node_modules', '@openai', 'codex', 'package.json'))).rejects.toThrow();
  });

  it('imports each package on every Node this machine has, from its engines floor up', async () => {
    const nodes = [process.execPath, ...otherNodeBinaries(process.execPath)];
    const tested: string[] = [];
    for (const node of nodes) {
      const { stdout: version } = await run(node, ['--version']);
      const major = Number(/^v(\d+)/.exec(version.trim())?.[1]);
      for (const { name, dir } of packed) {
        const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { engines: { node: string } };
        const floor = Number(/>=\s*(\d+)/.exec(manifest.engines.node)?.[1]);
        if (major < floor) continue;
        const script = `const m = await import(${JSON.stringify(name)}); if (Object.keys(m).length === 0) throw new Error('no exports'); console.log(Object.keys(m).length);`;
        const { stdout } = await run(node, ['--input-type=module', '-e', script], { cwd: consumerDir, env: cleanEnvironment() });
        expect(Number(stdout.trim()), `${name} on Node ${version.trim()}`).toBeGreaterThan(0);
        tested.push(`${name}@node${String(major)}`);
      }
    }
    // Every package was imported at least on the Node that runs this test (22).
    for (const { name } of packed) expect(tested.some((entry) => entry.startsWith(`${name}@`)), name).toBe(true);
  });

  it("runs each README's example as written, after type-checking it against the published types", async () => {
    const examplesDir = join(consumerDir, 'examples');
    await mkdir(examplesDir);
    const files: string[] = [];
    for (const { name, dir } of packed) {
      const { code, language } = readmeExample(await readFile(join(dir, 'README.md'), 'utf8'), name);
      const file = `${name.split('/')[1] ?? name}.${language === 'tsx' ? 'tsx' : 'ts'}`;
      await writeFile(join(examplesDir, file), code);
      files.push(file);
    }
    await writeFile(
      join(examplesDir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', jsx: 'react-jsx', strict: true, outDir: 'out', types: ['node'], skipLibCheck: false },
        include: files,
      }),
    );
    await run(join(consumerDir, 'node_modules', '.bin', 'tsc'), ['-p', examplesDir], { cwd: consumerDir, env: cleanEnvironment() });
    const home = join(consumerDir, '..', 'home');
    await mkdir(home, { recursive: true });
    for (const file of files) {
      const script = join(examplesDir, 'out', file.replace(/\.tsx?$/, '.js'));
      const { stdout } = await run(process.execPath, [script], { cwd: consumerDir, env: cleanEnvironment({ HOME: home, XDG_CACHE_HOME: join(home, '.cache') }), timeout: 120_000 });
      expect(stdout.trim(), file).not.toBe('');
    }
  });

  it("type-checks a consumer that passes its own OpenAI client, under bundler, node16 and nodenext", async () => {
    const consumerFile = join(consumerDir, 'own-client.ts');
    await writeFile(
      consumerFile,
      [
        "import OpenAI from 'openai';",
        "import { createOpenAIBackend } from '@forge/agent';",
        "import { createOpenAIImageModel } from '@forge/image-gen';",
        '',
        "const client = new OpenAI({ apiKey: 'sk-test-consumer', baseURL: 'http://127.0.0.1:9/v1' });",
        "export const model = createOpenAIImageModel({ client, model: 'gpt-image-2' });",
        "export const backend = createOpenAIBackend({ apiKey: 'sk-test-consumer', client });",
        '',
      ].join('\n'),
    );
    for (const [module, moduleResolution] of [['ESNext', 'Bundler'], ['Node16', 'Node16'], ['NodeNext', 'NodeNext']] as const) {
      await run(
        join(consumerDir, 'node_modules', '.bin', 'tsc'),
        ['--noEmit', '--strict', '--target', 'ES2023', '--module', module, '--moduleResolution', moduleResolution, '--types', 'node', consumerFile],
        { cwd: consumerDir, env: cleanEnvironment() },
      );
    }
  });

  it('passes publint --strict and attw --profile esm-only', async () => {
    for (const { dir, tarball } of packed) {
      await run(join(binaries, 'publint'), ['run', tarball, '--strict'], { env: toolEnvironment(binaries) });
      // Style sheets are entry points without types, by design.
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
      const styleSheets = Object.keys(manifest.exports).filter((entry) => entry.endsWith('.css'));
      const exclude = styleSheets.length === 0 ? [] : ['--exclude-entrypoints', ...styleSheets];
      await run(join(binaries, 'attw'), [tarball, '--profile', 'esm-only', '--format', 'table-flipped', ...exclude], { env: toolEnvironment(binaries) });
    }
  });
});
