import { act } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

import { render } from '../__fixtures__/render.tsx';
import { TurnStatus } from './turn-status.tsx';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});

afterEach(() => {
  vi.useRealTimers();
});

function tickOneSecond() {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  act(() => {
    vi.advanceTimersByTime(1_000);
  });
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
}

const elapsed = (container: HTMLElement) => container.querySelector('[title="Elapsed time"]')?.textContent;

test('counts from the first second, before anything else arrives', () => {
  let clock = 50_000;
  const { container } = render(<TurnStatus startedAt={clock} now={() => clock} />);
  expect(container.textContent).toBe('Thinking… 0 s');
  clock += 1_000;
  tickOneSecond();
  expect(elapsed(container)).toBe('1 s');
  clock += 62_000;
  tickOneSecond();
  expect(elapsed(container)).toBe('1 min 03 s');
});

test('without a known start it counts from when it appeared', () => {
  let clock = 10_000;
  const { container } = render(<TurnStatus now={() => clock} />);
  expect(elapsed(container)).toBe('0 s');
  clock += 4_000;
  tickOneSecond();
  expect(elapsed(container)).toBe('4 s');
});

test('its spinner, and the reconnecting dot, stay still for the first 400 ms', () => {
  const delays = (container: HTMLElement) => container.getAnimations({ subtree: true }).map((animation) => Number(animation.effect?.getComputedTiming().delay));
  const thinking = render(<TurnStatus startedAt={Date.now()} />);
  expect(delays(thinking.container)).toEqual([400]);
  const reconnecting = render(<TurnStatus status="Connection lost. Reconnecting… (attempt 2 of 5)" />);
  expect(delays(reconnecting.container)).toEqual([400]);
});
