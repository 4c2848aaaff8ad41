import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@forge/source'] },
  ssr: { resolve: { conditions: ['@forge/source'] } },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser and process tests share two cores: one file at a time keeps timings honest.
    fileParallelism: false,
  },
});
