import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { findCssProblems } from '../../tooling/scripts/check-css.mjs';

describe('the stylesheet check in pnpm lint', () => {
  it('accepts rules, rules inside @media and @supports, keyframes, comments and strings with braces', () => {
    const css = [
      '/* a { comment */',
      '.a { color: red; }',
      '@media (max-width: 560px) { .a { color: blue; } .b:hover { content: "}"; } }',
      '@supports (display: grid) { .c { display: grid; } }',
      '@keyframes spin { from { rotate: 0deg; } to { rotate: 360deg; } }',
      ".d::after { content: '{'; }",
    ].join('\n');
    expect(findCssProblems(css)).toEqual([]);
  });

  it('names the block that lost its closing brace, once, and where the next rule fell into it', () => {
    const css = ['.forge-approval__buttons {', '  display: flex;', '@media (max-width: 560px) {', '  .x { color: red; }', '}', '', '.forge-error {', '  display: flex;', '}', '.forge-composer { gap: 6px; }'].join('\n');
    expect(findCssProblems(css)).toEqual([
      { line: 7, reason: '".forge-error" is inside ".forge-approval__buttons" (a missing "}" above?)' },
      { line: 1, reason: '".forge-approval__buttons" is never closed' },
    ]);
  });

  it('finds a brace that closes nothing', () => {
    expect(findCssProblems('.a { color: red; }\n}\n')).toEqual([{ line: 2, reason: 'a "}" closes nothing' }]);
  });

  it('passes the stylesheets the app and the components ship', () => {
    for (const file of ['../../packages/chat-ui/src/styles.css', '../../apps/desktop/src/renderer/app.css']) {
      expect(findCssProblems(readFileSync(new URL(file, import.meta.url), 'utf8')), file).toEqual([]);
    }
  });
});
