import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@forge/source'] },
  ssr: { resolve: { conditions: ['@forge/source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    // Never vitest's hidden 5 s: every test has room for a machine 4× slower than a busy two-core
    // one. Tests that start, kill or wait on processes set their own, larger timeouts.
    testTimeout: 20_000,
    hookTimeout: 30_000,
    setupFiles: ['src/__fixtures__/isolated-home.ts'],
  },
});
