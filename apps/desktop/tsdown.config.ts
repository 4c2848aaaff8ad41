import { defineConfig } from 'tsdown';

// The web host and services as a Node program (`pnpm start`, end-to-end tests).
export default defineConfig({
  entry: { 'web-host': 'src/web-host/index.ts' },
  format: 'esm',
  platform: 'node',
  // No report of the build's own timings (slow on a busy machine; it read as a warning).
  checks: { bundlerTimings: false },
  dts: false,
  clean: false,
});
