import { describe, expect, it } from 'vitest';

import { ImageGenerationError } from './image-generation-error.ts';
import { loadSharp } from './load-sharp.ts';

describe('loadSharp', () => {
  it('gives sharp when it is installed', async () => {
    const sharp = await loadSharp();
    expect(typeof sharp).toBe('function');
  });

  it('names the package to install when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'sharp'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const failure = await loadSharp(() => Promise.reject(missing)).catch((error: unknown) => error);
    expect(ImageGenerationError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'invalid_request', retryable: false, cause: missing });
    expect((failure as Error).message).toContain('npm install sharp');
  });
});
