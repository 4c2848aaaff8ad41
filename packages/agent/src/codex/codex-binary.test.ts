import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { AgentError } from '../agent-error.ts';
import { resolveCodexBinary } from './codex-binary.ts';

describe('resolveCodexBinary', () => {
  it('finds the native binary of the installed @openai/codex', () => {
    const binary = resolveCodexBinary();
    expect(binary.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(path.basename(binary.path)).toMatch(/^codex(\.exe)?$/);
  });

  it('says which package to install when @openai/codex is not there', () => {
    // A consumer that installed @forge/agent without the optional peer.
    const require = createRequire(import.meta.url);
    const withoutCodex = Object.assign((id: string): unknown => require(id), require, {
      resolve: Object.assign((id: string): string => {
        throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      }, { paths: () => null }),
    }) as NodeJS.Require;
    const failure = (() => {
      try {
        return resolveCodexBinary(process.platform, process.arch, withoutCodex);
      } catch (error) {
        return error;
      }
    })();
    expect(AgentError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'codex_missing', retryable: false });
    expect((failure as Error).message).toContain('npm install @openai/codex');
  });

  it('names the platform when Codex ships no binary for it', () => {
    expect(() => resolveCodexBinary('sunos', 'sparc')).toThrow(expect.objectContaining({ code: 'codex_missing', message: expect.stringContaining('sunos sparc') as unknown }) as Error);
  });
});
