import { homedir } from 'node:os';

import { describe, expect, it } from 'vitest';

import { readConfig } from './config.ts';

describe('config', () => {
  it('defaults to the user home, any free port and automatic backend choice', () => {
    expect(readConfig({})).toMatchObject({ home: homedir(), port: 0, backendPreference: 'auto' });
    expect(readConfig({}).openai).toBeUndefined();
  });

  it('honours FORGE_HOME, FORGE_PORT, FORGE_BACKEND and OPENAI_API_KEY', () => {
    expect(readConfig({ FORGE_HOME: '/tmp/h', FORGE_PORT: '4321', FORGE_BACKEND: 'openai', OPENAI_API_KEY: ' sk-test-123 ' })).toMatchObject({
      home: '/tmp/h',
      port: 4321,
      backendPreference: 'openai',
      openai: { apiKey: 'sk-test-123' },
    });
  });

  it('rejects a bad port or backend with a message naming the variable', () => {
    expect(() => readConfig({ FORGE_PORT: 'eighty' })).toThrow(/FORGE_PORT/);
    expect(() => readConfig({ FORGE_PORT: '70000' })).toThrow(/FORGE_PORT/);
    expect(() => readConfig({ FORGE_BACKEND: 'gemini' })).toThrow(/FORGE_BACKEND/);
  });
});
