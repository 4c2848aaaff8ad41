import { inspectImage } from '@forge/image-gen';
import { describe, expect, it } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { createOfflineBackend } from './offline-backend.ts';

async function collect(events: AsyncIterable<AgentTurnEvent>): Promise<AgentTurnEvent[]> {
  const collected: AgentTurnEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

describe('offline backend', () => {
  it('answers a picture request with one image and a short reply', async () => {
    const backend = createOfflineBackend();
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'Draw concept art for a steampunk airship' }, mode: 'agent' }));
    const imageEvents = events.filter((event) => event.type === 'image');
    expect(imageEvents.map((event) => event.event.type)).toEqual(['started', 'completed']);
    const completed = imageEvents[1]?.event;
    if (completed?.type !== 'completed') throw new Error('no image');
    expect(inspectImage(completed.bytes)).toEqual({ mediaType: 'image/png', width: 1536, height: 1024 });
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed' });
    const started = imageEvents[0]?.event;
    expect(started).toMatchObject({ type: 'started', prompt: 'Concept art for a steampunk airship' });
  });

  it('replies with how to connect a real account when no picture is asked for', async () => {
    const events = await collect(createOfflineBackend().runTurn({ threadId: 't1', input: { text: 'hello there' }, mode: 'agent' }));
    expect(events.some((event) => event.type === 'image')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringContaining('API key') as unknown });
  });

  it('never generates in Ask mode', async () => {
    const events = await collect(createOfflineBackend().runTurn({ threadId: 't1', input: { text: 'sketch a sprite sheet' }, mode: 'ask' }));
    expect(events.some((event) => event.type === 'image')).toBe(false);
  });

  it('ends a cancelled turn with a cancelled error and no image', async () => {
    const controller = new AbortController();
    const backend = createOfflineBackend({ imageDelayMs: 500 });
    setTimeout(() => controller.abort(), 30);
    const events = await collect(backend.runTurn({ threadId: 't1', input: { text: 'draw a cat' }, mode: 'agent', abortSignal: controller.signal }));
    expect(events.some((event) => event.type === 'image' && event.event.type === 'completed')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'turn-failed', error: { code: 'cancelled' } });
  });
});
