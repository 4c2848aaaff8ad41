import { readFileSync } from 'node:fs';

import { inspectImage } from '@forge/image-gen';
import { describe, expect, it } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { AgentError } from '../agent-error.ts';
import { createCodexTurnMapper, type CodexTurnMapperOptions } from './codex-turn-mapper.ts';

function replay(name: string, options: CodexTurnMapperOptions = {}): AgentTurnEvent[] {
  const mapper = createCodexTurnMapper(options);
  const lines = readFileSync(new URL(`./__fixtures__/${name}.jsonl`, import.meta.url), 'utf8').split('\n').filter(Boolean);
  return lines.flatMap((line) => {
    const { method, params } = JSON.parse(line) as { method: string; params: unknown };
    return mapper.handle(method, params);
  });
}

const kinds = (events: AgentTurnEvent[]): string[] => events.map((event) => (event.type === 'image' ? `image:${event.event.type}` : event.type));

describe('Codex turn mapper on recorded notifications', () => {
  it('turns a completed image item into started → completed with the bytes, revised prompt and Codex copy path', () => {
    const copies: string[] = [];
    const events = replay('image-completed', { onCodexCopy: (_callId, savedPath) => copies.push(savedPath) });
    expect(kinds(events)).toEqual(['image:started', 'image:completed', 'text-delta', 'text-delta', 'memory-proposal', 'turn-completed']);
    const [started, completed] = events;
    expect(started).toMatchObject({ callId: 'call_1', event: { type: 'started', model: 'gpt-image-2', prompt: 'A steampunk airship, brass hull' } });
    if (completed?.type !== 'image' || completed.event.type !== 'completed') throw new Error('no completed image');
    expect(inspectImage(completed.event.bytes)).toEqual({ mediaType: 'image/png', width: 64, height: 32 });
    expect(completed.event.revisedPrompt).toBe('A steampunk airship, brass hull');
    expect(completed.event.metadata?.codexSavedPath).toMatch(/generated_images\/.+\/call_1\.png$/);
    expect(copies).toEqual([completed.event.metadata?.codexSavedPath]);
    expect(events.find((event) => event.type === 'memory-proposal')).toMatchObject({ block: expect.stringMatching(/^```forge-propose\nfile: ASSETS.md[\s\S]*```$/) as unknown });
    const streamed = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(events.at(-1)).toEqual({ type: 'turn-completed', text: streamed });
  });

  it('reports a 429 from the image API as a rate_limited image failure while the turn still completes', () => {
    const events = replay('image-rate-limited');
    expect(kinds(events)).toEqual(['image:started', 'image:failed', 'text-delta', 'text-delta', 'memory-proposal', 'turn-completed']);
    expect(events[1]).toMatchObject({ event: { type: 'failed', error: { code: 'rate_limited', status: 429, message: expect.stringContaining('Rate limit reached for images') as unknown } } });
  });

  it('fails the turn with quota_exceeded and the reset time on a usage limit', () => {
    const resetsAt = new Date('2026-11-25T18:00:00Z');
    const events = replay('usage-limit', { quotaResetsAt: () => resetsAt });
    expect(kinds(events)).toEqual(['turn-failed']);
    const [failed] = events;
    if (failed?.type !== 'turn-failed') throw new Error('not failed');
    expect(failed.error).toMatchObject({ code: 'quota_exceeded', retryable: false, resetsAt });
    expect(failed.error.message).toContain('2026-11-25T18:00:00.000Z');
  });

  it('ends an interrupted turn as cancelled, with the in-flight image failed and no bytes', () => {
    const events = replay('interrupted');
    expect(kinds(events)).toEqual(['image:started', 'image:failed', 'turn-failed']);
    expect(events[1]).toMatchObject({ event: { error: { code: 'cancelled' } } });
    expect(events[2]).toMatchObject({ error: { code: 'cancelled' } });
  });
});

describe('Codex turn mapper edge cases', () => {
  it('rejects a completed item whose result is not an image, without throwing', () => {
    const mapper = createCodexTurnMapper();
    const events = mapper.handle('item/completed', { item: { type: 'imageGeneration', id: 'c', status: 'completed', result: Buffer.from('not a png').toString('base64'), revisedPrompt: 'x' } });
    expect(kinds(events)).toEqual(['image:started', 'image:failed']);
    expect(events[1]).toMatchObject({ event: { error: { code: 'invalid_output' } } });
  });

  it('maps a plan usage-limit failure on the item to quota_exceeded with its reset time', () => {
    const mapper = createCodexTurnMapper();
    mapper.handle('item/started', { item: { type: 'imageGeneration', id: 'c', status: 'in_progress', result: '' } });
    const events = mapper.handle('item/completed', { item: { type: 'imageGeneration', id: 'c', status: 'failed', result: '', failure: { type: 'usageLimitExceeded', limitId: 'images', resetsAt: 1_800_000_000 } } });
    expect(events).toMatchObject([{ event: { type: 'failed', error: { code: 'quota_exceeded', resetsAt: new Date(1_800_000_000_000) } } }]);
  });

  it('fails an in-flight image and the turn when the app-server crashes, and ignores later notifications', () => {
    const mapper = createCodexTurnMapper();
    mapper.handle('item/started', { item: { type: 'imageGeneration', id: 'c', status: 'in_progress', result: '' } });
    const events = mapper.fail(new AgentError({ code: 'backend_crashed', message: 'The Codex app-server stopped.' }));
    expect(kinds(events)).toEqual(['image:failed', 'turn-failed']);
    expect(events[1]).toMatchObject({ error: { code: 'backend_crashed' } });
    expect(mapper.finished).toBe(true);
    expect(mapper.handle('turn/completed', { turn: { status: 'completed' } })).toEqual([]);
  });

  it('announces a reconnect, and maps auth and network errors on a failed turn', () => {
    const signedOut = createCodexTurnMapper();
    expect(signedOut.handle('error', { error: { message: 'Reconnecting... 1/5', codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: null } } }, willRetry: true })).toEqual([
      { type: 'reconnecting', attempt: 1, maxAttempts: 5 },
    ]);
    expect(signedOut.handle('error', { error: { message: 'Reconnecting' }, willRetry: true })).toEqual([{ type: 'reconnecting' }]);
    expect(signedOut.handle('turn/completed', { turn: { status: 'failed', error: { message: 'token expired', codexErrorInfo: 'unauthorized' } } })).toMatchObject([
      { type: 'turn-failed', error: { code: 'signed_out' } },
    ]);
    const network = createCodexTurnMapper();
    network.handle('error', { error: { message: 'stream disconnected before completion', codexErrorInfo: { responseStreamDisconnected: { httpStatusCode: 502 } } }, willRetry: false });
    expect(network.handle('turn/completed', { turn: { status: 'failed', error: null } })).toMatchObject([
      { type: 'turn-failed', error: { code: 'network', retryable: true, message: expect.stringContaining('HTTP 502') as unknown } },
    ]);
  });

  it('separates two agent messages so the streamed text equals the final text', () => {
    const mapper = createCodexTurnMapper();
    const events = [
      ...mapper.handle('item/agentMessage/delta', { itemId: 'a', delta: 'One.' }),
      ...mapper.handle('item/completed', { item: { type: 'agentMessage', id: 'a', text: 'One.' } }),
      ...mapper.handle('item/completed', { item: { type: 'agentMessage', id: 'b', text: 'Two.' } }),
      ...mapper.handle('turn/completed', { turn: { status: 'completed' } }),
    ];
    const streamed = events.flatMap((event) => (event.type === 'text-delta' ? [event.text] : [])).join('');
    expect(streamed).toBe('One.\n\nTwo.');
    expect(events.at(-1)).toEqual({ type: 'turn-completed', text: 'One.\n\nTwo.' });
  });
});
