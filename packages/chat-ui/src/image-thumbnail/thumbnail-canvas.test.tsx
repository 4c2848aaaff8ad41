import { createRoot } from 'react-dom/client';
import { expect, test, vi } from 'vitest';

import { landscapePng, squarePng, tinyPng } from '../__fixtures__/images.ts';
import { render } from '../__fixtures__/render.tsx';
import { prefetchThumbnail, ThumbnailCanvas } from './thumbnail-canvas.tsx';

function canvasOf(container: HTMLElement): HTMLCanvasElement {
  const canvas = container.querySelector('canvas');
  if (canvas === null) throw new Error('no canvas');
  return canvas;
}

/** Every URL the page fetches from now on (the requests still go out); `spy.mockRestore()` stops it. */
function recordFetches() {
  const asked: string[] = [];
  const realFetch = window.fetch.bind(window);
  const spy = vi.spyOn(window, 'fetch').mockImplementation((input, init) => {
    asked.push(input instanceof Request ? input.url : input.toString());
    return realFetch(input, init);
  });
  return { asked, realFetch, spy };
}

test('draws the thumbnail, keeps it across re-renders and lets go of its pixels when it unmounts', async () => {
  const onLoad = vi.fn();
  const onError = vi.fn();
  const { container, rerender } = render(<ThumbnailCanvas src={landscapePng} src2x={landscapePng} onLoad={onLoad} onError={onError} />);
  const canvas = canvasOf(container);
  await expect.poll(() => onLoad.mock.calls.length).toBe(1);
  expect(canvas.width).toBeGreaterThan(canvas.height);
  // The picture is on it: copied out, its middle is not transparent.
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d');
  context?.drawImage(canvas, 0, 0);
  expect(context?.getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height / 2), 1, 1).data[3]).toBeGreaterThan(0);
  const drawn = { width: canvas.width, height: canvas.height };
  // A re-render with the same picture neither fetches again nor clears it.
  rerender(<ThumbnailCanvas src={landscapePng} src2x={landscapePng} onLoad={onLoad} onError={onError} />);
  expect({ width: canvas.width, height: canvas.height }).toEqual(drawn);
  expect(onLoad).toHaveBeenCalledTimes(1);
  rerender(<span />);
  expect({ width: canvas.width, height: canvas.height }).toEqual({ width: 0, height: 0 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(onError).not.toHaveBeenCalled();
});

test('says when the thumbnail cannot be shown', async () => {
  const onError = vi.fn();
  const onLoad = vi.fn();
  render(<ThumbnailCanvas src="data:image/png;base64,iVBORw0KGgo=" src2x="data:image/png;base64,iVBORw0KGgo=" onLoad={onLoad} onError={onError} />);
  await expect.poll(() => onError.mock.calls.length).toBe(1);
  expect(onLoad).not.toHaveBeenCalled();
});

test('says so when the server refuses the thumbnail', async () => {
  const onError = vi.fn();
  render(<ThumbnailCanvas src="/no-such-thumbnail.png" src2x="/no-such-thumbnail.png" onLoad={vi.fn()} onError={onError} />);
  await expect.poll(() => onError.mock.calls.length).toBe(1);
});

test('draws a prefetched thumbnail from the bytes already asked for, not a second request', async () => {
  const { asked, spy } = recordFetches();
  try {
    prefetchThumbnail(landscapePng, landscapePng);
    // Named again (each event of its message names it): still one request.
    prefetchThumbnail(landscapePng, landscapePng);
    expect(asked).toHaveLength(1);
    const onLoad = vi.fn();
    const { container } = render(<ThumbnailCanvas src={landscapePng} src2x={landscapePng} onLoad={onLoad} onError={vi.fn()} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(1);
    expect(canvasOf(container).width).toBeGreaterThan(0);
    prefetchThumbnail(landscapePng, landscapePng);
    expect(asked).toHaveLength(1);
    // Taken once: the next canvas of that picture asks for itself.
    render(<ThumbnailCanvas src={landscapePng} src2x={landscapePng} onLoad={onLoad} onError={vi.fn()} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(2);
    expect(asked).toHaveLength(2);
  } finally {
    spy.mockRestore();
  }
});

test('a prefetch that failed is asked for again by the canvas, which says so if it fails too', async () => {
  const onError = vi.fn();
  prefetchThumbnail('/no-such-thumbnail-prefetched.png', '/no-such-thumbnail-prefetched.png');
  render(<ThumbnailCanvas src="/no-such-thumbnail-prefetched.png" src2x="/no-such-thumbnail-prefetched.png" onLoad={vi.fn()} onError={onError} />);
  await expect.poll(() => onError.mock.calls.length).toBe(1);
});

test('a prefetched thumbnail is decoded before its canvas exists, and drawn without decoding again', async () => {
  const decode = vi.spyOn(window, 'createImageBitmap');
  try {
    prefetchThumbnail(squarePng, squarePng);
    // Decoded while nothing shows it yet (a thread's first screen is still being laid out).
    await expect.poll(() => decode.mock.results.length).toBe(1);
    await decode.mock.results[0]?.value;
    const onLoad = vi.fn();
    const { container } = render(<ThumbnailCanvas src={squarePng} src2x={squarePng} onLoad={onLoad} onError={vi.fn()} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(1);
    expect(canvasOf(container).width).toBe(canvasOf(container).height);
    expect(canvasOf(container).width).toBeGreaterThan(0);
    expect(decode).toHaveBeenCalledTimes(1);
  } finally {
    decode.mockRestore();
  }
});

test('a prefetched picture nobody took is let go when newer ones push it out, and asked for again when shown', async () => {
  const close = vi.spyOn(ImageBitmap.prototype, 'close');
  const { asked, spy } = recordFetches();
  const decode = vi.spyOn(window, 'createImageBitmap');
  try {
    // Nine pictures: one more than are kept waiting.
    const urls = Array.from({ length: 9 }, (_, index) => `${tinyPng}#${String(index)}`);
    for (const url of urls) prefetchThumbnail(url, url);
    await expect.poll(() => decode.mock.results.length).toBe(9);
    await Promise.allSettled(decode.mock.results.map((result) => result.value as Promise<ImageBitmap>));
    // The first one's pixels are given back; the eight others still wait for their canvas.
    await expect.poll(() => close.mock.calls.length).toBe(1);
    const onLoad = vi.fn();
    const first = urls[0] ?? '';
    render(<ThumbnailCanvas src={first} src2x={first} onLoad={onLoad} onError={vi.fn()} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(1);
    expect(asked.filter((url) => url === first)).toHaveLength(2);
    const last = urls[8] ?? '';
    render(<ThumbnailCanvas src={last} src2x={last} onLoad={onLoad} onError={vi.fn()} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(2);
    expect(asked.filter((url) => url === last)).toHaveLength(1);
    expect(close).toHaveBeenCalledTimes(1);
  } finally {
    close.mockRestore();
    spy.mockRestore();
    decode.mockRestore();
  }
});

test('draws a thumbnail the host sent with its message from those bytes, without asking for it; a 2× screen asks for its own', async () => {
  const { asked, realFetch, spy } = recordFetches();
  // The bytes sent are the picture's (square); the URLs name nothing the host could serve.
  const sent = await (await realFetch(squarePng)).blob();
  try {
    prefetchThumbnail('/sent-with-the-message.webp?h=192', '/sent-with-the-message.webp?h=384', sent);
    const onLoad = vi.fn();
    const onError = vi.fn();
    const { container } = render(<ThumbnailCanvas src="/sent-with-the-message.webp?h=192" src2x="/sent-with-the-message.webp?h=384" onLoad={onLoad} onError={onError} />);
    await expect.poll(() => onLoad.mock.calls.length).toBe(1);
    expect(canvasOf(container).width).toBe(canvasOf(container).height);
    expect(onError).not.toHaveBeenCalled();
    expect(asked).toEqual([]);
    // On a 2× screen the 1× bytes are not used: it asks for the 2× picture.
    const ratio = Object.getOwnPropertyDescriptor(window, 'devicePixelRatio');
    Object.defineProperty(window, 'devicePixelRatio', { configurable: true, value: 2 });
    try {
      prefetchThumbnail(`${landscapePng}#sent-1x`, `${landscapePng}#sent-2x`, sent);
      expect(asked).toEqual([`${landscapePng}#sent-2x`]);
    } finally {
      if (ratio === undefined) Reflect.deleteProperty(window, 'devicePixelRatio');
      else Object.defineProperty(window, 'devicePixelRatio', ratio);
    }
  } finally {
    spy.mockRestore();
  }
});

test('a prefetch settles once its picture is decoded, and without an error when it cannot be had', async () => {
  const sent = await (await fetch(landscapePng)).blob();
  const realDecode = window.createImageBitmap.bind(window);
  let sentDecoded = 0;
  const decode = vi.spyOn(window, 'createImageBitmap').mockImplementation(async (source: ImageBitmapSource) => {
    const bitmap = await realDecode(source);
    if (source === sent) sentDecoded += 1;
    return bitmap;
  });
  try {
    await prefetchThumbnail('/settles-when-decoded.webp?h=192', '/settles-when-decoded.webp?h=384', sent);
    expect(sentDecoded).toBe(1);
    await expect(prefetchThumbnail('/no-such-thumbnail-settles.png', '/no-such-thumbnail-settles.png')).resolves.toBeUndefined();
    // Named again: nothing to wait for, nothing decoded again.
    await expect(prefetchThumbnail('/settles-when-decoded.webp?h=192', '/settles-when-decoded.webp?h=384', sent)).resolves.toBeUndefined();
    expect(sentDecoded).toBe(1);
  } finally {
    decode.mockRestore();
  }
});

test('a picture decoded before its canvas mounts is drawn before the browser paints that canvas', async () => {
  await prefetchThumbnail(`${squarePng}#first-frame`, `${squarePng}#first-frame`);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  try {
    // At each frame until the canvas is in the page: is it there still blank?
    const blankAtFirstFrame: boolean[] = [];
    const watch = () => {
      const canvas = container.querySelector('canvas');
      if (canvas === null) requestAnimationFrame(watch);
      else blankAtFirstFrame.push(canvas.width === 0);
    };
    requestAnimationFrame(watch);
    // Rendered as a host's event is (React's own task), not forced through at once.
    root.render(<ThumbnailCanvas src={`${squarePng}#first-frame`} src2x={`${squarePng}#first-frame`} onLoad={vi.fn()} onError={vi.fn()} />);
    await expect.poll(() => blankAtFirstFrame.length).toBe(1);
    expect(blankAtFirstFrame).toEqual([false]);
  } finally {
    root.unmount();
    container.remove();
  }
});
