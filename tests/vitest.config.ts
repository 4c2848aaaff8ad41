import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@forge/source'] },
  ssr: { resolve: { conditions: ['@forge/source'] } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    // Every test here starts the app, Chromium or codex: room for a machine 4× slower than a busy
    // two-core one (the slowest test took ~3 s there; a hook starts the app and a browser).
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and process tests share two cores: one file at a time keeps timings honest.
    fileParallelism: false,
  },
});
