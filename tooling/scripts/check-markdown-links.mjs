#!/usr/bin/env node
// Part of `pnpm lint`: every relative link in the repository's Markdown must resolve to a file
// or folder inside the repository, so a clone's docs never point at something it does not have.
// Web links (http, https, mailto) and in-page anchors are not checked.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** `[text](target)` and `[text](target "title")`, and reference definitions `[id]: target`; not images inside code. */
const inlineLink = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const referenceDefinition = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm;

/** Fenced code blocks and inline code spans hold examples, not links. */
function withoutCode(text) {
  return text.replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[`~]*\s*$/gm, '').replace(/`[^`\n]*`/g, '');
}

function isExternal(target) {
  return /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
}

/** The broken relative links in `files` (paths relative to `root`), as `{ file, target, reason }`. */
export function findBrokenLinks(root, files) {
  const broken = [];
  for (const file of files) {
    const text = withoutCode(readFileSync(join(root, file), 'utf8'));
    const targets = [...text.matchAll(inlineLink), ...text.matchAll(referenceDefinition)].map((match) => match[1]);
    for (const target of targets) {
      if (target === undefined || target.startsWith('#') || isExternal(target)) continue;
      let path;
      try {
        path = decodeURIComponent(target.split('#')[0].split('?')[0]);
      } catch {
        broken.push({ file, target, reason: 'malformed percent-encoding' });
        continue;
      }
      if (path === '') continue;
      const absolute = path.startsWith('/') ? join(root, path) : resolve(dirname(join(root, file)), path);
      const inside = relative(root, absolute);
      if (inside === '..' || inside.startsWith(`..${sep}`)) broken.push({ file, target, reason: 'leads outside the repository' });
      else if (!existsSync(absolute)) broken.push({ file, target, reason: 'no such file in the repository' });
    }
  }
  return broken;
}

if (process.argv[1] === import.meta.filename) {
  const root = resolve(import.meta.dirname, '..', '..');
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '' && !file.includes('node_modules/') && existsSync(join(root, file)));
  const broken = findBrokenLinks(root, files);
  for (const { file, target, reason } of broken) console.error(`${file}: link to ${target}: ${reason}`);
  if (broken.length > 0) process.exit(1);
  console.log(`Markdown links: ${files.length} files checked, every relative link resolves inside the repository.`);
}
