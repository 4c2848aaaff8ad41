// Ask / Agent: the thread keeps its mode, shows it in getState, and every turn runs in it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend, AgentMode } from '@forge/agent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ChatMessageData, ForgeEvent } from '../contract/index.ts';
import { createForgeServices } from './forge-services.ts';
import type { ForgeServices } from './forge-services.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ write: () => undefined });

/** The offline backend, recording the mode of every turn it runs. */
function recordingBackend(modes: AgentMode[]): AgentBackend {
  const offline = createOfflineBackend({ imageDelayMs: 0 });
  return {
    ...offline,
    runTurn: (options) => {
      modes.push(options.mode);
      return offline.runTurn(options);
    },
  };
}

async function settled(services: ForgeServices): Promise<ChatMessageData[]> {
  // Generous for a busy machine: the offline turn itself takes milliseconds.
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const state = await services.call('getState', {});
    if (!state.busy && state.messages.every((message) => message.pending !== true)) return state.messages;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the turn never finished');
}

describe('Ask / Agent mode', () => {
  let projectDir: string;
  let cacheDir: string;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-mode-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'forge-mode-cache-'));
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  async function open(modes: AgentMode[]): Promise<ForgeServices> {
    return createForgeServices({ workspace: { mode: 'project', projectDir }, backend: recordingBackend(modes), assetUrl: (path) => path, logger, cacheDir });
  }

  it('starts in Agent mode, and a turn in Agent mode may draw', async () => {
    const modes: AgentMode[] = [];
    const services = await open(modes);
    try {
      expect((await services.call('getState', {})).chatMode).toBe('agent');
      await services.call('sendMessage', { text: 'Draw a lighthouse at dusk' });
      const messages = await settled(services);
      expect(modes).toEqual(['agent']);
      expect(messages.at(-1)?.parts.some((part) => part.type === 'image')).toBe(true);
    } finally {
      await services.close();
    }
  });

  it('keeps Ask for the thread: getState shows it, listeners hear it, every later turn runs in it and draws nothing', async () => {
    const modes: AgentMode[] = [];
    const services = await open(modes);
    const events: ForgeEvent[] = [];
    const unsubscribe = services.subscribe((event) => events.push(event));
    try {
      expect(await services.callUntrusted('setMode', { mode: 'ask' })).toEqual({ mode: 'ask' });
      expect((await services.call('getState', {})).chatMode).toBe('ask');
      expect(events).toContainEqual({ type: 'chat-mode', mode: 'ask' });

      await services.call('sendMessage', { text: 'Draw a lighthouse at dusk' });
      await settled(services);
      await services.call('sendMessage', { text: 'Generate concept art for a steampunk airship.' });
      const messages = await settled(services);
      expect(modes).toEqual(['ask', 'ask']);
      const replies = messages.filter((message) => message.role === 'assistant');
      expect(replies.flatMap((message) => message.parts).some((part) => part.type === 'image' || part.type === 'proposal')).toBe(false);
      // The backend says why (its own words).
      const text = replies.at(-1)?.parts.find((part) => part.type === 'text');
      expect(text?.type === 'text' ? text.text : '').toMatch(/Ask mode/);
      await expect(readdir(join(projectDir, '.forge', 'generated'))).rejects.toThrow();

      await services.call('setMode', { mode: 'agent' });
      await services.call('sendMessage', { text: 'Draw a lighthouse at dusk' });
      await settled(services);
      expect(modes).toEqual(['ask', 'ask', 'agent']);
      expect((await services.call('getState', {})).chatMode).toBe('agent');
    } finally {
      unsubscribe();
      await services.close();
    }
  });

  it('refuses a mode that does not exist', async () => {
    const services = await open([]);
    try {
      await expect(services.callUntrusted('setMode', { mode: 'draw' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(services.callUntrusted('setMode', { mode: 'ask', extra: true })).rejects.toMatchObject({ code: 'invalid_input' });
      expect((await services.call('getState', {})).chatMode).toBe('agent');
    } finally {
      await services.close();
    }
  });
});

describe('Ask mode on a backend that draws anyway', () => {
  let projectDir: string;
  let cacheDir: string;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-mode-'));
    cacheDir = await mkdtemp(join(tmpdir(), 'forge-mode-cache-'));
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('stops the turn at the first image event, keeps no image and says why', async () => {
    const offline = createOfflineBackend();
    let stoppedEarly = false;
    const disobedient: AgentBackend = {
      ...offline,
      async *runTurn(options) {
        let finished = false;
        try {
          yield { type: 'turn-started', threadId: options.threadId, turnId: 't' };
          yield { type: 'text-delta', text: 'Sure, drawing it.' };
          await Promise.resolve();
          yield { type: 'image', callId: 'c', event: { type: 'started', model: 'm', prompt: 'an airship' } };
          yield { type: 'text-delta', text: 'Here it is.' };
          yield { type: 'turn-completed', text: '' };
          finished = true;
        } finally {
          stoppedEarly = !finished;
        }
      },
    };
    const services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: disobedient, assetUrl: (path) => path, logger, cacheDir });
    try {
      await services.call('setMode', { mode: 'ask' });
      await services.call('sendMessage', { text: 'Generate concept art for a steampunk airship.' });
      const reply = (await settled(services)).at(-1);
      expect(stoppedEarly).toBe(true);
      expect(reply?.parts.some((part) => part.type === 'image' || part.type === 'proposal')).toBe(false);
      const text = reply?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
      expect(text).toMatch(/^Sure, drawing it\.\s+\*Ask mode answers in text only, so Forge stopped the image/);
      expect(text).not.toContain('Here it is.');
      await expect(readdir(join(projectDir, '.forge', 'generated'))).rejects.toThrow();
    } finally {
      await services.close();
    }
  });
});
