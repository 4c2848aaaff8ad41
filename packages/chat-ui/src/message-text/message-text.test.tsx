import { expect, test } from 'vitest';

import { render } from '../__fixtures__/render.tsx';
import { MessageText } from './message-text.tsx';

const hostile = [
  '<img src=x onerror="window.__forgeHacked = true">',
  '<script>window.__forgeHacked = true</script>',
  '<iframe src="javascript:window.__forgeHacked = true"></iframe>',
  '<a href="javascript:window.__forgeHacked = true">html link</a>',
  '[md link](javascript:window.__forgeHacked=true)',
  '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[entity link](&#x6A;avascript:alert(1))',
  '<svg onload="window.__forgeHacked = true"></svg>',
  '<style>body { display: none }</style>',
  '![x](javascript:alert(1))',
].join('\n\n');

test('never turns hostile markdown into live DOM', () => {
  const { container } = render(<MessageText text={hostile} />);
  expect(container.querySelector('img, script, iframe, svg, style, object, embed')).toBeNull();
  const hrefs = [...container.querySelectorAll('a')].map((anchor) => anchor.getAttribute('href'));
  expect(hrefs).toEqual([]);
  expect(container.textContent).toContain('<script>window.__forgeHacked = true</script>');
  expect((window as { __forgeHacked?: boolean }).__forgeHacked).toBeUndefined();
});

test('hides comments only when asked (the proposal card)', () => {
  const text = 'Entry\n\n<!-- forge-asset v1 {"file":"x.png"} -->\n\n<b>kept as text</b>';
  const shown = render(<MessageText text={text} />).container;
  expect(shown.textContent).toContain('forge-asset');
  const hidden = render(<MessageText text={text} hideComments />).container;
  expect(hidden.textContent).not.toContain('forge-asset');
  expect(hidden.textContent).toContain('<b>kept as text</b>');
});

test('keeps the line breaks of a block of HTML it shows as text', () => {
  const { container } = render(<MessageText text={'<div>\nline one\nline two\n</div>'} />);
  const paragraph = container.querySelector('p');
  expect(paragraph?.querySelectorAll('br')).toHaveLength(3);
  expect(paragraph?.textContent.replace(/\n/g, '')).toBe('<div>line oneline two</div>');
});
