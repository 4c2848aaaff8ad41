import { expect, test } from 'vitest';

import { render } from '../__fixtures__/render.tsx';
import { hasInvisible, revealInvisible } from './reveal-invisible.tsx';

function shown(text: string): string {
  const { container } = render(<code>{revealInvisible(text)}</code>);
  return container.textContent;
}

test('keeps ordinary text, newlines and tabs exactly as they are', () => {
  const text = "ls -la\n\tcat 'a b' | grep \"x\" # ümlaut → 日本";
  expect(shown(text)).toBe(text);
  expect(hasInvisible(text)).toBe(false);
});

test('spells out bidirectional overrides, zero-width marks and control codes', () => {
  expect(shown('rm -rf ~ #\u202Etxt.exe')).toBe('rm -rf ~ #⟨U+202E⟩txt.exe');
  expect(shown('a\u200Bb\u2066c\u2069\uFEFF')).toBe('a⟨U+200B⟩b⟨U+2066⟩c⟨U+2069⟩⟨U+FEFF⟩');
  expect(shown('\u001b[2Kclear\r\u0000\u007f\u0085')).toBe('⟨U+001B⟩[2Kclear⟨U+000D⟩⟨U+0000⟩⟨U+007F⟩⟨U+0085⟩');
  expect(hasInvisible('x\u202Ey')).toBe(true);
  // The global pattern carries no state from one call to the next.
  expect([hasInvisible('x\u200By'), hasInvisible('x\u200By')]).toEqual([true, true]);
});

test('labels each mark for people who cannot see the glyph', () => {
  const { container } = render(<p>{revealInvisible('a\u202Eb')}</p>);
  expect(container.querySelector('.forge-approval__invisible')?.getAttribute('title')).toBe('Invisible character U+202E');
});
