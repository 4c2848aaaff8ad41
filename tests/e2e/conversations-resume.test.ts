// After a restart the agent keeps the thread's context: the real `codex app-server` starts an
// ephemeral thread given Forge's kept history, and the OpenAI backend is sent the kept history. Both against the fake OpenAI server on loopback, through `pnpm start`'s script.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeOpenAI } from '@forge/fake-openai';
import type { FakeOpenAI } from '@forge/fake-openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contractResult } from '../support/contract-call.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';

const apiKey = 'sk-test-forge-resume-0123456789abcdef';

async function sendAndWait(app: RunningApp, text: string): Promise<void> {
  await contractResult(app, 'sendMessage', { text });
  await expect.poll(async () => (await contractResult<{ busy: boolean }>(app, 'getState')).busy, { timeout: 60_000, interval: 100 }).toBe(false);
}

describe.each([
  { backend: 'codex', env: (url: string) => ({ FORGE_BACKEND: 'codex', FORGE_CODEX_BASE_URL: url }) },
  { backend: 'openai', env: (url: string) => ({ FORGE_BACKEND: 'openai', OPENAI_API_KEY: apiKey, OPENAI_BASE_URL: url }) },
])('a thread continued after a restart on the $backend backend', { timeout: 240_000 }, ({ env }) => {
  let fake: FakeOpenAI;
  let root: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI({ port: 0 });
    root = await mkdtemp(join(tmpdir(), 'forge-e2e-resume-'));
  });

  afterAll(async () => {
    await fake.close();
    await rm(root, { recursive: true, force: true });
  });

  it('sends the model what was said before the restart', async () => {
    const home = join(root, 'home');
    const project = join(root, 'project');
    await mkdir(project, { recursive: true });
    const first = await startApp(['--project', project], { FORGE_HOME: home, ...env(fake.url) });
    try {
      await sendAndWait(first, 'Draw a lighthouse at dusk');
    } finally {
      await first.stop();
    }
    fake.clearRequests();
    const second = await startApp([], { FORGE_HOME: home, ...env(fake.url) });
    try {
      const state = await contractResult<{ messages: { role: string }[] }>(second, 'getState');
      expect(state.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
      await sendAndWait(second, 'Now make it stormy');
      const asked = fake.requests.filter((request) => request.path.endsWith('/responses'));
      expect(asked.length).toBeGreaterThan(0);
      const body = JSON.stringify(asked[0]?.body);
      expect(body).toContain('Draw a lighthouse at dusk');
      expect(body).toContain('Now make it stormy');
      expect(second.output()).not.toContain('Could not resume Codex thread');
    } finally {
      await second.stop();
    }
  });
});
