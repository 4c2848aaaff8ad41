import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type FakeOpenAI, startFakeOpenAI } from './fake-openai-server.ts';

let fake: FakeOpenAI;
let client: OpenAI;
const apiKey = 'sk-fake-test-key-000111222';

beforeAll(async () => {
  fake = await startFakeOpenAI();
  client = new OpenAI({ apiKey, baseURL: fake.url, maxRetries: 0 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.setScenario('ok');
  fake.clearRequests();
});

async function rawPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers }, body: JSON.stringify(body) });
}

describe('fake OpenAI: Images API', () => {
  it('answers /images/generations without stream with a real PNG of the requested size', async () => {
    const response = await client.images.generate({ model: 'gpt-image-2', prompt: 'a red fox', size: '512x256' });
    const bytes = Buffer.from(response.data?.[0]?.b64_json ?? '', 'base64');
    const metadata = await sharp(bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 512, 256]);
  });

  it('answers the request Codex sends (size auto, opaque background) with a 1024x1024 PNG', async () => {
    const response = await rawPost('/images/generations', { prompt: 'a lighthouse', background: 'opaque', model: 'gpt-image-2', quality: 'auto', size: 'auto' });
    const body = (await response.json()) as { data: Array<{ b64_json: string }> };
    const metadata = await sharp(Buffer.from(body.data[0]!.b64_json, 'base64')).metadata();
    expect([response.status, metadata.width, metadata.height]).toEqual([200, 1024, 1024]);
  });

  it('streams partial images then the completed image', async () => {
    const stream = await client.images.generate({ prompt: 'a red fox', size: '256x256', stream: true, partial_images: 3 });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type === 'image_generation.partial_image' ? `partial ${event.partial_image_index}` : event.type);
    expect(types).toEqual(['partial 0', 'partial 1', 'partial 2', 'image_generation.completed']);
  });

  it('returns the requested JPEG and WebP formats', async () => {
    for (const format of ['jpeg', 'webp'] as const) {
      const response = await client.images.generate({ prompt: 'a red fox', size: '256x256', output_format: format });
      expect((await sharp(Buffer.from(response.data?.[0]?.b64_json ?? '', 'base64')).metadata()).format).toBe(format);
    }
  });

  it('answers a missing prompt with a 400 like the real API', async () => {
    const response = await rawPost('/images/generations', { model: 'gpt-image-2' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'prompt', type: 'invalid_request_error' } });
  });
});

describe('fake OpenAI: scenarios and recording', () => {
  it('picks the scenario per request: header first, then the script, then the default', async () => {
    fake.setScenario('server-error');
    fake.script('quota');
    const statuses = [
      (await rawPost('/images/generations', { prompt: 'x' }, { 'x-fake-scenario': 'rate-limit; retryAfterMs=20' })).status,
      (await rawPost('/images/generations', { prompt: 'x' })).status,
      (await rawPost('/images/generations', { prompt: 'x' })).status,
    ];
    expect(statuses).toEqual([429, 429, 500]);
    expect(fake.requests.map((request) => request.scenario)).toEqual([{ name: 'rate-limit', retryAfterMs: 20 }, { name: 'quota' }, { name: 'server-error' }]);
  });

  it('sends retry-after headers with a rate limit', async () => {
    fake.setScenario({ name: 'rate-limit', retryAfterMs: 1500 });
    const response = await rawPost('/images/generations', { prompt: 'x' });
    expect([response.headers.get('retry-after-ms'), response.headers.get('retry-after')]).toEqual(['1500', '2']);
  });

  it('lets a function choose by request', async () => {
    fake.setScenario((request) => (request.path.endsWith('/responses') ? 'usage-limit' : undefined));
    expect((await rawPost('/images/generations', { prompt: 'x' })).status).toBe(200);
    const limited = await rawPost('/responses', { input: 'hi' });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { type: 'usage_limit_reached', resets_at: expect.any(Number) } });
  });

  it('records method, path, headers and body, but never credentials', async () => {
    await rawPost('/images/generations', { prompt: 'a fox' }, { 'x-openai-actor-authorization': 'actor-secret', 'x-custom': 'kept' });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/images/generations', body: { prompt: 'a fox' }, headers: { 'x-custom': 'kept' } });
    expect(JSON.stringify(fake.requests)).not.toMatch(/sk-fake|actor-secret/);
  });

  it('marks a request the client abandoned and closes cleanly with a request still hanging', async () => {
    fake.setScenario('hang');
    const controller = new AbortController();
    const pending = rawPost('/images/generations', { prompt: 'x' }).catch(() => 'aborted');
    const abandoned = fetch(`${fake.url}/images/generations`, { method: 'POST', body: '{"prompt":"y"}', signal: controller.signal }).catch(() => 'aborted');
    await expect.poll(() => fake.requests.length).toBe(2);
    controller.abort();
    expect(await abandoned).toBe('aborted');
    await expect.poll(() => fake.requests[1]?.closedByClient).toBe(true);
    const other = await startFakeOpenAI({ scenario: 'hang' });
    void fetch(`${other.url}/models`).catch(() => undefined);
    await expect.poll(() => other.requests.length).toBe(1);
    await other.close();
    fake.setScenario('ok');
    void pending;
  });
});

describe('fake OpenAI: Responses API as the model behind Codex', () => {
  const codexTools = [
    {
      type: 'namespace',
      name: 'image_gen',
      tools: [{ type: 'function', name: 'imagegen', parameters: { type: 'object', properties: { prompt: { type: 'string' } }, required: ['prompt'] } }],
    },
  ];

  async function events(body: unknown): Promise<Array<Record<string, unknown>>> {
    const response = await rawPost('/responses', body);
    const text = await response.text();
    return text
      .split('\n\n')
      .filter((block) => block.includes('data: '))
      .map((block) => {
        const [eventLine = '', dataLine = ''] = block.split('\n');
        const data = JSON.parse(dataLine.slice('data: '.length)) as Record<string, unknown>;
        expect(data.type).toBe(eventLine.slice('event: '.length));
        return data;
      });
  }

  it('turn 1: calls image_gen.imagegen with the prompt', async () => {
    const stream = await events({ model: 'fake', stream: true, tools: codexTools, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'draw a lighthouse' }] }] });
    const done = stream.find((event) => event.type === 'response.output_item.done');
    expect(done?.item).toMatchObject({ type: 'function_call', namespace: 'image_gen', name: 'imagegen', call_id: expect.any(String), arguments: JSON.stringify({ prompt: 'draw a lighthouse' }) });
    expect(stream.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed', output: [done?.item] } });
  });

  it('turn 2: answers a function_call_output with an assistant message that says what the tool did', async () => {
    const answer = async (output: unknown, before: unknown[] = []) => {
      const stream = await events({
        model: 'fake',
        stream: true,
        tools: codexTools,
        input: [
          ...before,
          { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'draw a lighthouse' }] },
          { type: 'function_call', call_id: 'call_1', name: 'imagegen', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output },
        ],
      });
      expect(stream.map((event) => event.type)).not.toContain('response.function_call_arguments.done');
      return stream.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta as string).join('');
    };
    const picture = [{ type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' }, { type: 'input_text', text: 'Saved to /tmp/x.png' }];
    expect(await answer(picture)).toContain('Here is the image');
    // A failed tool call: the model says so instead of presenting a picture that never came.
    const failed = await answer('image generation failed: http 429 Too Many Requests');
    expect(failed).toContain('I could not make that image (image generation failed: http 429 Too Many Requests)');
    expect(failed).not.toContain('Here is the image');
  });

  it('draws again on a later turn of the same thread: only the tool result after the last user message counts', async () => {
    const stream = await events({
      model: 'fake',
      stream: true,
      tools: codexTools,
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'draw a lighthouse' }] },
        { type: 'function_call', call_id: 'call_1', name: 'imagegen', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: [{ type: 'input_image', image_url: 'data:image/png;base64,AA==' }] },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'now a windmill' }] },
      ],
    });
    const done = stream.find((event) => event.type === 'response.output_item.done');
    expect(done?.item).toMatchObject({ type: 'function_call', name: 'imagegen', arguments: JSON.stringify({ prompt: 'now a windmill' }) });
  });

  it('drives the hosted image_generation tool with partial images between text deltas', async () => {
    const stream = await events({ model: 'gpt-5', stream: true, tools: [{ type: 'image_generation', partial_images: 2, size: '256x256' }], input: 'draw a cat' });
    const types = stream.map((event) => event.type as string);
    const firstText = types.indexOf('response.output_text.delta');
    const firstPartial = types.indexOf('response.image_generation_call.partial_image');
    const lastText = types.lastIndexOf('response.output_text.delta');
    expect(firstText).toBeLessThan(firstPartial);
    expect(firstPartial).toBeLessThan(lastText);
    expect(types.filter((type) => type === 'response.image_generation_call.partial_image')).toHaveLength(2);
    const done = stream.find((event) => event.type === 'response.output_item.done' && (event.item as { type: string }).type === 'image_generation_call');
    const item = done?.item as { result: string; revised_prompt: string };
    expect((await sharp(Buffer.from(item.result, 'base64')).metadata()).width).toBe(256);
    expect(item.revised_prompt).toContain('draw a cat');
  });

  it('closes a hosted image call honestly: a damaged picture gets no "Here it is"', async () => {
    const closing = async () => {
      const stream = await events({ model: 'gpt-5', stream: true, tools: [{ type: 'image_generation', size: '256x256' }], input: 'draw a cat' });
      return stream.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta as string).join('');
    };
    fake.setScenario('invalid-image');
    expect(await closing()).toBe('Generating that image now.That image did not come through properly. Want me to try again?');
    fake.setScenario('ok');
    expect(await closing()).toBe('Generating that image now.Here it is. Want any changes?');
  });

  it('exec-command: asks Codex to run the scripted command, offered or not (a hostile reply), then reports the tool output', async () => {
    fake.setScenario({ name: 'exec-command', command: 'cat /etc/hostname', workdir: '/tmp' });
    const first = await events({ model: 'fake', stream: true, tools: codexTools, input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }] });
    const call = first.find((event) => event.type === 'response.output_item.done')?.item as { type: string; name: string; call_id: string; arguments: string };
    expect(call).toMatchObject({ type: 'function_call', name: 'exec_command' });
    expect(JSON.parse(call.arguments)).toEqual({ cmd: 'cat /etc/hostname', workdir: '/tmp' });
    const second = await events({
      model: 'fake',
      stream: true,
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
        { type: 'function_call', call_id: call.call_id, name: 'exec_command', arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: 'rejected by user' },
      ],
    });
    const text = second.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta as string).join('');
    expect(text).toBe('The tool answered: rejected by user');
  });

  it('exec-command: a new user message after an earlier tool result asks again', async () => {
    fake.setScenario({ name: 'exec-command', command: 'pwd' });
    const stream = await events({
      model: 'fake',
      stream: true,
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
        { type: 'function_call_output', call_id: 'call_0', output: 'done' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'again' }] },
      ],
    });
    expect(stream.find((event) => event.type === 'response.output_item.done')?.item).toMatchObject({ type: 'function_call', name: 'exec_command', arguments: '{"cmd":"pwd"}' });
  });

  it('apply-patch: sends a freeform apply_patch call with the patch as its input', async () => {
    fake.setScenario({ name: 'apply-patch' });
    const stream = await events({ model: 'fake', stream: true, input: 'edit something' });
    const item = stream.find((event) => event.type === 'response.output_item.done')?.item as { type: string; name: string; input: string };
    expect(item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch' });
    expect(item.input).toMatch(/^\*\*\* Begin Patch\n\*\*\* Add File: forge-fake\.txt\n/);
    const header = await rawPost('/responses', { model: 'fake', stream: false, input: 'x' }, { 'x-fake-scenario': 'exec-command; command=ls -la' });
    expect(((await header.json()) as { output: Array<{ arguments: string }> }).output[0]?.arguments).toBe('{"cmd":"ls -la"}');
  });

  it('answers without streaming as one JSON response', async () => {
    const response = await client.responses.create({ model: 'gpt-5', input: 'hello' });
    expect(response.output_text).toBe('Fake reply to: hello');
  });
});

describe('fake OpenAI: extra response headers', () => {
  it('sends them on every answer (Codex reads its plan quota from them), until replaced', async () => {
    fake.setResponseHeaders({ 'x-codex-primary-used-percent': '42', 'x-codex-primary-window-minutes': '300' });
    const models = await fetch(`${fake.url}/models`);
    expect(models.headers.get('x-codex-primary-used-percent')).toBe('42');
    const responses = await rawPost('/responses', { model: 'gpt-5', input: 'hi', stream: true });
    await responses.text();
    expect(responses.headers.get('x-codex-primary-window-minutes')).toBe('300');
    fake.setResponseHeaders({});
    expect((await fetch(`${fake.url}/models`)).headers.get('x-codex-primary-used-percent')).toBeNull();
  });
});

describe('fake OpenAI: timing hooks', () => {
  it('sends the finished image finalAfterMs after the last partial image (ok; x-fake-scenario: ok; finalAfterMs=…)', { timeout: 20_000 }, async () => {
    const sent: Array<{ type: string; at: number }> = [];
    const timed = await startFakeOpenAI({ scenario: { name: 'ok', finalAfterMs: 150 }, onEventSent: (event) => sent.push(event) });
    try {
      const timedClient = new OpenAI({ apiKey, baseURL: timed.url, maxRetries: 0 });
      const gap = (type: string) => (sent.find((event) => event.type === type)?.at ?? 0) - (sent.findLast((event) => event.type.endsWith('partial_image'))?.at ?? 0);
      const stream = await timedClient.images.generate({ prompt: 'a red fox', size: '256x256', stream: true, partial_images: 2 });
      const types: string[] = [];
      for await (const event of stream) types.push(event.type);
      expect(types.at(-1)).toBe('image_generation.completed');
      expect(gap('image_generation.completed')).toBeGreaterThanOrEqual(145);
      sent.length = 0;
      const response = await fetch(`${timed.url}/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'x-fake-scenario': 'ok; finalAfterMs=60' },
        body: JSON.stringify({ model: 'gpt-5', stream: true, tools: [{ type: 'image_generation', partial_images: 1, size: '256x256' }], input: 'draw a cat' }),
      });
      await response.text();
      expect(gap('response.image_generation_call.completed')).toBeGreaterThanOrEqual(55);
      expect(gap('response.image_generation_call.completed')).toBeLessThan(145);
    } finally {
      await timed.close();
    }
  });

  it('tells onEventSent of each streamed event once written, in order, before the client reads it', async () => {
    const sent: Array<{ type: string; at: number }> = [];
    const timed = await startFakeOpenAI({ onEventSent: (event) => sent.push(event) });
    try {
      const timedClient = new OpenAI({ apiKey, baseURL: timed.url, maxRetries: 0 });
      const stream = await timedClient.images.generate({ prompt: 'a red fox', size: '256x256', stream: true, partial_images: 2 });
      const received: Array<{ type: string; at: number }> = [];
      for await (const event of stream) received.push({ type: event.type, at: performance.timeOrigin + performance.now() });
      expect(sent.map((event) => event.type)).toEqual(received.map((event) => event.type));
      expect(sent.map((event) => event.type)).toEqual(['image_generation.partial_image', 'image_generation.partial_image', 'image_generation.completed']);
      sent.forEach((event, index) => expect(event.at).toBeLessThanOrEqual(received[index]?.at ?? 0));
    } finally {
      await timed.close();
    }
  });
});
