// The web host tells the services when no page is left listening, so an approval card nobody
// can answer any more is declined rather than left waiting.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createOfflineBackend } from '@forge/agent';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { createForgeServices, createLogger } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { assetUrlPath, startWebHost } from './web-host.ts';
import type { WebHost } from './web-host.ts';

const logger = createLogger({ write: () => undefined });
let projectDir: string;
let services: ForgeServices;
let host: WebHost;
const rendererClosed = vi.fn();

beforeEach(async () => {
  projectDir = await mkdtemp(join(tmpdir(), 'forge-web-closed-'));
  await writeFile(join(projectDir, 'index.html'), '<!doctype html><title>Forge</title>');
  services = await createForgeServices({ workspace: { mode: 'project', projectDir }, backend: createOfflineBackend(), assetUrl: assetUrlPath, logger, cacheDir: join(projectDir, 'cache') });
  rendererClosed.mockClear();
  host = await startWebHost({ services: { ...services, rendererClosed }, rendererDir: projectDir, logger });
});

afterEach(async () => {
  await host.close();
  await services.close();
  await rm(projectDir, { recursive: true, force: true });
});

async function openEvents(): Promise<AbortController> {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/events', host.url), { signal: controller.signal, headers: { 'x-forge-token': host.token } });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  await reader.read();
  return controller;
}

it('says the renderer closed when the last page stops listening, not before', async () => {
  const first = await openEvents();
  const second = await openEvents();
  first.abort();
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(rendererClosed).not.toHaveBeenCalled();
  second.abort();
  await expect.poll(() => rendererClosed.mock.calls.length, { timeout: 30_000 }).toBe(1);
});
