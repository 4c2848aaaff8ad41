import { expect, test } from 'vitest';

import { errors } from '../__fixtures__/chat-parts.ts';
import { turnEndingOf } from './turn-ending-of.ts';

test('a reply ends stopped, interrupted or failed; a fine, pending or user message has no ending', () => {
  expect(turnEndingOf({ id: 'a', role: 'assistant', ending: 'stopped', parts: [] })).toBe('stopped');
  expect(turnEndingOf({ id: 'a', role: 'assistant', ending: 'interrupted', parts: [{ type: 'error', error: errors.stalled }] })).toBe('interrupted');
  expect(turnEndingOf({ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }, { type: 'error', error: errors.stalled }] })).toBe('failed');
  expect(turnEndingOf({ id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }] })).toBeUndefined();
  expect(turnEndingOf({ id: 'a', role: 'assistant', pending: true, parts: [{ type: 'error', error: errors.stalled }] })).toBeUndefined();
  expect(turnEndingOf({ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x' }] })).toBeUndefined();
});
