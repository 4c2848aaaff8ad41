import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  platform: 'browser',
  // No report of the build's own timings (slow on a busy machine; it read as a warning).
  checks: { bundlerTimings: false },
  fixedExtension: true,
  deps: { neverBundle: ['react', 'react-dom', /^react\//, /^react-dom\//] },
  copy: [{ from: 'src/styles.css', to: 'dist' }],
});
