import { act } from 'react';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { page } from 'vitest/browser';

import { generatingImage } from '../__fixtures__/chat-parts.ts';
import { partialPng } from '../__fixtures__/images.ts';
import { render } from '../__fixtures__/render.tsx';
import { GeneratingIndicator } from './generating-indicator.tsx';

declare global {
  var IS_REACT_ACT_ENVIRONMENT: boolean | undefined;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Lets one second pass on the interval and flushes React's update. */
function tickOneSecond() {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  act(() => {
    vi.advanceTimersByTime(1_000);
  });
  globalThis.IS_REACT_ACT_ENVIRONMENT = false;
}

const elapsed = (container: HTMLElement) => container.querySelector('[title="Elapsed time"]')?.textContent;

test('the elapsed time follows the clock once a second', () => {
  let clock = 1_000_000;
  const now = () => clock;
  const { container } = render(<GeneratingIndicator image={generatingImage({ startedAt: clock - 3_000 })} now={now} />);
  expect(elapsed(container)).toBe('3 s');

  clock += 2_400;
  expect(elapsed(container)).toBe('3 s');
  tickOneSecond();
  expect(elapsed(container)).toBe('5 s');

  clock += 60_000;
  tickOneSecond();
  expect(elapsed(container)).toBe('1 min 05 s');
});

test('a clock behind the start time shows 0 s, never a negative time', () => {
  const { container } = render(<GeneratingIndicator image={generatingImage({ startedAt: 5_000 })} now={() => 4_000} />);
  expect(elapsed(container)).toBe('0 s');
});

test('the placeholder gives way to the partial frame when one streams in', async () => {
  const image = generatingImage();
  const { rerender } = render(<GeneratingIndicator image={image} now={() => image.startedAt} />);
  expect(page.getByRole('img', { name: 'Partial preview' }).elements()).toHaveLength(0);
  rerender(<GeneratingIndicator image={{ ...image, partialUrl: partialPng }} now={() => image.startedAt} />);
  vi.useRealTimers();
  await expect.element(page.getByRole('img', { name: 'Partial preview' })).toBeVisible();
  await expect.element(page.getByText('Generating image…')).toBeVisible();
});

/** The indicator's running animations: the spinner, the placeholder's pulse and the shimmer (a pseudo-element). */
function motion(container: HTMLElement): { target: string; delay: number; moving: boolean }[] {
  const indicator = container.querySelector<HTMLElement>('.forge-generating');
  if (indicator === null) return [];
  return indicator.getAnimations({ subtree: true }).map((animation) => {
    const effect = animation.effect as KeyframeEffect;
    const timing = effect.getComputedTiming();
    const target = `${effect.target instanceof Element ? (effect.target.getAttribute('class') ?? '') : ''}${effect.pseudoElement ?? ''}`;
    return { target, delay: Number(timing.delay), moving: timing.progress !== null };
  });
}

test('a picture that comes quickly never sets the indicator moving: its motion starts 400 ms after it appears', async () => {
  const image = generatingImage();
  const { container } = render(<GeneratingIndicator image={image} now={() => image.startedAt} />);
  vi.useRealTimers();
  const atFirst = motion(container);
  // The spinner, the placeholder's pulse and the shimmer, all still.
  expect(atFirst.map((animation) => animation.target).sort()).toEqual(['forge-generating__placeholder', 'forge-generating__preview::before', 'forge-icon forge-spinner']);
  expect(atFirst).toEqual(atFirst.map((animation) => ({ ...animation, delay: 400, moving: false })));
  // A slower picture (a real model takes seconds) gets its motion.
  await expect.poll(() => motion(container).every((animation) => animation.moving), { timeout: 5_000 }).toBe(true);
});
