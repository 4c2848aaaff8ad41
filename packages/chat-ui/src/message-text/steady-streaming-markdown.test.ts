import { expect, test } from 'vitest';

import { steadyStreamingMarkdown } from './steady-streaming-markdown.ts';

test.each([
  ['a header row being typed', 'Plan:\n\n| Frame | Po', 'Plan:\n\n'],
  ['a complete header row', 'Plan:\n\n| Frame | Pose |\n', 'Plan:\n\n'],
  ['a delimiter row being typed', 'Plan:\n\n| Frame | Pose |\n| --- | -', 'Plan:\n\n| Frame | Pose |\n| --- | -'],
  ['a delimiter row short of cells', 'Plan:\n\n| Frame | Pose | Time |\n| --- | --', 'Plan:\n\n'],
  ['a table straight after a paragraph', 'Plan:\n| Frame | Pose |', 'Plan:\n'],
])('holds back %s', (_name, text, shown) => {
  expect(steadyStreamingMarkdown(text)).toBe(shown);
});

test('shows a table as soon as its delimiter row confirms it, and its rows as they come', () => {
  expect(steadyStreamingMarkdown('| Frame | Pose |\n| --- | --- |\n')).toBe('| Frame | Pose |\n| --- | --- |\n');
  expect(steadyStreamingMarkdown('| Frame | Pose |\n| --- | --- |\n| 1 | Cont')).toBe('| Frame | Pose |\n| --- | --- |\n| 1 | Cont');
});

test('lets pipes through when they turn out not to be a table', () => {
  expect(steadyStreamingMarkdown('| not a table |\n| just two lines |\n')).toBe('| not a table |\n| just two lines |\n');
  expect(steadyStreamingMarkdown('| odd line\nthen prose')).toBe('| odd line\nthen prose');
  expect(steadyStreamingMarkdown('a | b in a sentence')).toBe('a | b in a sentence');
});

test('leaves pipes inside a code block alone', () => {
  expect(steadyStreamingMarkdown('```\n| a | b |\n')).toBe('```\n| a | b |\n');
});

test.each([
  ['a fence being typed', 'Code:\n\n``', 'Code:\n\n'],
  ['an opening fence with its language', 'Code:\n\n```ts', 'Code:\n\n'],
  ['a fence just opened', 'Code:\n\n```ts\n', 'Code:\n\n'],
  ['a closing fence being typed', '```ts\nconst a = 1;\n``', '```ts\nconst a = 1;\n'],
  ['a tilde fence', 'x\n~~~', 'x\n'],
])('holds back %s', (_name, text, shown) => {
  expect(steadyStreamingMarkdown(text)).toBe(shown);
});

test('closes what remend closes: emphasis, code spans, links (as their text)', () => {
  expect(steadyStreamingMarkdown('This is **bold')).toBe('This is **bold**');
  expect(steadyStreamingMarkdown('Run `pnpm')).toBe('Run `pnpm`');
  expect(steadyStreamingMarkdown('See [the guide](https://exa')).not.toContain('https://exa');
  expect(steadyStreamingMarkdown('It costs $$5')).toBe('It costs $$5');
});

test('keeps text whose constructs are complete as it is', () => {
  const text = 'Done.\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n```\ncode\n```\n\nThat is all.';
  expect(steadyStreamingMarkdown(text)).toBe(text);
});
