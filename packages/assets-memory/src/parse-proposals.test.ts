import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { propertyRuns } from './__fixtures__/property-runs.ts';
import { formatProposal } from './format-proposal.ts';
import { MemoryWriteError } from './memory-write-error.ts';
import { parseProposals } from './parse-proposals.ts';

describe('parseProposals', () => {
  it('finds a block inside prose with CRLF line endings', () => {
    const message = 'Here is the entry.\r\n\r\n```forge-propose\r\nfile: ASSETS.md\r\noperation: append\r\n---\r\n## Airship\r\n- prompt\r\n```\r\n\r\nApprove it?';
    expect(parseProposals(message)).toEqual({
      proposals: [{ file: 'ASSETS.md', operation: 'append', body: '## Airship\r\n- prompt' }],
      errors: [],
    });
  });

  it('finds every block in order, defaulting the operation to append', () => {
    const message = [
      '```forge-propose',
      'file: ASSETS.md',
      '---',
      'first',
      '```',
      'and',
      '~~~forge-propose',
      'file: notes/style.md',
      'operation: overwrite',
      '---',
      'second',
      '~~~',
    ].join('\n');
    expect(parseProposals(message).proposals).toEqual([
      { file: 'ASSETS.md', operation: 'append', body: 'first' },
      { file: 'notes/style.md', operation: 'overwrite', body: 'second' },
    ]);
  });

  it('ignores a block shown as an example inside a longer fence', () => {
    const message = '````markdown\n```forge-propose\nfile: ASSETS.md\n---\nexample\n```\n````';
    expect(parseProposals(message)).toEqual({ proposals: [], errors: [] });
  });

  it.each([
    ['/etc/passwd.md', 'path_traversal'],
    ['C:\\Users\\me\\ASSETS.md', 'path_traversal'],
    ['../ASSETS.md', 'path_traversal'],
    ['notes/../../ASSETS.md', 'path_traversal'],
    ['~/.forge/ASSETS.md', 'path_traversal'],
    ['.forge/ASSETS.md', 'invalid_proposal'],
    ['generated/20261123-195130-042.png', 'invalid_proposal'],
  ])('rejects file %j with a %s error and keeps the valid block', (file, code) => {
    const message = `\`\`\`forge-propose\nfile: ${file}\n---\nbad\n\`\`\`\n\`\`\`forge-propose\nfile: ASSETS.md\n---\ngood\n\`\`\``;
    const { proposals, errors } = parseProposals(message);
    expect(proposals).toEqual([{ file: 'ASSETS.md', operation: 'append', body: 'good' }]);
    expect(errors).toHaveLength(1);
    expect(MemoryWriteError.isInstance(errors[0])).toBe(true);
    expect(errors[0]?.code).toBe(code);
  });

  it.each([
    ['no file line', '```forge-propose\noperation: append\n---\nbody\n```', /no "file:" line/],
    ['an unknown operation', '```forge-propose\nfile: ASSETS.md\noperation: delete\n---\nbody\n```', /operation "delete"/],
    ['no --- line', '```forge-propose\nfile: ASSETS.md\nbody\n```', /no "---" line/],
    ['no closing fence', 'text\n```forge-propose\nfile: ASSETS.md\n---\nbody', /not closed/],
  ])('reports a block with %s as invalid_proposal', (_name, message, text) => {
    const { proposals, errors } = parseProposals(message);
    expect(proposals).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(['invalid_proposal']);
    expect(errors[0]?.message).toMatch(text);
  });
});

describe('formatProposal', () => {
  it('uses a fence longer than any backtick run in the body', () => {
    const body = 'code:\n````ts\nconst a = 1;\n````\n```';
    const block = formatProposal({ file: 'ASSETS.md', operation: 'append', body });
    expect(block.startsWith('`````forge-propose\n')).toBe(true);
    expect(parseProposals(`Proposal:\n${block}\nThanks`).proposals).toEqual([{ file: 'ASSETS.md', operation: 'append', body }]);
  });

  it('refuses to format a file that would be rejected', () => {
    expect(() => formatProposal({ file: '../x.md', operation: 'append', body: '' })).toThrow(expect.objectContaining({ code: 'path_traversal' }));
  });

  it('round-trips any body exactly, fences, CR and unpaired surrogates included', () => {
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.array(fc.constantFrom('```', '````', '~~~', '---', 'file: x.md', '\r', '\n', '\r\n', ' ', 'a', '```forge-propose', '\ud800'), { maxLength: 40 }).map((parts) => parts.join('')),
    );
    const file = fc.constantFrom('ASSETS.md', 'notes/style guide.md', 'a/b/c.MD');
    fc.assert(
      fc.property(file, fc.constantFrom('append' as const, 'overwrite' as const), body, (name, operation, text) => {
        const proposal = { file: name, operation, body: text };
        const { proposals, errors } = parseProposals(`before\n${formatProposal(proposal)}\nafter`);
        expect(errors).toEqual([]);
        expect(proposals).toEqual([proposal]);
      }),
      { numRuns: propertyRuns(1_000) },
    );
    // A thousand cases take ~1 s here, and many times that on a machine busy with other builds.
  }, 60_000);
});
