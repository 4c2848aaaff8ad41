import { createRef } from 'react';
import { expect, test, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';

import { render } from '../__fixtures__/render.tsx';
import { Composer, type ComposerHandle } from './composer.tsx';

test('a host fills the draft through the ref: replaced, focused, cursor at the end, not sent', async () => {
  const onSend = vi.fn();
  const composer = createRef<ComposerHandle>();
  render(<Composer ref={composer} onSend={onSend} />);
  const input = page.getByRole('textbox', { name: 'Message' });
  await userEvent.type(input, 'draft');
  composer.current?.fill('Mock up a UI button in three states.');
  await expect.element(input).toHaveValue('Mock up a UI button in three states.');
  await expect.element(input).toHaveFocus();
  const element = input.element() as HTMLTextAreaElement;
  expect(element.selectionStart).toBe(element.value.length);
  expect(onSend).not.toHaveBeenCalled();
  await userEvent.keyboard(' Please.{Enter}');
  expect(onSend).toHaveBeenCalledWith('Mock up a UI button in three states. Please.');
});

test('no mode switch unless the host keeps the mode', () => {
  const { container } = render(<Composer onSend={() => undefined} />);
  expect(container.querySelector('[role="radiogroup"]')).toBeNull();
});
