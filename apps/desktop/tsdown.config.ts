import { defineConfig } from 'tsdown';

// The web host and services as a Node program (`pnpm start`, end-to-end tests).
export default defineConfig({
  entry: { 'web-host': 'src/web-host/index.ts' },
  format: 'esm',
  platform: 'node',
  dts: false,
  clean: false,
});
