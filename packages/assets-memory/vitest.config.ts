import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@forge/source'] },
  ssr: { resolve: { conditions: ['@forge/source'] } },
  test: { include: ['src/**/*.test.ts'], setupFiles: ['src/__fixtures__/isolated-home.ts'] },
});
