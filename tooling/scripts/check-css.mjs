#!/usr/bin/env node
// `pnpm lint`: every hand-written stylesheet closes each block it opens, and puts no style rule
// inside another. Browsers accept both (an unclosed block runs to the end of the file; a rule
// inside a rule is CSS nesting), so a lost `}` silently turns every later rule into a nested
// one that matches nothing: the app shell renders unstyled and no other check notices.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** At-rules whose blocks hold style rules. */
const groupingAtRules = /^@(media|supports|container|layer|document|scope|starting-style)\b/;

/** The problems in one stylesheet's text: `{ line, reason }`, in order. */
export function findCssProblems(text) {
  const problems = [];
  const stack = [];
  let line = 1;
  let prelude = '';
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (text.startsWith('/*', index)) {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end + 2;
      line += (text.slice(index, stop).match(/\n/g) ?? []).length;
      index = stop - 1;
      continue;
    }
    if (character === '"' || character === "'") {
      let end = index + 1;
      while (end < text.length && text[end] !== character && text[end] !== '\n') end += text[end] === '\\' ? 2 : 1;
      prelude += text.slice(index, end + 1);
      index = end;
      continue;
    }
    if (character === '\n') line += 1;
    if (character === '{') {
      const head = prelude.trim();
      const parent = stack.at(-1);
      const isStyleRule = !head.startsWith('@');
      if (isStyleRule && parent !== undefined && !parent.groups && !parent.reported) {
        // Once per block: one lost brace would otherwise list every rule after it.
        parent.reported = true;
        problems.push({ line, reason: `"${head.split('\n').at(-1)}" is inside "${parent.head}" (a missing "}" above?)` });
      }
      stack.push({ head: head.split('\n').at(-1) ?? head, line, reported: false, groups: groupingAtRules.test(head) || /^@keyframes\b/.test(head) });
      prelude = '';
      continue;
    }
    if (character === '}') {
      if (stack.pop() === undefined) problems.push({ line, reason: 'a "}" closes nothing' });
      prelude = '';
      continue;
    }
    if (character === ';') {
      prelude = '';
      continue;
    }
    prelude += character;
  }
  for (const open of stack) problems.push({ line: open.line, reason: `"${open.head}" is never closed` });
  return problems;
}

const stylesheets = ['packages/chat-ui/src/styles.css', 'apps/desktop/src/renderer/app.css', 'apps/storybook/.storybook/preview.css'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '..', '..');
  const found = stylesheets.flatMap((file) => findCssProblems(readFileSync(join(root, file), 'utf8')).map((problem) => `${relative(root, join(root, file))}:${problem.line}: ${problem.reason}`));
  if (found.length > 0) {
    console.error(`Stylesheets with broken blocks:\n${found.join('\n')}`);
    process.exit(1);
  }
  console.log(`Stylesheets: ${stylesheets.length} checked, every block closed, no rule inside another.`);
}
