import { describe, expect, it } from 'vitest';

import { createLogger } from './logger.ts';

describe('logger', () => {
  it('never writes an API key or bearer token, known or not', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), secrets: () => ['custom-secret-value'] });
    logger.error('request failed', new Error('401 for key sk-fake-abcdefghijklmnop with Bearer tok.en-123 and custom-secret-value'));
    logger.info('config', { apiKey: 'plain-secret', model: 'gpt-image-2' });
    const text = lines.join('\n');
    for (const secret of ['sk-fake-abcdefghijklmnop', 'tok.en-123', 'custom-secret-value', 'plain-secret']) expect(text).not.toContain(secret);
    expect(text).toContain('gpt-image-2');
    expect(text).toContain('request failed');
  });

  it('leaves ordinary text alone', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).info('saved .forge/generated/20261123-195130-042.png');
    expect(lines).toEqual(['[forge] info saved .forge/generated/20261123-195130-042.png']);
  });
});
