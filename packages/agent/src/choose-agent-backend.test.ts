import { describe, expect, it } from 'vitest';

import type { AgentAccount, AgentBackend, AgentBackendId } from './agent-backend-spec.ts';
import { chooseAgentBackend } from './choose-agent-backend.ts';

function stub(id: AgentBackendId, signedIn: boolean | Error, closed: string[]): AgentBackend {
  return {
    specificationVersion: 'v1',
    id,
    runTurn: async function* () {},
    account: () =>
      signedIn instanceof Error
        ? Promise.reject(signedIn)
        : Promise.resolve({ backend: id, signedIn, defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-2'], imageModelSelectable: false } satisfies AgentAccount),
    close: () => {
      closed.push(id);
      return Promise.resolve();
    },
  };
}

function setup(codexSignedIn: boolean | Error) {
  const closed: string[] = [];
  const factories = {
    codex: () => stub('codex', codexSignedIn, closed),
    openai: () => stub('openai', true, closed),
    offline: () => stub('offline', false, closed),
  };
  return { closed, factories };
}

const codex = { codexHome: '/tmp/unused' };
const openai = { apiKey: 'sk-test-123456789' };

describe('chooseAgentBackend', () => {
  it('prefers a signed-in Codex account, then an API key, then offline', async () => {
    expect((await chooseAgentBackend({ codex, openai, factories: setup(true).factories })).id).toBe('codex');
    const signedOut = setup(false);
    expect((await chooseAgentBackend({ codex, openai, factories: signedOut.factories })).id).toBe('openai');
    expect(signedOut.closed).toEqual(['codex']);
    expect((await chooseAgentBackend({ codex, factories: setup(false).factories })).id).toBe('offline');
    expect((await chooseAgentBackend({ factories: setup(true).factories })).id).toBe('offline');
  });

  it('falls back when Codex cannot start at all', async () => {
    expect((await chooseAgentBackend({ codex, openai, factories: setup(new Error('binary missing')).factories })).id).toBe('openai');
  });

  it('lets the user choice override the automatic pick', async () => {
    expect((await chooseAgentBackend({ preference: 'offline', codex, openai, factories: setup(true).factories })).id).toBe('offline');
    expect((await chooseAgentBackend({ preference: 'openai', codex, openai, factories: setup(true).factories })).id).toBe('openai');
    expect((await chooseAgentBackend({ preference: 'codex', codex, openai, factories: setup(false).factories })).id).toBe('codex');
    // A choice that is not configured at all (no key) still gives a working chat.
    expect((await chooseAgentBackend({ preference: 'openai', openai: { apiKey: ' ' }, factories: setup(true).factories })).id).toBe('offline');
  });
});
