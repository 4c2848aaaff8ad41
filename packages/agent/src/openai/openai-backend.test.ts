// The OpenAI backend against the fake server's SSE /v1/responses stream on loopback.
import { startFakeOpenAI, type FakeOpenAI } from '@forge/fake-openai';
import { inspectImage } from '@forge/image-gen';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { createOpenAIBackend } from './openai-backend.ts';

const apiKey = 'sk-test-forge-0123456789abcdef';

async function collect(events: AsyncIterable<AgentTurnEvent>, onEvent?: (event: AgentTurnEvent) => void): Promise<AgentTurnEvent[]> {
  const collected: AgentTurnEvent[] = [];
  for await (const event of events) {
    collected.push(event);
    onEvent?.(event);
  }
  return collected;
}

const kinds = (events: AgentTurnEvent[]): string[] => events.map((event) => (event.type === 'image' ? `image:${event.event.type}` : event.type));

describe('openai backend on the fake Responses API', () => {
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

  it('streams text and partial images in order, then the final image with the revised prompt', async () => {
    // As a real service paces it: the finished image comes a while after the last frame.
    fake.setScenario({ name: 'ok', revisedPrompt: 'A brass steampunk airship above the clouds, golden hour', finalAfterMs: 300 });
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, image: { size: '1536x1024', partialImages: 2, quality: 'high' } });
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'concept art for a steampunk airship' }, mode: 'agent' }));
    const order = kinds(events).filter((kind, index, all) => kind !== 'text-delta' || all[index - 1] !== 'text-delta');
    expect(order).toEqual(['turn-started', 'text-delta', 'image:started', 'image:partial', 'image:partial', 'image:completed', 'text-delta', 'turn-completed']);
    const partials = events.flatMap((event) => (event.type === 'image' && event.event.type === 'partial' ? [event.event] : []));
    expect(partials.map((partial) => partial.index)).toEqual([0, 1]);
    const completed = events.find((event) => event.type === 'image' && event.event.type === 'completed');
    if (completed?.type !== 'image' || completed.event.type !== 'completed') throw new Error('no image');
    expect(inspectImage(completed.event.bytes)).toEqual({ mediaType: 'image/png', width: 1536, height: 1024 });
    expect(completed.event.revisedPrompt).toBe('A brass steampunk airship above the clouds, golden hour');
    expect(events.at(-1)).toEqual({ type: 'turn-completed', text: 'Generating that image now.\n\nHere it is. Want any changes?' });
    expect(fake.requests.find((request) => request.path.endsWith('/responses'))?.body).toMatchObject({ stream: true, tools: [{ type: 'image_generation', model: 'gpt-image-2', partial_images: 2, size: '1536x1024', quality: 'high' }] });
  });

  it('drops a partial frame the finished image comes right behind (it would be replaced before it is seen)', async () => {
    // The fake sends the finished image in the same moment as the last frame; it draws each frame a while (tens of ms) after the one before.
    fake.setScenario({ name: 'ok' });
    const images = async (partialFramePauseMs?: number) => {
      const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, image: { partialImages: 2, ...(partialFramePauseMs === undefined ? {} : { partialFramePauseMs }) } });
      const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'a lighthouse at dusk' }, mode: 'agent' }));
      return events.flatMap((event) => (event.type === 'image' ? [event.event.type === 'partial' ? `partial ${String(event.event.index)}` : event.event.type] : []));
    };
    // A wide pause here: a busy machine may be slow between the two reads the stream takes. The
    // first frame is shown unless the fake drew the next one within the pause.
    const paused = await images(30);
    expect(paused).not.toContain('partial 1');
    expect(paused.at(-1)).toBe('completed');
    expect(await images(0)).toEqual(['started', 'partial 0', 'partial 1', 'completed']);
  }, 20_000);

  it('continues the conversation with previous_response_id and offers no tool in Ask mode', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url });
    const first = await collect(backend.runTurn({ threadId: 't1', input: { text: 'hello' }, mode: 'ask' }));
    expect(first.at(-1)).toMatchObject({ type: 'turn-completed', text: 'Fake reply to: hello' });
    await collect(backend.runTurn({ threadId: 't1', input: { text: 'and again' }, mode: 'ask' }));
    const [firstRequest, secondRequest] = fake.requests.filter((request) => request.path.endsWith('/responses'));
    expect(firstRequest?.body).not.toHaveProperty('tools');
    expect((firstRequest?.body as { instructions?: string }).instructions).toMatch(/Ask mode .*cannot generate images.*switching to Agent mode/);
    expect(firstRequest?.body).not.toHaveProperty('previous_response_id');
    expect((secondRequest?.body as { previous_response_id?: string }).previous_response_id).toMatch(/^resp_/);
  });

  it('sends the history the host kept when it has no response to continue from (after a restart), then continues by id', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url });
    const history = [
      { role: 'user' as const, text: 'draw a lighthouse at dusk' },
      { role: 'assistant' as const, text: 'Here it is. Want any changes?' },
      { role: 'assistant' as const, text: '  ' },
    ];
    await collect(backend.runTurn({ threadId: 't9', input: { text: 'now make it stormy' }, mode: 'ask', history }));
    await collect(backend.runTurn({ threadId: 't9', input: { text: 'and at night' }, mode: 'ask', history }));
    const [firstRequest, secondRequest] = fake.requests.filter((request) => request.path.endsWith('/responses'));
    expect(firstRequest?.body).toMatchObject({
      input: [
        { role: 'user', content: 'draw a lighthouse at dusk' },
        { role: 'assistant', content: 'Here it is. Want any changes?' },
        { role: 'user', content: 'now make it stormy' },
      ],
    });
    expect(firstRequest?.body).not.toHaveProperty('previous_response_id');
    expect(secondRequest?.body).toMatchObject({ input: 'and at night', previous_response_id: expect.stringMatching(/^resp_/) as unknown });
  });

  it.each([
    ['usage-limit', 'quota_exceeded'],
    ['quota', 'quota_exceeded'],
    ['rate-limit', 'rate_limited'],
    ['unauthorized', 'signed_out'],
    ['moderation', 'content_policy'],
    ['server-error', 'server'],
    ['stream-error', 'server'],
    ['disconnect', 'network'],
  ] as const)('maps the %s fault to a %s turn failure without leaking the key', async (scenario, code) => {
    fake.setScenario(scenario);
    // A chat model of its own, so the fault meets the Responses call, not the model list.
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, model: 'gpt-5' });
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent' }));
    const failed = events.at(-1);
    expect(failed).toMatchObject({ type: 'turn-failed', error: { code } });
    if (failed?.type !== 'turn-failed') throw new Error('not failed');
    expect(failed.error.message).not.toContain(apiKey);
    expect(failed.error.message).not.toContain('0123456789abcdef');
  });

  it('fails the image (not the text) when the final image bytes are not an image', async () => {
    fake.setScenario('invalid-image');
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, image: { partialImages: 0 } });
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent' }));
    expect(events.filter((event) => event.type === 'image').map((event) => event.event.type)).toEqual(['started', 'failed']);
    expect(events.find((event) => event.type === 'image' && event.event.type === 'failed')).toMatchObject({ event: { error: { code: 'invalid_output' } } });
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
  });

  it('cancels mid-stream: no image, the turn ends cancelled', async () => {
    fake.setScenario({ name: 'slow', delayMs: 200 });
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url });
    const controller = new AbortController();
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent', abortSignal: controller.signal }), (event) => {
      if (event.type === 'image' && event.event.type === 'started') controller.abort();
    });
    expect(events.some((event) => event.type === 'image' && event.event.type === 'completed')).toBe(false);
    expect(events.slice(-2)).toMatchObject([{ type: 'image', event: { type: 'failed', error: { code: 'cancelled' } } }, { type: 'turn-failed', error: { code: 'cancelled' } }]);
  });

  it('reports every stream event as activity, so a host can tell a slow turn from a dead one', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, image: { partialImages: 2 } });
    let signsOfLife = 0;
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent', onActivity: () => (signsOfLife += 1) }));
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
    // In-progress and generating events carry no turn event, and still count.
    expect(signsOfLife).toBeGreaterThan(events.length);
  });

  it('gives up on a server that never starts answering after the request timeout, not the SDK\'s ten minutes', { timeout: 30_000 }, async () => {
    fake.setScenario('hang');
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, requestTimeoutMs: 300 });
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent' }));
    expect(events.at(-1)).toMatchObject({ type: 'turn-failed', error: { code: 'timeout', retryable: true, message: expect.stringContaining('did not start answering') as unknown } });
  });

  it('lists the image models the key can use', async () => {
    const account = await createOpenAIBackend({ apiKey, baseURL: fake.url }).account();
    expect(account).toMatchObject({ backend: 'openai', signedIn: true, defaultImageModel: 'gpt-image-2', imageModelSelectable: true });
    expect(account.imageModels).toEqual(['gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2']);
    fake.setScenario('unauthorized');
    expect(await createOpenAIBackend({ apiKey, baseURL: fake.url }).account()).toMatchObject({ signedIn: false });
  });

  it('runs on a chat model the server lists when none is set, asking for the list once, and on the picked one after setChatModel', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url });
    await collect(backend.runTurn({ threadId: 't1', input: { text: 'hello' }, mode: 'ask' }));
    await collect(backend.runTurn({ threadId: 't1', input: { text: 'again' }, mode: 'ask' }));
    backend.setChatModel('gpt-5-mini');
    await collect(backend.runTurn({ threadId: 't1', input: { text: 'and once more' }, mode: 'ask' }));
    expect(fake.requests.map((request) => request.path)).toEqual(['/v1/models', '/v1/responses', '/v1/responses', '/v1/responses']);
    const models = fake.requests.filter((request) => request.path.endsWith('/responses')).map((request) => (request.body as { model?: string }).model);
    expect(models).toEqual(['gpt-5', 'gpt-5', 'gpt-5-mini']);
    expect(await backend.account()).toMatchObject({ chatModel: 'gpt-5-mini', chatModels: ['gpt-5', 'gpt-5-mini'] });
  });

  it('says which setting to change when the server lists no chat model, and asks nothing of /responses', async () => {
    const imagesOnly = await startFakeOpenAI({ models: ['gpt-image-2', 'text-embedding-3-small'] });
    try {
      const backend = createOpenAIBackend({ apiKey, baseURL: imagesOnly.url });
      const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'hello' }, mode: 'ask' }));
      const failed = events.at(-1);
      expect(failed).toMatchObject({ type: 'turn-failed', error: { code: 'invalid_request' } });
      expect(failed?.type === 'turn-failed' ? failed.error.message : '').toContain('Settings → Account → Chat model');
      expect(imagesOnly.requests.map((request) => request.path)).toEqual(['/v1/models']);
      expect(await backend.account()).toMatchObject({ chatModels: [], imageModels: ['gpt-image-2'] });
      expect(await backend.account()).not.toHaveProperty('chatModel');
    } finally {
      await imagesOnly.close();
    }
  });

  it('uses the models the host already listed instead of asking again', async () => {
    const backend = createOpenAIBackend({ apiKey, baseURL: fake.url, models: ['gpt-4.1', 'gpt-image-1'] });
    await collect(backend.runTurn({ threadId: 't1', input: { text: 'hello' }, mode: 'ask' }));
    expect(fake.requests.map((request) => request.path)).toEqual(['/v1/responses']);
    expect((fake.requests[0]?.body as { model?: string }).model).toBe('gpt-4.1');
    expect(await backend.account()).toMatchObject({ imageModels: ['gpt-image-1'], chatModels: ['gpt-4.1'], chatModel: 'gpt-4.1' });
  });
});
