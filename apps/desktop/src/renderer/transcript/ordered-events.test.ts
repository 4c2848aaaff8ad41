import { afterEach, beforeEach, expect, test, vi } from 'vitest';

import { orderedEvents } from './ordered-events.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

function recorder(options: { throwOn?: string } = {}) {
  const applied: string[] = [];
  const errors: unknown[] = [];
  const deliver = orderedEvents<string>(
    (event) => {
      if (event === options.throwOn) throw new Error(`could not apply ${event}`);
      applied.push(event);
    },
    { maxWaitMs: 50, onError: (error) => errors.push(error) },
  );
  return { applied, errors, deliver };
}

test('an event with nothing to wait for is applied at once', () => {
  const { applied, deliver } = recorder();
  deliver('words');
  deliver('busy');
  expect(applied).toEqual(['words', 'busy']);
});

test('a finished image waits for its picture, and the events behind it wait their turn', async () => {
  const { applied, deliver } = recorder();
  const picture = deferred();
  deliver('placeholder');
  deliver('finished image', picture.promise);
  deliver('closing words');
  deliver('busy off');
  await vi.advanceTimersByTimeAsync(10);
  expect(applied).toEqual(['placeholder']);
  picture.resolve();
  await vi.advanceTimersByTimeAsync(0);
  expect(applied).toEqual(['placeholder', 'finished image', 'closing words', 'busy off']);
  // The queue is empty again: the next event goes at once.
  deliver('next turn');
  expect(applied.at(-1)).toBe('next turn');
});

test('a picture slower than the wait lets its message go without it', async () => {
  const { applied, deliver } = recorder();
  deliver('finished image', deferred().promise);
  await vi.advanceTimersByTimeAsync(49);
  expect(applied).toEqual([]);
  await vi.advanceTimersByTimeAsync(1);
  expect(applied).toEqual(['finished image']);
});

test('each picture is waited for from when its own event came', async () => {
  const { applied, deliver } = recorder();
  const first = deferred();
  deliver('first image', first.promise);
  await vi.advanceTimersByTimeAsync(30);
  deliver('second image', deferred().promise);
  first.resolve();
  await vi.advanceTimersByTimeAsync(0);
  expect(applied).toEqual(['first image']);
  // The second's own 50 ms, counted from its arrival (30 ms in), not from when the first went.
  await vi.advanceTimersByTimeAsync(49);
  expect(applied).toEqual(['first image']);
  await vi.advanceTimersByTimeAsync(1);
  expect(applied).toEqual(['first image', 'second image']);
});

test('a picture that cannot be decoded does not hold its message', async () => {
  const { applied, deliver } = recorder();
  const picture = deferred();
  deliver('finished image', picture.promise);
  picture.reject(new Error('not a picture'));
  await vi.advanceTimersByTimeAsync(0);
  expect(applied).toEqual(['finished image']);
});

test('an event that fails to apply after waiting is reported, and the ones behind it still come', async () => {
  const { applied, errors, deliver } = recorder({ throwOn: 'broken image' });
  const picture = deferred();
  deliver('broken image', picture.promise);
  deliver('closing words');
  picture.resolve();
  await vi.advanceTimersByTimeAsync(0);
  expect(applied).toEqual(['closing words']);
  expect(errors).toEqual([new Error('could not apply broken image')]);
  deliver('next turn');
  expect(applied.at(-1)).toBe('next turn');
});

test('no timer is left behind once a picture is decoded', async () => {
  const { deliver } = recorder();
  const picture = deferred();
  deliver('finished image', picture.promise);
  picture.resolve();
  await vi.advanceTimersByTimeAsync(0);
  expect(vi.getTimerCount()).toBe(0);
});
