// Regenerates src/codex/protocol/ from the pinned codex binary (`codex app-server generate-ts --experimental`).
// Run after bumping @openai/codex: `pnpm --filter @forge/agent generate:protocol`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { resolveCodexBinary } from '../src/codex/codex-binary.ts';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'codex', 'protocol');
const binary = resolveCodexBinary();
// A throwaway CODEX_HOME: generating types must never touch ~/.codex.
const codexHome = mkdtempSync(path.join(tmpdir(), 'forge-codex-protocol-'));
try {
  rmSync(out, { recursive: true, force: true });
  execFileSync(binary.path, ['app-server', 'generate-ts', '--experimental', '--out', out], {
    env: { PATH: process.env.PATH ?? '', CODEX_HOME: codexHome },
    stdio: ['ignore', 'inherit', 'ignore'],
  });
  console.log(`Generated the Codex ${binary.version} app-server protocol types in ${path.relative(process.cwd(), out)}`);
} finally {
  rmSync(codexHome, { recursive: true, force: true });
}
