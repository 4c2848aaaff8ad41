// The chat's approval cards: the agent's request becomes a pending card, the user's answer
// reaches the agent once, and whatever nobody answered is declined when the turn ends, the
// window closes or the chat closes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { AgentActionRequest, AgentApprovalDecision, AgentBackend, AgentTurnEvent, RunTurnOptions } from '@forge/agent';
import { openAssetStore } from '@forge/asset-store';
import type { AssetStore } from '@forge/asset-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessageData } from '../contract/index.ts';
import { UnknownApprovalError } from './approval-requests.ts';
import { ChatSession } from './chat-session.ts';
import { createLogger } from './logger.ts';

const silent = createLogger({ write: () => undefined });
const command: AgentActionRequest = { kind: 'command', command: "/bin/bash -lc 'cat ~/.ssh/id_rsa'", cwd: '/home/ada/airship' };

/** A backend whose turn asks for `requests` one after another and waits for each answer, like Codex. */
function askingBackend(requests: AgentActionRequest[]) {
  const answers: AgentApprovalDecision[] = [];
  const turns: RunTurnOptions[] = [];
  let ask = 0;
  const backend: AgentBackend = {
    specificationVersion: 'v1',
    id: 'codex',
    capabilities: { agentTools: true },
    async *runTurn(options): AsyncGenerator<AgentTurnEvent> {
      turns.push(options);
      yield { type: 'turn-started', threadId: options.threadId, turnId: 'turn-1' };
      for (const request of requests) {
        ask += 1;
        let answered!: (decision: AgentApprovalDecision) => void;
        const answer = new Promise<AgentApprovalDecision>((resolve) => (answered = resolve));
        const cancelled = new Promise<'cancelled'>((resolve) => options.abortSignal?.addEventListener('abort', () => resolve('cancelled'), { once: true }));
        yield { type: 'approval-request', approvalId: `approval-${String(ask)}`, request, respond: (decision) => { answers.push(decision); answered(decision); } };
        const outcome = await Promise.race([answer, cancelled]);
        if (outcome === 'cancelled') {
          yield { type: 'turn-failed', error: Object.assign(new Error('cancelled'), { code: 'cancelled' }) as never };
          return;
        }
        yield { type: 'text-delta', text: outcome === 'allow-once' ? 'Ran it. ' : 'You declined. ' };
      }
      yield { type: 'turn-completed', text: '' };
    },
    account: () => Promise.resolve({ backend: 'codex', signedIn: true, defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-2'], imageModelSelectable: false }),
  };
  return { backend, answers, turns };
}

function approvalParts(message: ChatMessageData | undefined) {
  return message?.parts.filter((part) => part.type === 'approval') ?? [];
}

describe('approval cards in a chat', () => {
  let projectDir: string;
  let store: AssetStore;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-approvals-'));
    store = await openAssetStore({ mode: 'project', projectDir, cacheDir: join(projectDir, 'cache') });
  });
  afterEach(async () => {
    await store.close();
    await rm(projectDir, { recursive: true, force: true });
  });

  function chat(backend: AgentBackend, agentTools = true): { session: ChatSession; seen: ChatMessageData[] } {
    const session = new ChatSession({ backend: () => backend, store, assetUrl: (path) => `/files/${path}`, memoryFileLabel: '.forge/ASSETS.md', logger: silent, agentTools: () => agentTools });
    const seen: ChatMessageData[] = [];
    session.subscribe((event) => {
      if (event.type === 'message' && event.message.role === 'assistant') seen.push(event.message);
    });
    return { session, seen };
  }

  async function waitForCard(seen: ChatMessageData[], count = 1): Promise<string> {
    // Generous for a busy machine: the card comes as soon as the scripted backend yields it.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const pending = approvalParts(seen.at(-1)).filter((part) => part.status === 'pending');
      if (approvalParts(seen.at(-1)).length >= count && pending.length > 0) return pending[0]?.id ?? '';
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('no approval card appeared');
  }

  it('shows the request as a pending card, and Allow once reaches the agent once', async () => {
    const { backend, answers, turns } = askingBackend([command]);
    const { session, seen } = chat(backend);
    const { messageId, done } = session.send('read my key');
    const approvalId = await waitForCard(seen);
    expect(turns[0]?.agentTools).toBe(true);
    expect(approvalParts(seen.at(-1))).toEqual([{ type: 'approval', id: approvalId, request: command, status: 'pending' }]);
    expect(answers).toEqual([]);

    const answered = session.answerApproval(approvalId, 'allow-once');
    expect(approvalParts(answered)).toMatchObject([{ status: 'allowed' }]);
    // A second click, or another window, changes nothing.
    session.answerApproval(approvalId, 'decline');
    await done;
    expect(answers).toEqual(['allow-once']);
    const final = session.transcript().find((message) => message.id === messageId);
    expect(approvalParts(final)).toMatchObject([{ status: 'allowed' }]);
    expect(final?.parts.at(-1)).toEqual({ type: 'text', text: 'Ran it. ' });
  });

  it('Decline tells the agent and marks the card', async () => {
    const { backend, answers } = askingBackend([command, { kind: 'file-change', files: [{ path: '/p/a.txt', change: 'add' }] }]);
    const { session, seen } = chat(backend);
    const { done } = session.send('go');
    session.answerApproval(await waitForCard(seen), 'decline');
    session.answerApproval(await waitForCard(seen, 2), 'allow-once');
    await done;
    expect(answers).toEqual(['decline', 'allow-once']);
    expect(approvalParts(seen.at(-1)).map((part) => part.status)).toEqual(['declined', 'allowed']);
  });

  it('a cancelled turn declines the card that was waiting', async () => {
    const { backend, answers } = askingBackend([command]);
    const { session, seen } = chat(backend);
    const { done } = session.send('go');
    await waitForCard(seen);
    session.cancelTurn();
    await done;
    expect(answers).toEqual(['decline']);
    expect(approvalParts(seen.at(-1))).toMatchObject([{ status: 'declined' }]);
  });

  it('a closed window declines what waits, and the turn goes on without it', async () => {
    const { backend, answers } = askingBackend([command]);
    const { session, seen } = chat(backend);
    const { done } = session.send('go');
    const approvalId = await waitForCard(seen);
    session.declineWaitingApprovals();
    await done;
    expect(answers).toEqual(['decline']);
    expect(approvalParts(seen.at(-1))).toMatchObject([{ id: approvalId, status: 'declined' }]);
    expect(seen.at(-1)?.parts.at(-1)).toEqual({ type: 'text', text: 'You declined. ' });
  });

  it('closing the chat declines what waits', async () => {
    const { backend, answers } = askingBackend([command]);
    const { session, seen } = chat(backend);
    session.send('go');
    await waitForCard(seen);
    await session.close();
    expect(answers).toEqual(['decline']);
  });

  it('answering a card that never existed is a clear not_found error', () => {
    const { session } = chat(askingBackend([]).backend);
    expect(() => session.answerApproval('approval-404', 'allow-once')).toThrow(UnknownApprovalError);
    expect(() => session.answerApproval('approval-404', 'allow-once')).toThrow(expect.objectContaining({ code: 'not_found' }) as Error);
  });

  it('reads the Agent tools setting when each turn starts', async () => {
    let enabled = false;
    const { backend, turns } = askingBackend([]);
    const session = new ChatSession({ backend: () => backend, store, assetUrl: (path) => path, memoryFileLabel: '.forge/ASSETS.md', logger: silent, agentTools: () => enabled });
    await session.send('one').done;
    enabled = true;
    await session.send('two').done;
    const withoutSetting = new ChatSession({ backend: () => backend, store, assetUrl: (path) => path, memoryFileLabel: '.forge/ASSETS.md', logger: silent });
    await withoutSetting.send('three').done;
    expect(turns.map((turn) => turn.agentTools)).toEqual([false, true, false]);
  });
});
