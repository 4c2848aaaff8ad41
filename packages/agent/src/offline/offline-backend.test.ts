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
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringContaining('Settings → Account') as unknown });
  });

  it('never generates in Ask mode, and says so when a picture was asked for', async () => {
    const events = await collect(createOfflineBackend().runTurn({ threadId: 't1', input: { text: 'sketch a sprite sheet' }, mode: 'ask' }));
    expect(events.some((event) => event.type === 'image')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringContaining('Ask mode only answers questions, so I did not generate an image') as unknown });
    const question = await collect(createOfflineBackend().runTurn({ threadId: 't1', input: { text: 'What is a sprite sheet?' }, mode: 'ask' }));
    expect(question.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.not.stringContaining('Ask mode') as unknown });
  });

  it.each([
    ['What is a sprite sheet?', 'A **sprite sheet** is one image'],
    ['how do I make a walk cycle?', 'A **walk cycle** is a looping animation'],
    ["what's the difference between a sprite and a texture?", 'A **texture** is image data'],
    ["don't draw anything yet", 'no picture'],
    ['no images please, just explain concept art', '**Concept art** explores'],
  ])('answers %j in text, without a picture', async (text, answer) => {
    const events = await collect(createOfflineBackend().runTurn({ threadId: 't1', input: { text }, mode: 'agent' }));
    expect(events.some((event) => event.type === 'image')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringContaining(answer) as unknown });
  });

  it('answers the question and draws the picture when a message holds both', async () => {
    const events = await collect(createOfflineBackend({ createId: () => 'id' }).runTurn({ threadId: 't1', input: { text: 'What is a sprite sheet? Make me one for a walk cycle.' }, mode: 'agent' }));
    const started = events.find((event) => event.type === 'image' && event.event.type === 'started');
    expect(started).toMatchObject({ event: { prompt: 'What is a sprite sheet? Make me one for a walk cycle' } });
    expect(events.at(-1)).toMatchObject({ type: 'turn-completed', text: expect.stringMatching(/^A \*\*sprite sheet\*\*[\s\S]*Here is an offline preview/) as unknown });
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
