// Settings → Agent tools and the approval cards through the contract: off by default, kept
// across launches, refused (with the reason) on backends that have no such tools, and answered
// with answerApproval; a renderer that goes away declines what waits.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentApprovalDecision, AgentBackend, AgentTurnEvent, RunTurnOptions } from '@forge/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ForgeEvent } from '../contract/index.ts';
import { createForgeServices } from './forge-services.ts';
import type { ForgeServices } from './forge-services.ts';
import { createLogger } from './logger.ts';
import { openSettingsFile } from './settings-file.ts';

const logger = createLogger({ write: () => undefined });

/** A backend with agent tools whose every turn asks to run `ls` and waits for the answer. */
function toolsBackend() {
  const turns: RunTurnOptions[] = [];
  const answers: AgentApprovalDecision[] = [];
  const backend: AgentBackend = {
    specificationVersion: 'v1',
    id: 'codex',
    capabilities: { agentTools: true },
    async *runTurn(options): AsyncGenerator<AgentTurnEvent> {
      turns.push(options);
      if (options.agentTools === true) {
        let answered!: (decision: AgentApprovalDecision) => void;
        const answer = new Promise<AgentApprovalDecision>((resolve) => (answered = resolve));
        yield { type: 'approval-request', approvalId: `approval-${String(turns.length)}`, request: { kind: 'command', command: 'ls', cwd: '/p' }, respond: (decision) => { answers.push(decision); answered(decision); } };
        await answer;
      }
      yield { type: 'turn-completed', text: '' };
    },
    account: () => Promise.resolve({ backend: 'codex', signedIn: true, defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-2'], imageModelSelectable: false }),
  };
  return { backend, turns, answers };
}

describe('Settings → Agent tools', () => {
  let projectDir: string;
  let configDir: string;
  const running: ForgeServices[] = [];

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-agent-tools-'));
    configDir = await mkdtemp(join(tmpdir(), 'forge-agent-tools-config-'));
  });
  afterEach(async () => {
    for (const services of running.splice(0)) await services.close();
    await rm(projectDir, { recursive: true, force: true });
    await rm(configDir, { recursive: true, force: true });
  });

  async function launch(backend: AgentBackend): Promise<ForgeServices> {
    const services = await createForgeServices({
      workspace: { mode: 'project', projectDir },
      cacheDir: join(configDir, 'cache'),
      backend,
      assetUrl: (path) => path,
      logger,
      settings: openSettingsFile({ path: join(configDir, 'settings.json'), warn: () => undefined }),
    });
    running.push(services);
    return services;
  }

  async function pendingApproval(services: ForgeServices): Promise<string> {
    // Generous for a busy machine: the card comes as soon as the scripted backend yields it.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const parts = (await services.call('getState', {})).messages.flatMap((message) => message.parts);
      const card = parts.find((part) => part.type === 'approval' && part.status === 'pending');
      if (card !== undefined && card.type === 'approval') return card.id;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no approval card appeared');
  }

  it('is off by default; turning it on reaches the next turn, the renderer and the settings file', async () => {
    const { backend, turns } = toolsBackend();
    const services = await launch(backend);
    const events: ForgeEvent[] = [];
    services.subscribe((event) => events.push(event));
    expect((await services.call('getState', {})).agentTools).toEqual({ enabled: false, available: true });
    await services.call('sendMessage', { text: 'one' });
    await expect.poll(() => turns.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await services.call('getState', {})).busy, { timeout: 30_000 }).toBe(false);

    expect(await services.callUntrusted('setAgentTools', { enabled: true })).toEqual({ agentTools: { enabled: true, available: true } });
    expect(events).toContainEqual({ type: 'agent-tools', agentTools: { enabled: true, available: true } });
    expect(JSON.parse(await readFile(join(configDir, 'settings.json'), 'utf8'))).toMatchObject({ agentTools: true });
    await services.call('sendMessage', { text: 'two' });
    const approvalId = await pendingApproval(services);
    await services.call('answerApproval', { approvalId, decision: 'decline' });
    expect(turns.map((turn) => turn.agentTools)).toEqual([false, true]);

    await services.close();
    running.splice(running.indexOf(services), 1);
    const again = await launch(toolsBackend().backend);
    expect((await again.call('getState', {})).agentTools).toEqual({ enabled: true, available: true });
  });

  it('is disabled, with the reason, on the offline backend, and cannot be turned on there', async () => {
    const services = await launch(createOfflineBackend());
    expect((await services.call('getState', {})).agentTools).toEqual({
      enabled: false,
      available: false,
      unavailableReason: 'The offline backend has no agent tools: it only draws offline previews.',
    });
    await expect(services.callUntrusted('setAgentTools', { enabled: true })).rejects.toThrow('The offline backend has no agent tools');
    await expect(services.respond('setAgentTools', { enabled: true })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('says why on an OpenAI API backend, whose spec declares no agent tools', async () => {
    const openai: AgentBackend = { ...toolsBackend().backend, id: 'openai' };
    delete (openai as { capabilities?: unknown }).capabilities;
    const services = await launch(openai);
    expect((await services.call('getState', {})).agentTools).toMatchObject({ available: false, unavailableReason: expect.stringContaining('OpenAI API backend has no agent tools') as unknown });
  });

  it('answers a card through the contract once, and validates the answer', async () => {
    const { backend, answers } = toolsBackend();
    const services = await launch(backend);
    await services.call('setAgentTools', { enabled: true });
    await services.call('sendMessage', { text: 'look around' });
    const approvalId = await pendingApproval(services);
    await expect(services.callUntrusted('answerApproval', { approvalId, decision: 'always' })).rejects.toThrow();
    await expect(services.callUntrusted('answerApproval', { approvalId, decision: 'allow-once', extra: 1 })).rejects.toThrow();
    await expect(services.respond('answerApproval', { approvalId: 'approval-unknown', decision: 'allow-once' })).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    const { message } = await services.call('answerApproval', { approvalId, decision: 'allow-once' });
    expect(message.parts.find((part) => part.type === 'approval')).toMatchObject({ status: 'allowed', request: { kind: 'command', command: 'ls', cwd: '/p' } });
    await services.call('answerApproval', { approvalId, decision: 'decline' });
    expect(answers).toEqual(['allow-once']);
  });

  it('declines what waits when the renderer goes away, and when Forge closes', async () => {
    const { backend, answers } = toolsBackend();
    const services = await launch(backend);
    await services.call('setAgentTools', { enabled: true });
    await services.call('sendMessage', { text: 'one' });
    await pendingApproval(services);
    services.rendererClosed();
    expect(answers).toEqual(['decline']);
    await expect.poll(async () => (await services.call('getState', {})).busy, { timeout: 30_000 }).toBe(false);

    await services.call('sendMessage', { text: 'two' });
    await pendingApproval(services);
    await services.close();
    running.splice(running.indexOf(services), 1);
    expect(answers).toEqual(['decline', 'decline']);
  });
});
