import { expect, test } from 'vitest';

import { render } from '../__fixtures__/render.tsx';
import { HighlightedText } from './highlight-text.tsx';

test('shows markup in a prompt as the characters it is, with the search marked', () => {
  const hostile = '<img src=x onerror="document.body.dataset.pwned=1"> a brass \u0007airship';
  const { container } = render(
    <p>
      <HighlightedText text={hostile} query="AIRSHIP img" />
    </p>,
  );
  expect(container.textContent).toBe(hostile);
  expect(container.querySelector('img')).toBeNull();
  expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual(['img', 'airship']);
  expect(document.body.dataset.pwned).toBeUndefined();
});

test('shows only the part around the match of a 100 kB prompt', () => {
  const prompt = `${'x'.repeat(100_000)} zeppelin ${'y'.repeat(100)}`;
  const { container } = render(
    <p>
      <HighlightedText text={prompt} query="zeppelin" maxLength={160} />
    </p>,
  );
  expect(container.textContent.length).toBeLessThanOrEqual(162);
  expect(container.querySelector('mark')?.textContent).toBe('zeppelin');
});
