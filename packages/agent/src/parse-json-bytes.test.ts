import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { parseJsonBytes } from './parse-json-bytes.ts';

describe('parseJsonBytes', () => {
  it('gives the same value as JSON.parse for a line carrying a multi-megabyte image', () => {
    const image = randomBytes(1_500_000).toString('base64');
    const value = { method: 'item/completed', params: { item: { type: 'imageGeneration', id: 'call_1', result: image, revisedPrompt: 'an "airship" — brass' } } };
    expect(parseJsonBytes(Buffer.from(JSON.stringify(value)))).toEqual(value);
  });

  it('leaves small documents, escaped look-alikes and non-base64 strings to JSON.parse', () => {
    const tricky = { text: `"result":"${'x'.repeat(70_000)}\\"` };
    expect(parseJsonBytes(Buffer.from(JSON.stringify(tricky)))).toEqual(tricky);
    expect(parseJsonBytes(Buffer.from('{"result":"abc"}'))).toEqual({ result: 'abc' });
    expect(() => parseJsonBytes(Buffer.from(`{"result":"${'A'.repeat(70_000)}", broken`))).toThrow(SyntaxError);
  });
});
