import { expect, test } from 'vitest';
import { createRoot } from 'react-dom/client';
import { page, userEvent } from 'vitest/browser';

import { completedImage, generatingImage } from '../__fixtures__/chat-parts.ts';
import { longThread, PagedTranscript } from '../__fixtures__/long-thread.tsx';
import { atBottom, frames, placed, settledAtBottom } from '../__fixtures__/list-settled.ts';
import { render } from '../__fixtures__/render.tsx';
import type { ChatMessageData } from '../chat-types.ts';
import { ChatTranscript } from './chat-transcript.tsx';

const thread = longThread(1_000);
const logElement = () => page.getByRole('log', { name: 'Conversation' }).element() as HTMLElement;
const mountedImages = () => document.querySelectorAll('[role="log"] img').length;
/** "Message 12: …" → 12, for the article holding `element`. */
const messageNumber = (element: Element | null) => Number(/Message (\d+)/.exec(element?.closest('article')?.textContent ?? '')?.[1] ?? Number.NaN);

function Frame({ children }: { children: React.ReactNode }) {
  return <div style={{ height: 600, width: 720 }}>{children}</div>;
}


/** Renders `ui` in the frame and waits until it has settled at its latest message, as a reader first sees it. */
async function openSettled(ui: React.ReactNode): Promise<{ log: HTMLElement; rerender: (next: React.ReactNode) => void }> {
  const { rerender } = render(<Frame>{ui}</Frame>);
  const log = logElement();
  await settledAtBottom(log);
  return { log, rerender: (next) => rerender(<Frame>{next}</Frame>) };
}

test('a 1,000-message thread opens at its latest message with only the messages near the viewport mounted', async () => {
  await openSettled(<PagedTranscript thread={thread} />);
  await expect.element(page.getByText('Message 999: here it is.')).toBeInViewport();
  expect(document.querySelectorAll('[role="log"] article').length).toBeLessThan(30);
  expect(mountedImages()).toBeLessThanOrEqual(15);
});

/**
 * Renders `ui` as an app does (not in a synchronous flush: React's passive effects may then run
 * after the browser paints) and reads, in the first animation frame after the commit that first
 * shows messages, which message numbers are on screen; and every message mounted on the way.
 */
async function firstPaintedFrame(ui: React.ReactNode): Promise<{ onScreen: number[]; everMounted: number[] }> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  const everMounted = new Set<number>();
  const onScreen = () => {
    const log = container.querySelector('[role="log"]');
    const view = log?.getBoundingClientRect();
    return [...container.querySelectorAll('[role="log"] article')]
      .filter((article) => {
        const box = article.getBoundingClientRect();
        return view !== undefined && box.bottom > view.top && box.top < view.bottom && getComputedStyle(article).visibility === 'visible';
      })
      .map(messageNumber);
  };
  try {
    return await new Promise((resolve) => {
      const observer = new MutationObserver((records) => {
        const before = everMounted.size;
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node instanceof Element) for (const article of [node, ...node.querySelectorAll('article')].filter((element) => element.matches('[role="log"] article'))) everMounted.add(messageNumber(article));
          }
        }
        if (before === 0 && everMounted.size > 0) requestAnimationFrame(() => resolve({ onScreen: onScreen(), everMounted: [...everMounted] }));
      });
      observer.observe(container, { childList: true, subtree: true });
      root.render(<Frame>{ui}</Frame>);
    });
  } finally {
    root.unmount();
    container.remove();
  }
}

test("a long thread's first painted frame already shows its latest message: no hidden list, no page top placed first", async () => {
  const { onScreen, everMounted } = await firstPaintedFrame(<PagedTranscript thread={thread} />);
  expect(onScreen).toContain(999);
  // The top of the page was never mounted on the way (its pictures fetched for nothing).
  expect(Math.min(...everMounted)).toBeGreaterThanOrEqual(990);
});

test('a thread opened to show an older message paints it in its first frame', async () => {
  const latest = thread.slice(-50);
  const { onScreen, everMounted } = await firstPaintedFrame(<ChatTranscript messages={latest} revealMessageId={thread[960]?.id} />);
  expect(onScreen).toContain(960);
  // Opened there, not at the latest message and then scrolled up.
  expect(everMounted).not.toContain(999);
});

test('scrolls to the top of a 1,000-message thread, loading older pages on the way, and back to the latest', async () => {
  const { log } = await openSettled(<PagedTranscript thread={thread} delayMs={20} />);
  let mostImages = mountedImages();
  // The reader keeps scrolling up: each time the top is reached the page above arrives.
  await expect
    .poll(
      async () => {
        log.scrollTop = 0;
        await frames();
        mostImages = Math.max(mostImages, mountedImages());
        return log.textContent.includes('Message 0: an airship');
      },
      { timeout: 120_000, interval: 30 },
    )
    .toBe(true);
  expect(log.querySelector('article')?.textContent).toContain('Message 0: an airship, take 0');
  expect(mostImages).toBeLessThanOrEqual(30);
  // No page is asked for past the first message.
  await frames();
  expect(log.querySelector('.forge-transcript__older[role="status"]')).toBeNull();

  await userEvent.click(page.getByRole('button', { name: 'Jump to latest' }));
  await expect.element(page.getByText('Message 999: here it is.')).toBeInViewport();
  await expect.poll(() => atBottom(log)).toBe(true);
  expect(mountedImages()).toBeLessThanOrEqual(30);
});

test('shows "Loading older messages…" while a page is on its way, and keeps the reader where they were', async () => {
  const { log } = await openSettled(<PagedTranscript thread={thread} delayMs={400} />);
  await expect
    .poll(async () => {
      log.scrollTop = 0;
      await frames();
      return log.textContent.includes('Loading older messages…');
    })
    .toBe(true);
  const loading = page.getByText('Loading older messages…').element().closest('[role="status"]');
  expect(loading).not.toBeNull();
  // Its spinner stays still for the first 400 ms, as every busy motion does (a page usually comes sooner).
  const spinner = loading?.querySelector('.forge-transcript__spinner');
  expect(spinner?.getAnimations().map((animation) => Number(animation.effect?.getComputedTiming().delay))).toEqual([400]);
  const firstInView = () =>
    messageNumber(
      [...log.querySelectorAll('article')].find((article) => article.getBoundingClientRect().bottom > log.getBoundingClientRect().top + 60) ?? null,
    );
  const readingBefore = firstInView();
  expect(readingBefore).toBeGreaterThanOrEqual(950);
  // The page above arrives: 50 messages are put above, and the one the reader was looking at stays in view.
  await expect.poll(() => log.textContent.includes('Message 949: here it is.'), { timeout: 30_000 }).toBe(true);
  await frames();
  expect(Math.abs(firstInView() - readingBefore)).toBeLessThanOrEqual(2);
  expect(log.scrollTop).toBeGreaterThan(1_000);
});

test('a first page shorter than the screen fills it from the pages above, the reader kept at the latest message', async () => {
  const { log } = await openSettled(<PagedTranscript thread={thread} pageSize={1} />);
  await expect.element(page.getByText('Message 999: here it is.')).toBeInViewport();
  // Pages of one message came in without a scroll until the screen and the room above it were full.
  expect(log.scrollHeight).toBeGreaterThan(log.clientHeight + 600);
  expect(log.textContent.includes('Message 0: an airship')).toBe(false);
});

test('the transcript is still the conversation log: new messages are added inside role="log", which announces them', async () => {
  const latest = thread.slice(-50);
  const { log, rerender } = await openSettled(<ChatTranscript messages={latest} />);
  expect(log.getAttribute('aria-live')).not.toBe('off');
  const reply: ChatMessageData = { id: 'message-new', role: 'assistant', parts: [{ type: 'text', text: 'A new reply arrives.' }] };
  rerender(<ChatTranscript messages={[...latest, reply]} />);
  await expect.element(page.getByRole('log', { name: 'Conversation' }).getByText('A new reply arrives.')).toBeInViewport();
  await expect.poll(() => atBottom(log)).toBe(true);
});

test('Tab moves through the messages in the order they are shown, mounting the next ones as focus reaches them', async () => {
  const { log } = await openSettled(<ChatTranscript messages={thread} />);
  const inView = () =>
    [...log.querySelectorAll<HTMLElement>('.forge-thumbnail__frame')].find((frame) => {
      const box = frame.getBoundingClientRect();
      const view = log.getBoundingClientRect();
      return box.top >= view.top && box.bottom <= view.bottom;
    });
  // The reader scrolls to the middle of the thread (again, if the list was still placing its latest message).
  await expect
    .poll(async () => {
      if (log.scrollTop > log.scrollHeight * 0.6) log.scrollTop = log.scrollHeight / 2;
      await frames();
      return log.scrollTop < log.scrollHeight * 0.6 && inView() !== undefined;
    })
    .toBe(true);
  // The list has stopped placing messages where the reader is.
  await placed(log, 2);
  const visible = inView();
  if (visible === undefined) throw new Error('no image in view');
  visible.focus();
  expect(document.activeElement).toBe(visible);
  const numbers = [messageNumber(visible)];
  for (let step = 0; step < 12; step += 1) {
    await userEvent.keyboard('{Tab}');
    await frames();
    const focused = document.activeElement;
    expect(focused?.closest('[role="log"] article'), `Tab ${String(step + 1)} left the messages for ${String(focused?.tagName)} ${String(focused?.textContent.slice(0, 40))}`).not.toBeNull();
    numbers.push(messageNumber(focused));
    // The focused image comes on screen (the list scrolled to it, and kept it there once it measured what came in).
    const onScreen = () => {
      const box = focused?.getBoundingClientRect();
      const view = log.getBoundingClientRect();
      return box !== undefined && box.bottom > view.top && box.top < view.bottom;
    };
    await expect.poll(onScreen, { message: `message ${String(messageNumber(focused))} stays off screen` }).toBe(true);
  }
  // One image per reply, replies every other message: 2 apart, in order, none skipped.
  expect(numbers.slice(1).map((number, index) => number - (numbers[index] ?? 0))).toEqual(Array.from({ length: 12 }, () => 2));
});

test('an image growing from placeholder to final does not move what the reader is looking at', async () => {
  const latest = thread.slice(-60);
  const withGenerating: ChatMessageData[] = [...latest, { id: 'message-growing', role: 'assistant', pending: true, parts: [generatingImage({ id: 'image-growing' })] }];
  const { log, rerender } = await openSettled(<ChatTranscript messages={withGenerating} />);
  // The reader scrolls up to read (again, if the list was still placing its latest message); the image below finishes.
  await expect
    .poll(async () => {
      if (log.scrollTop > log.scrollHeight * 0.6) log.scrollTop = log.scrollHeight / 2;
      await frames();
      await frames();
      return log.scrollTop < log.scrollHeight * 0.6;
    })
    .toBe(true);
  // The list has stopped placing the messages it measured on the way up.
  await placed(log, 2);
  const reading = [...log.querySelectorAll('article')].find((article) => article.getBoundingClientRect().top > log.getBoundingClientRect().top);
  const before = reading?.getBoundingClientRect().top;
  const scrollBefore = log.scrollTop;
  rerender(<ChatTranscript messages={[...latest, { id: 'message-growing', role: 'assistant', parts: [completedImage({ id: 'image-growing' })] }]} />);
  await frames();
  await frames();
  expect(log.scrollTop).toBe(scrollBefore);
  expect(reading?.getBoundingClientRect().top).toBe(before);
});

test('at the bottom, an image growing from placeholder to final stays in view', async () => {
  const latest = thread.slice(-20);
  const { log, rerender } = await openSettled(<ChatTranscript messages={[...latest, { id: 'message-growing', role: 'assistant', pending: true, parts: [generatingImage({ id: 'image-growing' })] }]} />);
  rerender(<ChatTranscript messages={[...latest, { id: 'message-growing', role: 'assistant', parts: [completedImage({ id: 'image-growing' }), { type: 'text', text: 'Done: the final frame.' }] }]} />);
  await expect.element(page.getByText('Done: the final frame.')).toBeInViewport();
  await expect.poll(() => atBottom(log)).toBe(true);
});
