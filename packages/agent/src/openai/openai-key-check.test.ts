// The API-key check against the fake OpenAI server on loopback: one model-list call that tells
// a good key from a rejected one, a server that is not there, and one that is not OpenAI's kind.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { AgentError } from '../agent-error.ts';
import { checkOpenAIKey } from './openai-key-check.ts';

const apiKey = 'sk-test-forge-keycheck-0123456789abcdef';

async function failure(promise: Promise<unknown>): Promise<AgentError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!AgentError.isInstance(error)) throw new Error(`expected an AgentError, got ${String(error)}`);
  expect(error.message).not.toContain(apiKey);
  return error;
}

describe('checking an API key with one model-list call', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(() => {
    fake.setScenario('ok');
    fake.clearRequests();
  });

  it('answers with the models a good key can see, after exactly one GET /models', async () => {
    const { models } = await checkOpenAIKey({ apiKey, baseURL: fake.url });
    expect(models).toEqual(['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1-mini', 'gpt-5', 'gpt-5-mini', 'text-embedding-3-small']);
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual(['GET /v1/models']);
  });

  it('says the server rejected the key (401)', async () => {
    fake.setScenario('unauthorized');
    const error = await failure(checkOpenAIKey({ apiKey, baseURL: fake.url }));
    expect(error).toMatchObject({ code: 'signed_out', message: `${fake.url} rejected this key.`, retryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('says the key is rejected by OpenAI when no base URL is given', async () => {
    const error = await failure(
      checkOpenAIKey({ apiKey, fetch: () => Promise.resolve(new Response(JSON.stringify({ error: { message: 'Incorrect API key', code: 'invalid_api_key' } }), { status: 401, headers: { 'content-type': 'application/json' } })) }),
    );
    expect(error.message).toBe('OpenAI rejected this key.');
  });

  it('says a server that answers with a web page is not an OpenAI server', async () => {
    fake.setScenario('html');
    const error = await failure(checkOpenAIKey({ apiKey, baseURL: fake.url }));
    expect(error.code).toBe('protocol');
    expect(error.message).toBe(`${fake.url} did not answer like an OpenAI server (it sent a web page). Check the base URL: it usually ends in /v1.`);
  });

  it('says so when the answer is JSON but not a model list', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      const error = await failure(checkOpenAIKey({ apiKey, baseURL }));
      expect(error.code).toBe('protocol');
      expect(error.message).toContain('its model list has no "data" array');
    } finally {
      server.close();
    }
  });

  it('says the server cannot be reached when nothing listens there', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const baseURL = `http://127.0.0.1:${port}/v1`;
    const error = await failure(checkOpenAIKey({ apiKey, baseURL }));
    expect(error).toMatchObject({ code: 'network', message: `Could not reach ${baseURL}: check the address and the connection, then try again.` });
  });

  it('gives up on a server that never answers, after the timeout', { timeout: 20_000 }, async () => {
    fake.setScenario('hang');
    const error = await failure(checkOpenAIKey({ apiKey, baseURL: fake.url, timeoutMs: 300 }));
    expect(error.code).toBe('network');
  });
});
