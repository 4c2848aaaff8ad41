// Finds the native `codex` executable shipped by `@openai/codex` (an optional peer: only the
// Codex backend needs it), the same way its bin/codex.js launcher does (platform package →
// vendor/<triple>/bin). Missing, it says which package to install.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { AgentError } from '../agent-error.ts';

const targetTriples: Record<string, string | undefined> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'android-x64': 'x86_64-unknown-linux-musl',
  'android-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
  'win32-arm64': 'aarch64-pc-windows-msvc',
};

const platformPackages: Record<string, string> = {
  'x86_64-unknown-linux-musl': '@openai/codex-linux-x64',
  'aarch64-unknown-linux-musl': '@openai/codex-linux-arm64',
  'x86_64-apple-darwin': '@openai/codex-darwin-x64',
  'aarch64-apple-darwin': '@openai/codex-darwin-arm64',
  'x86_64-pc-windows-msvc': '@openai/codex-win32-x64',
  'aarch64-pc-windows-msvc': '@openai/codex-win32-arm64',
};

export interface CodexBinary {
  /** The native executable. */
  path: string;
  /** The `@openai/codex` version it came from. */
  version: string;
}

/** Resolves the native binary of the installed `@openai/codex`, or throws a `codex_missing` AgentError saying what to install. */
export function resolveCodexBinary(platform: string = process.platform, arch: string = process.arch, require: NodeJS.Require = createRequire(import.meta.url)): CodexBinary {
  let codexPackageJson: string;
  try {
    codexPackageJson = require.resolve('@openai/codex/package.json');
  } catch (error) {
    throw new AgentError({
      code: 'codex_missing',
      message: 'The Codex backend needs the optional package @openai/codex: install it (npm install @openai/codex), or pass binaryPath.',
      retryable: false,
      cause: error,
    });
  }
  const { version } = require(codexPackageJson) as { version: string };
  const triple = targetTriples[`${platform}-${arch}`];
  if (triple === undefined) {
    throw new AgentError({ code: 'codex_missing', message: `Codex has no binary for this platform (${platform} ${arch}): pass binaryPath to a codex executable.`, retryable: false });
  }
  const codexRequire = createRequire(codexPackageJson);
  const candidates: string[] = [];
  try {
    candidates.push(path.join(path.dirname(codexRequire.resolve(`${platformPackages[triple] ?? ''}/package.json`)), 'vendor'));
  } catch {
    // Older layouts vendor the binary inside @openai/codex itself.
  }
  candidates.push(path.join(path.dirname(codexPackageJson), 'vendor'));
  for (const vendorRoot of candidates) {
    const executable = path.join(vendorRoot, triple, 'bin', platform === 'win32' ? 'codex.exe' : 'codex');
    if (existsSync(executable)) return { path: executable, version };
  }
  throw new AgentError({
    code: 'codex_missing',
    message: `The Codex binary for ${triple} is missing: install @openai/codex again so npm adds its optional dependency ${platformPackages[triple] ?? triple}, or pass binaryPath.`,
    retryable: false,
  });
}
