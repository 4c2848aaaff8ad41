// Waiting for a virtualized list to finish placing what it measured, as a reader's eye would:
// tests read a scroll position only once it stops moving.
import { expect } from 'vitest';

/** Two animation frames: the list has had a render and a measure. */
export const frames = (): Promise<unknown> => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** The scroll at its end (within 2 px). */
export const atBottom = (element: HTMLElement): boolean => element.scrollHeight - element.scrollTop - element.clientHeight < 2;

/** The scroll position no longer moves over `frameCount` double frames. */
export async function placed(log: HTMLElement, frameCount = 1): Promise<void> {
  await expect
    .poll(async () => {
      const before = log.scrollTop;
      for (let frame = 0; frame < frameCount; frame += 1) {
        await frames();
        if (log.scrollTop !== before) return false;
      }
      return true;
    })
    .toBe(true);
}

/** At the bottom, longer than the frame, and no longer moving: what a reader sees before scrolling. */
export async function settledAtBottom(log: HTMLElement): Promise<void> {
  await expect
    .poll(async () => {
      const before = log.scrollTop;
      for (let frame = 0; frame < 5; frame += 1) {
        await frames();
        if (log.scrollTop !== before) return false;
      }
      return log.scrollHeight > log.clientHeight && atBottom(log);
    })
    .toBe(true);
}
