// Waiting that a cancel cuts short: the models' simulated latency and retry back-off both use it.
import { ImageGenerationError } from './image-generation-error.ts';

export function cancelledError(cause?: unknown): ImageGenerationError {
  return new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.', cause });
}

/** Resolves after `milliseconds`, or rejects with a `cancelled` error as soon as the signal aborts. */
export function abortableSleep(milliseconds: number, abortSignal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted === true) {
      reject(cancelledError(abortSignal.reason));
      return;
    }
    if (milliseconds <= 0) {
      resolve();
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(abortSignal?.reason));
    };
    const timer = setTimeout(() => {
      abortSignal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    abortSignal?.addEventListener('abort', onAbort, { once: true });
  });
}
