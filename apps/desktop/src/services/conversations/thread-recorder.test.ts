import { describe, expect, it } from 'vitest';

import type { ChatMessageData } from '../../contract/index.ts';
import { ConversationError } from './conversation-error.ts';
import { createThreadRecorder } from './thread-recorder.ts';
import type { ThreadRepository } from './thread-repository.ts';

interface Write {
  id: string;
  text: string;
  pending: boolean;
  durable: boolean;
}

/** A repository that records each write (a snapshot of the message) and can be made to fail. */
function fakeRepository() {
  const writes: Write[] = [];
  const known = new Set<string>();
  let failure: Error | undefined;
  const repository = {
    saveMessage(_threadId: string, message: ChatMessageData, options: { durable?: boolean } = {}) {
      if (failure !== undefined) throw failure;
      const text = message.parts.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('');
      writes.push({ id: message.id, text, pending: message.pending === true, durable: options.durable ?? true });
      const inserted = !known.has(message.id);
      known.add(message.id);
      return { inserted };
    },
    saveProposal: () => {
      if (failure !== undefined) throw failure;
    },
    setBackendThread: () => {
      if (failure !== undefined) throw failure;
    },
  };
  return { repository: repository as unknown as ThreadRepository, writes, fail: (error: Error | undefined) => (failure = error) };
}

/** Timers run only when the test says so. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (callback: () => void) => {
      next += 1;
      pending.set(next, callback);
      return next;
    },
    clearTimer: (timer: unknown) => pending.delete(timer as number),
    runAll: () => {
      const callbacks = [...pending.values()];
      pending.clear();
      for (const callback of callbacks) callback();
    },
    get count() {
      return pending.size;
    },
  };
}

function setup() {
  const fake = fakeRepository();
  const timers = manualTimers();
  const errors: unknown[] = [];
  let changes = 0;
  let saves = 0;
  const recorder = createThreadRecorder({
    repository: () => fake.repository,
    threadId: 't1',
    debounceMs: 250,
    onError: (error) => errors.push(error),
    onThreadChanged: () => (changes += 1),
    onSaved: () => (saves += 1),
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  });
  return { ...fake, timers, errors, recorder, changes: () => changes, saves: () => saves };
}

describe('ThreadRecorder', () => {
  it('writes a new message at once, on disk', () => {
    const { recorder, writes, changes } = setup();
    recorder.saveMessage({ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'draw a fox' }] });
    expect(writes).toEqual([{ id: 'u1', text: 'draw a fox', pending: false, durable: true }]);
    expect(changes()).toBe(1);
  });

  it('coalesces text streaming into a pending message, then writes the finished message at once', () => {
    const { recorder, writes, timers, changes } = setup();
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [], pending: true };
    recorder.saveMessage(message);
    message.parts.push({ type: 'text', text: '' });
    recorder.saveMessage(message);
    for (const token of ['Drawing', ' a', ' fox', '…']) {
      const part = message.parts[0];
      if (part?.type === 'text') part.text += token;
      recorder.saveMessage(message);
    }
    // The first write and the new text part are structure; the tokens wait for the timer.
    expect(writes.map((write) => write.text)).toEqual(['', '']);
    expect(timers.count).toBe(1);
    timers.runAll();
    expect(writes.at(-1)).toEqual({ id: 'a1', text: 'Drawing a fox…', pending: true, durable: false });
    delete message.pending;
    recorder.saveMessage(message);
    expect(writes.at(-1)).toEqual({ id: 'a1', text: 'Drawing a fox…', pending: false, durable: true });
    // Inserted, then finished: the thread list heard twice, not once per token.
    expect(changes()).toBe(2);
  });

  it('never loses a finished message to a timer still waiting', () => {
    const { recorder, writes, timers } = setup();
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'a' }], pending: true };
    recorder.saveMessage(message);
    message.parts = [{ type: 'text', text: 'ab' }];
    recorder.saveMessage(message);
    delete message.pending;
    message.parts = [{ type: 'text', text: 'abc' }];
    recorder.saveMessage(message);
    timers.runAll();
    expect(writes.map((write) => [write.text, write.pending, write.durable])).toEqual([
      ['a', true, true],
      ['abc', false, true],
    ]);
  });

  it('writes at once when an image or a proposal appears or changes state mid-turn', () => {
    const { recorder, writes } = setup();
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'On it.' }], pending: true };
    recorder.saveMessage(message);
    message.parts.push({ type: 'image', id: 'i1', status: 'generating', prompt: 'fox', startedAt: 1 });
    recorder.saveMessage(message);
    message.parts[1] = { type: 'image', id: 'i1', status: 'generating', prompt: 'fox', startedAt: 1, partialUrl: 'data:image/png;base64,AAAA' };
    recorder.saveMessage(message);
    message.parts[1] = {
      type: 'image',
      id: 'i1',
      status: 'completed',
      prompt: 'fox',
      url: '/files/generated/x.png',
      width: 2,
      height: 2,
      mediaType: 'image/png',
      relativePath: 'generated/x.png',
      model: 'm',
      createdAt: 'now',
    };
    message.parts.push({ type: 'proposal', id: 'p1', file: '.forge/ASSETS.md', operation: 'append', body: 'entry', status: 'pending' });
    recorder.saveMessage(message);
    // A partial preview is not structure (it is never kept): three durable writes, no timer needed.
    expect(writes.map((write) => write.durable)).toEqual([true, true, true]);
  });

  it('writes a status note (reconnecting) at once', () => {
    const { recorder, writes } = setup();
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [], pending: true };
    recorder.saveMessage(message);
    message.status = 'Connection lost. Reconnecting…';
    recorder.saveMessage(message);
    expect(writes).toHaveLength(2);
  });

  it('writes a finished message at once even when only its text changed', () => {
    const { recorder, writes, timers } = setup();
    const message: ChatMessageData = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'a' }] };
    recorder.saveMessage(message);
    message.parts = [{ type: 'text', text: 'ab' }];
    recorder.saveMessage(message);
    expect(writes.map((write) => [write.text, write.durable])).toEqual([
      ['a', true],
      ['ab', true],
    ]);
    expect(timers.count).toBe(0);
  });

  it('waits on a real timer by default, and needs no callbacks', async () => {
    const fake = fakeRepository();
    const recorder = createThreadRecorder({ repository: () => fake.repository, threadId: 't1', debounceMs: 30, onError: () => undefined });
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'a' }], pending: true };
    recorder.saveMessage(message);
    message.parts = [{ type: 'text', text: 'ab' }];
    recorder.saveMessage(message);
    expect(fake.writes).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(fake.writes.at(-1)).toMatchObject({ text: 'ab', durable: false });
  });

  it('waits 250 ms by default', () => {
    const fake = fakeRepository();
    const delays: number[] = [];
    const recorder = createThreadRecorder({ repository: () => fake.repository, threadId: 't1', onError: () => undefined, setTimer: (_callback, ms) => delays.push(ms), clearTimer: () => undefined });
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'a' }], pending: true };
    recorder.saveMessage(message);
    message.parts = [{ type: 'text', text: 'ab' }];
    recorder.saveMessage(message);
    expect(delays).toEqual([250]);
  });

  it('flush writes what is waiting', () => {
    const { recorder, writes, timers } = setup();
    const message: ChatMessageData = { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'a' }], pending: true };
    recorder.saveMessage(message);
    message.parts = [{ type: 'text', text: 'ab' }];
    recorder.saveMessage(message);
    recorder.flush();
    expect(writes.at(-1)?.text).toBe('ab');
    expect(timers.count).toBe(0);
    recorder.flush();
    expect(writes).toHaveLength(2);
  });

  it('reports a failed write and goes on; the next write that works says so', () => {
    const { recorder, errors, fail, writes, saves } = setup();
    const error = new ConversationError({ code: 'no_space', message: 'disk full' });
    fail(error);
    recorder.saveMessage({ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] });
    recorder.saveProposal('p1', 'a1', { file: 'ASSETS.md', operation: 'append', body: 'x' });
    recorder.saveBackendThread('codex', 'c1');
    expect(errors).toEqual([error, error, error]);
    expect(saves()).toBe(0);
    fail(undefined);
    recorder.saveMessage({ id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] });
    expect(writes).toHaveLength(1);
    expect(saves()).toBe(1);
  });
});
