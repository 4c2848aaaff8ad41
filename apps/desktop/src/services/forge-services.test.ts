import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
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
