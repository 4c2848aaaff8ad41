import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { findBrokenLinks } from '../../tooling/scripts/check-markdown-links.mjs';

describe('the Markdown link check in pnpm lint', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'forge-links-'));
    await mkdir(join(root, 'docs'));
    await mkdir(join(root, 'packages', 'agent', 'docs'), { recursive: true });
    await writeFile(join(root, 'docs', 'ARCHITECTURE.md'), '# Design\n');
    await writeFile(join(root, 'packages', 'agent', 'docs', 'codex.md'), '# Codex\n');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('accepts links that resolve inside the repository, web links and anchors', async () => {
    await writeFile(
      join(root, 'README.md'),
      '[design](docs/ARCHITECTURE.md) [codex](packages/agent/docs/codex.md#the-process) [web](https://example.com) [top](#top) [folder](docs/)\n\n[ref]: ./docs/ARCHITECTURE.md\n',
    );
    await writeFile(join(root, 'packages', 'agent', 'README.md'), 'See [codex](docs/codex.md) and [design](../../docs/ARCHITECTURE.md "The design").\n');
    expect(findBrokenLinks(root, ['README.md', 'packages/agent/README.md'])).toEqual([]);
  });

  it('fails on a link that leaves the repository or names a file it does not have', async () => {
    await writeFile(join(root, 'README.md'), 'The design is in [the notes](../shared/ARCHITECTURE.md); see [the guide](docs/GUIDE.md).\n');
    await writeFile(join(root, 'packages', 'agent', 'README.md'), '[codex](../../../shared/CODEX.md)\n\n[old]: src/missing.ts\n');
    expect(findBrokenLinks(root, ['README.md', 'packages/agent/README.md'])).toEqual([
      { file: 'README.md', target: '../shared/ARCHITECTURE.md', reason: 'leads outside the repository' },
      { file: 'README.md', target: 'docs/GUIDE.md', reason: 'no such file in the repository' },
      { file: 'packages/agent/README.md', target: '../../../shared/CODEX.md', reason: 'leads outside the repository' },
      { file: 'packages/agent/README.md', target: 'src/missing.ts', reason: 'no such file in the repository' },
    ]);
  });

  it('ignores links shown as code', async () => {
    await writeFile(join(root, 'README.md'), 'Write `[x](../outside.md)` like this:\n\n```md\n[x](../../elsewhere.md)\n```\n');
    expect(findBrokenLinks(root, ['README.md'])).toEqual([]);
  });
});
