import { defineConfig, mergeConfig } from 'vitest/config';

import base from './vitest.config.ts';

// StrykerJS (`pnpm mutate`) runs only the conversations room's tests against its mutants.
export default mergeConfig(base, defineConfig({ test: { include: ['src/services/conversations/**/*.test.ts'] } }));
