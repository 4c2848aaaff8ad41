import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import type { AgentBackend, RunTurnOptions } from '@forge/agent';
import { createOfflineImageModel } from '@forge/image-gen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createForgeServices } from './forge-services.ts';
import { createLogger } from './logger.ts';

const logger = createLogger({ write: () => undefined });

describe('Forge services in Open mode', () => {
  let homeDir: string;
  let workingDir: string;

  beforeEach(async () => {
    homeDir = await mkdtemp(join(tmpdir(), 'forge-home-'));
    workingDir = await mkdtemp(join(tmpdir(), 'forge-cwd-'));
  });

  afterEach(async () => {
    await rm(homeDir, { recursive: true, force: true });
    await rm(workingDir, { recursive: true, force: true });
  });

  it('saves to ~/.forge/scratchpad/generated, logs to the scratchpad ASSETS.md, and touches nothing else', async () => {
    const services = await createForgeServices({ workspace: { mode: 'open', homeDir }, backend: createOfflineBackend(), assetUrl: (path) => `/files/${path}`, logger });
    try {
      const state = await services.call('getState', {});
      expect(state).toMatchObject({ mode: 'open', memoryFile: '~/.forge/scratchpad/ASSETS.md', folder: join(homeDir, '.forge', 'scratchpad') });
      await services.call('sendMessage', { text: 'draw a map of the harbour' });
      let proposalId: string | undefined;
      for (let attempt = 0; attempt < 100 && proposalId === undefined; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const parts = (await services.call('getState', {})).messages.flatMap((message) => message.parts);
        proposalId = parts.find((part) => part.type === 'proposal')?.id;
      }
      if (proposalId === undefined) throw new Error('no proposal appeared');
      const { message } = await services.call('approveProposal', { proposalId });
      const image = message.parts.find((part) => part.type === 'image');
      expect(image).toMatchObject({ status: 'completed' });
      if (image?.type !== 'image' || image.status !== 'completed') throw new Error('no image');
      expect(image.relativePath).toMatch(/^generated\/\d{8}-\d{6}-\d{3}\.png$/);
      expect(await readdir(join(homeDir, '.forge', 'scratchpad', 'generated'))).toEqual([image.relativePath.slice('generated/'.length)]);
      expect(await readFile(join(homeDir, '.forge', 'scratchpad', 'ASSETS.md'), 'utf8')).toContain(image.relativePath);
      expect(await readdir(workingDir)).toEqual([]);
      expect(await readdir(join(homeDir, '.forge'))).toEqual(['scratchpad']);
    } finally {
      await services.close();
    }
  });
});

describe('Settings → Account → Image model', () => {
  let projectDir: string;

  beforeEach(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'forge-settings-'));
  });

  afterEach(async () => {
    await rm(projectDir, { recursive: true, force: true });
  });

  it('shows the fixed model and refuses another where the backend offers no choice', async () => {
    const services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: createOfflineBackend(), assetUrl: (path) => path, logger });
    try {
      expect((await services.call('getState', {})).account).toMatchObject({ imageModel: 'forge-offline-1', imageModelSelectable: false });
      await expect(services.callUntrusted('setImageModel', { model: 'gpt-image-1' })).rejects.toThrow(/draws with forge-offline-1/);
    } finally {
      await services.close();
    }
  });

  it('draws later turns with the picked model, and only with one the account lists', async () => {
    const seen: (string | undefined)[] = [];
    const backend: AgentBackend = {
      specificationVersion: 'v1',
      id: 'openai',
      // eslint-disable-next-line @typescript-eslint/require-await -- a backend that answers at once
      async *runTurn(options: RunTurnOptions) {
        seen.push(options.imageModel?.modelId);
        yield { type: 'turn-completed', text: '' };
      },
      account: () => Promise.resolve({ backend: 'openai', signedIn: true, plan: 'api-key', defaultImageModel: 'gpt-image-2', imageModels: ['gpt-image-1.5', 'gpt-image-2'], imageModelSelectable: true }),
    };
    const built: string[] = [];
    const services = await createForgeServices({
      workspace: { mode: 'project', projectDir },
      backend,
      assetUrl: (path) => path,
      logger,
      imageModelFor: (modelId) => {
        built.push(modelId);
        return { ...createOfflineImageModel(), modelId };
      },
    });
    const events: string[] = [];
    const unsubscribe = services.subscribe((event) => events.push(event.type));
    try {
      await expect(services.callUntrusted('setImageModel', { model: 'dall-e-9' })).rejects.toThrow(/Pick one of: gpt-image-1.5, gpt-image-2/);
      const { account } = await services.call('setImageModel', { model: 'gpt-image-1.5' });
      expect(account.imageModel).toBe('gpt-image-1.5');
      expect(events).toContain('account');
      await services.call('sendMessage', { text: 'draw a gear' });
      for (let attempt = 0; attempt < 50 && seen.length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(seen).toEqual(['gpt-image-1.5']);
      expect(built).toEqual(['gpt-image-1.5']);
      expect((await services.call('getState', {})).account.imageModel).toBe('gpt-image-1.5');
    } finally {
      unsubscribe();
      await services.close();
    }
  });
});
