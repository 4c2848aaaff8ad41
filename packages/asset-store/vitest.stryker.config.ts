// The package's tests as Stryker runs them (stryker.conf.json): instrumented code on a busy
// machine runs several times slower than the tests' own limits allow for.
import { defineConfig, mergeConfig } from 'vitest/config';

import base from './vitest.config.ts';

export default mergeConfig(base, defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000, env: { FORGE_PROPERTY_RUNS: '50' } } }));
