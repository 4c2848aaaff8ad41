import { describe, expect, it } from 'vitest';

import { PendingWork } from './pending-work.ts';

function deferred() {
  let resolve = (): void => undefined;
  let reject = (_error: Error): void => undefined;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('PendingWork', () => {
  it('forgets each piece of work once it settles, fulfilled or rejected', async () => {
    const work = new PendingWork();
    const fine = deferred();
    const failing = deferred();
    expect(work.track(fine.promise)).toBe(fine.promise);
    work.track(failing.promise).catch(() => undefined);
    expect(work.size).toBe(2);
    fine.resolve();
    await fine.promise;
    expect(work.size).toBe(1);
    failing.reject(new Error('disk gone'));
    await failing.promise.catch(() => undefined);
    expect(work.size).toBe(0);
  });

  it('settles only when nothing is under way, work started while waiting included, and never rejects', async () => {
    const work = new PendingWork();
    const first = deferred();
    const second = deferred();
    work.track(first.promise.then(() => void work.track(second.promise))).catch(() => undefined);
    let settled = false;
    const waiting = work.settled().then(() => (settled = true));
    first.resolve();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    second.reject(new Error('later work failed'));
    await waiting;
    expect(settled).toBe(true);
    expect(work.size).toBe(0);
  });

  it('settles at once with nothing under way', async () => {
    await expect(new PendingWork().settled()).resolves.toBeUndefined();
  });
});
